// Undefined symbols: undef_main.o references missing_alpha and missing_beta, undef_other.o
// references missing_gamma. The link fails with one error listing all three, each with the object
// that references it.
extern int missing_alpha;
int missing_beta(void);
int other_fn(void);
int main(void) { return missing_alpha + missing_beta() + other_fn(); }
