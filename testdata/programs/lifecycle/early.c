#include <stdio.h>
#include <stdlib.h>

int init_trace[16];
int init_count;

static void at_exit_from_ctor(void) { printf("atexit: registered by a constructor\n"); }
static void at_exit_early(void) { printf("atexit: registered by early_register\n"); }

__attribute__((constructor(101))) static void ctor_101(void) {
    printf("ctor: early.c priority 101\n");
    init_trace[init_count++] = 1;
}

__attribute__((constructor(300))) static void ctor_300(void) {
    printf("ctor: early.c priority 300\n");
    init_trace[init_count++] = 3;
    atexit(at_exit_from_ctor);
}

__attribute__((constructor)) static void ctor_default(void) {
    printf("ctor: early.c (default priority)\n");
    init_trace[init_count++] = 8;
}

__attribute__((destructor(101))) static void dtor_101(void) { printf("dtor: early.c priority 101\n"); }
__attribute__((destructor(300))) static void dtor_300(void) { printf("dtor: early.c priority 300\n"); }

void early_register(void) { atexit(at_exit_early); }
