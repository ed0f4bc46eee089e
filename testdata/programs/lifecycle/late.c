#include <stdio.h>

extern int init_trace[16];
extern int init_count;

__attribute__((constructor(200))) static void ctor_200(void) {
    printf("ctor: late.c priority 200\n");
    init_trace[init_count++] = 2;
}

__attribute__((constructor(65535))) static void ctor_65535(void) {
    printf("ctor: late.c priority 65535\n");
    init_trace[init_count++] = 7;
}

__attribute__((destructor(200))) static void dtor_200(void) { printf("dtor: late.c priority 200\n"); }
__attribute__((destructor)) static void dtor_default(void) { printf("dtor: late.c (default priority)\n"); }
