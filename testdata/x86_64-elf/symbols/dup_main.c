// Two strong definitions of dup_fn (dup_a.o, dup_b.o): a link error naming both files.
int dup_fn(void);
int main(void) { return dup_fn(); }
