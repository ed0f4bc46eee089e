/* ctor_abort: a constructor prints (and flushes) one line, then aborts; main never runs. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void aborting_ctor(void) {
    printf("ctor: about to abort\n");
    fflush(stdout);
    abort();
}

int main(void) {
    printf("main: must not run\n");
    return 0;
}
