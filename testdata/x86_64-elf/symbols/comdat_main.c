// See comdat_a.s. main returns foo() as seen from both objects, or 1 if they disagree.
int a_get(void);
int b_get(void);
int main(void) {
  int a = a_get(), b = b_get();
  return a == b ? a : 1;
}
