/* crash: main dereferences a null pointer after printing (and flushing) one line. Run
 * remotely, the executor dies of SIGSEGV and rjitlink must say so, not hang or crash itself. */
#include <stdio.h>

int main(void) {
    int *volatile p = 0; /* volatile: the compiler cannot see that p is null */
    printf("crash: dereferencing a null pointer\n");
    fflush(stdout);
    return *p;
}
