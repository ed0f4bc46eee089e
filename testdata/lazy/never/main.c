/* Eager unit of `never`: never calls anything in the lazy unit unused.c, so its undefined
   reference to missing_function must never be resolved (no error, exit 0). */
#include <stdio.h>

int main(void) {
    printf("never: lazy unit not used\n");
    return 0;
}
