__attribute__((weak)) int value(void) { return 11; }
__attribute__((weak)) int wvar = 1;
