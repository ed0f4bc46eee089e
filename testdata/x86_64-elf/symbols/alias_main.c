// -alias alias_fn=real_fn: alias_fn is not defined anywhere; the alias makes the call reach real_fn.
int alias_fn(void);
int real_fn(void) { return 72; }
int main(void) { return alias_fn(); }
