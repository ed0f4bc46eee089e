// -abs abs_marker=0x12345678: main returns 71 when abs_marker's address is exactly that value.
#include <stdint.h>
extern char abs_marker[];
int main(void) {
  char *volatile p = abs_marker;
  return (uintptr_t)p == 0x12345678 ? 71 : 1;
}
