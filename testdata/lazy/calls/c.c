/* Lazy unit c: cmp_int's address is taken in main and its first call comes from libc's
   qsort; is_sorted is called directly afterwards. */
#include "calls.h"

int cmp_int(const void *p, const void *q) {
    int a = *(const int *)p, b = *(const int *)q;
    return (a > b) - (a < b);
}

int is_sorted(const int *v, int n) {
    for (int k = 1; k < n; k++)
        if (v[k - 1] > v[k]) return 0;
    return 1;
}
