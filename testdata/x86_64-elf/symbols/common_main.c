// Common symbols: common_a.o has cbuf as 24 bytes aligned to 64, common_b.o as 48 bytes aligned
// to 8. The merged symbol takes the largest size (48) and the largest alignment (64), and both
// objects see one address. Exit: 1 if the addresses differ, 2 if not 64-aligned, else the size (48).
#include <stdint.h>
char *a_addr(void);
char *b_addr(void);
int cbuf_size(void);
int main(void) {
  if (a_addr() != b_addr())
    return 1;
  if ((uintptr_t)a_addr() & 63)
    return 2;
  return cbuf_size();
}
