// Prints argc and each argv[i], then returns argc (or 100 if argv[argc] is not NULL).
#include <stdio.h>
int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++)
    printf("argv[%d]=%s\n", i, argv[i]);
  fflush(stdout);
  return argv[argc] == NULL ? argc : 100;
}
