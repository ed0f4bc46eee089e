// Built with -fcommon: `.comm cbuf,48,8` (larger size, smaller alignment).
long cbuf[6];
char *b_addr(void) { return (char *)cbuf; }
