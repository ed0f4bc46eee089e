// Built with -fcommon: `.comm cbuf,24,64` (smaller size, larger alignment).
__attribute__((aligned(64))) char cbuf[24];
char *a_addr(void) { return cbuf; }
