// Must never be loaded from liblazy.a: nothing needs ctor_probe (ar_main.o defines it weak).
#include <unistd.h>
int ctor_probe(void) { return 7; }
__attribute__((constructor)) static void ctor_side_effect(void) { _exit(99); }
