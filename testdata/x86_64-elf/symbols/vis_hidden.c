__attribute__((visibility("hidden"))) int hidden_fn(void) { return 30; }
