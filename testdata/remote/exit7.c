/* exit7: main calls exit(7) instead of returning; an atexit handler runs on the way out. */
#include <stdio.h>
#include <stdlib.h>

static void on_exit_handler(void) { printf("atexit: handler ran\n"); }

int main(void) {
    atexit(on_exit_handler);
    printf("main: calling exit(7)\n");
    exit(7);
}
