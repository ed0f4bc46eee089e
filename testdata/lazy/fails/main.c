/* Eager unit of `fails`: prints "before", then calls into the lazy unit bad.c, whose
   linking must fail (undefined missing_function) when bad_entry is first called. */
#include <stdio.h>

int bad_entry(int x); /* bad.c (lazy) */

int main(void) {
    printf("before\n");
    fflush(stdout);
    printf("bad_entry(1) = %d\n", bad_entry(1));
    return 0;
}
