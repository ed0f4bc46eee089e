int extra_fn(void) { return 5; }
