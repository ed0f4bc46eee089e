int b_fn(void);
int a_fn(void) { return b_fn() + 1; }
