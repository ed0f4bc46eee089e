// Weak definitions in the same object as the reference: a strong definition in another object
// (sw_strong.o) still wins, so main returns 22 + 20 = 42 with it and 11 + 1 = 12 alone.
__attribute__((weak)) int value(void) { return 11; }
__attribute__((weak)) int wvar = 1;
int main(void) { return value() + wvar; }
