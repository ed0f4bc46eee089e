/* Eager unit of `calls`: makes the first calls into the lazy units (a.c via make_big, b.c
   via vdsum, c.c via qsort calling cmp_int, data.c via data references), keeps values live
   across them (callee-saved registers) and checks the identity of &a_fn. */
#include <stdio.h>
#include <stdlib.h>
#include "calls.h"

int main_helper(int x) { return x * x; }

static const char *eq(void *p, void *q) { return p == q ? "equal" : "DIFFERENT"; }

int main(void) {
    void *volatile main_view = (void *)&a_fn; /* stored before any call into a.c */
    volatile int seed = 7;
    long k1 = seed * 1000003L, k2 = seed ^ 0x5a5a, sum = 0;
    double kd = seed * 0.25;

    struct big bg = make_big(k1 % 1000); /* first call into a.c */
    long bs = 0;
    for (int k = 0; k < 12; k++) bs += bg.v[k];
    printf("make_big: v[0]=%ld v[11]=%ld sum=%ld\n", bg.v[0], bg.v[11], bs);
    printf("live after a.c: k1=%ld k2=%ld kd=%.6f\n", k1, k2, kd);
    double vd = vdsum(6, 1.5, -2.25, 3.0, 0.125, kd, 10.0); /* first call into b.c */
    printf("vdsum: %.6f\n", vd);
    printf("live after b.c: k1=%ld k2=%ld kd=%.6f\n", k1, k2, kd);
    sum += bs + (long)(vd * 1000) + k1 + k2;

    int vs = vsum(5, 10, -20, 30, seed, 50);
    long mi = many_ints(1, -2, -3, -4, 5L << 33, 6, 7, 65535, -9, 10);
    double md = many_doubles(0.5, 1, 1.25, -2.0, 2, 3.5, 4.0, -5.5, 3, 6.0, 7.25, 8.0, -9.5, 4);
    struct pair pr = make_pair(seed, 40);
    printf("vsum: %d\nmany_ints: %ld\nmany_doubles: %.6f\n", vs, mi, md);
    printf("make_pair: x=%d y=%d\n", pr.x, pr.y);
    sum += vs + mi + (long)(md * 1000) + pr.x * 7 + pr.y;

    int ab = a_calls_b(4), bh = b_uses_helper(6);
    int ev25 = is_even_n(25), ev24 = is_even_n(24), od7 = is_odd_n(7);
    printf("a_calls_b(4): %d\nb_uses_helper(6): %d\n", ab, bh);
    printf("is_even_n(25)=%d is_even_n(24)=%d is_odd_n(7)=%d\n", ev25, ev24, od7);
    sum += ab + bh + ev25 * 2 + ev24 * 4 + od7 * 8;

    printf("identity: %s (main vs a.c's own)\n", eq(main_view, addr_of_a_fn()));
    printf("identity: %s (main vs b.c)\n", eq(main_view, b_addr_of_a_fn()));
    int via = ((int (*)(int))main_view)(5);
    printf("call via main's &a_fn: %d (a_fn(5)=%d)\n", via, a_fn(5));
    sum += via;

    int v[10] = {42, -7, 19, 0, 3, 3, -100, 88, 5, 1};
    qsort(v, 10, sizeof v[0], cmp_int); /* first call into c.c, from libc */
    printf("sorted:");
    for (int k = 0; k < 10; k++) printf(" %d", v[k]), sum += v[k] * (k + 1);
    printf("\nis_sorted: %d\n", is_sorted(v, 10));

    printf("table:");
    for (int k = 0; k < 8; k++) printf(" %d", table[k]);
    printf("\ngreeting: %s\n", greeting);
    table[7] = 60;
    int ts = table_sum();
    printf("table_sum after table[7]=60: %d\n", ts);
    sum += ts;

    printf("live at end: k1=%ld k2=%ld kd=%.6f\n", k1, k2, kd);
    printf("checksum: %ld\n", sum);
    return (int)(sum & 0x3f);
}
