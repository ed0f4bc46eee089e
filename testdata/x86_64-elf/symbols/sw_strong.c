int value(void) { return 22; }
int wvar = 20;
