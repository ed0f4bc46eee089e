/* Lazy unit a: first entered from main through make_big (large struct returned through
   memory: hidden pointer in rdi / x8); calls into b.c (lazy-to-lazy, including a tail call
   in the is_even_n/is_odd_n mutual recursion) and takes its own &a_fn for identity. */
#include <stdarg.h>
#include "calls.h"

int a_fn(int x) { return x * 3 + 1; }
void *addr_of_a_fn(void) { return (void *)&a_fn; }
int a_calls_b(int x) { return b_fn(x) * 10 + a_fn(x); }
int is_even_n(int n) { return n == 0 ? 1 : is_odd_n(n - 1); }

/* 10 integer arguments: 4 on the stack on x86_64, 2 on aarch64. */
long many_ints(long a, int b, signed char c, short d, long e, int f, signed char g,
               unsigned short h, long i, int j) {
    long r = a;
    r = r * 31 + b; r = r * 31 + c; r = r * 31 + d; r = r * 31 + e;
    r = r * 31 + f; r = r * 31 + g; r = r * 31 + h; r = r * 31 + i;
    return r * 31 + j;
}

int vsum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int k = 0; k < n; k++) s += va_arg(ap, int) * (k + 1);
    va_end(ap);
    return s;
}

struct big make_big(long seed) {
    struct big b;
    for (int k = 0; k < 12; k++) b.v[k] = seed * (k + 1) - k * k;
    return b;
}
