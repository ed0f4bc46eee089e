// -phony-externals: the unresolved (non-weak) externals missing_var and missing_fn resolve to 0.
// Their addresses go through volatile variables so the compiler cannot fold the comparisons.
extern int missing_var;
int missing_fn(void);
int main(void) {
  int *volatile v = &missing_var;
  int (*volatile f)(void) = missing_fn;
  return (v == 0 && f == 0) ? 73 : 1;
}
