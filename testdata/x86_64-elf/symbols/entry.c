// Entry point: the default entry main returns 85; with -entry other, other returns 84.
int other(void) { return 84; }
int main(void) { return 85; }
