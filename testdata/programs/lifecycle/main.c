/* lifecycle: constructors with and without priorities, destructors and atexit handlers in
 * several objects. The order of the printed lines is the point of this program. */
#include <stdio.h>
#include <stdlib.h>

extern int init_trace[16];
extern int init_count;
void early_register(void);

static void at_exit_main_1(void) { printf("atexit: main handler 1\n"); }
static void at_exit_main_2(void) { printf("atexit: main handler 2\n"); }

__attribute__((constructor)) static void main_ctor(void) {
    printf("ctor: main.c (default priority)\n");
    init_trace[init_count++] = 9;
}

__attribute__((destructor)) static void main_dtor(void) { printf("dtor: main.c (default priority)\n"); }

int main(void) {
    printf("main: %d constructors ran before main:", init_count);
    for (int i = 0; i < init_count; i++)
        printf(" %d", init_trace[i]);
    printf("\n");
    atexit(at_exit_main_1);
    atexit(at_exit_main_2);
    early_register();
    printf("main: returning 0\n");
    return 0;
}
