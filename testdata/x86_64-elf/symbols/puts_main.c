// Calls puts from the host process: prints a line and returns 74. With -no-process-syms, puts is
// undefined and the link fails.
#include <stdio.h>
int main(void) {
  puts("hello from puts");
  fflush(stdout);
  return 74;
}
