/* Lazy unit b: first entered from main through vdsum (doubles through `...`, so %al must
   survive on x86_64); calls main_helper in main.c (lazy-to-eager), is_even_n in a.c and
   takes a.c's &a_fn (must equal main's and a.c's own). */
#include <stdarg.h>
#include "calls.h"

int b_fn(int x) { return x + 100; }
int b_uses_helper(int x) { return main_helper(x) + 1; }
int is_odd_n(int n) { return n == 0 ? 0 : is_even_n(n - 1); }
void *b_addr_of_a_fn(void) { return (void *)&a_fn; }

/* 10 doubles (2 on the stack on both architectures) and 4 ints interleaved. */
double many_doubles(double d0, int i0, double d1, double d2, int i1, double d3, double d4,
                    double d5, int i2, double d6, double d7, double d8, double d9, int i3) {
    double r = d0;
    r = r * 3 + d1; r = r * 3 + d2; r = r * 3 + d3; r = r * 3 + d4; r = r * 3 + d5;
    r = r * 3 + d6; r = r * 3 + d7; r = r * 3 + d8; r = r * 3 + d9;
    return r + i0 * 1000 + i1 * 100 + i2 * 10 + i3;
}

double vdsum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int k = 0; k < n; k++) s += va_arg(ap, double) * (k + 1);
    va_end(ap);
    return s;
}

struct pair make_pair(int x, int y) {
    struct pair p = {x * 2, y - x};
    return p;
}
