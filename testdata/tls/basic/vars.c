/* basic/vars.c: the thread-local definitions. Initialised ones go to .tdata, zero ones to
 * .tbss; tls_ptr and tls_name are .tdata words that need a relocation (R_X86_64_64 /
 * R_AARCH64_ABS64 against a global and a string) applied to the TLS initialisation image. */
#include "basic.h"

int global_target = 77;
int global_other = 88;

__thread int tls_init = 42;
_Thread_local int tls_zero;
__thread long tls_array[8] = {1, 2, 5, 10, 17, 26, 37, 50};
__thread struct rec tls_rec = {7, -3, "seven", 0.5};
_Alignas(64) __thread int tls_aligned = 64;
_Alignas(64) _Thread_local unsigned char tls_aligned_zero[64];
__thread unsigned char tls_big_zero[4096];
__thread int *tls_ptr = &global_target;
__thread const char *tls_name = "initial";

/* File-local: only reachable through the functions below. */
static __thread int vars_static = 9;
static _Thread_local long vars_static_zero;

int *vars_static_addr(void) { return &vars_static; }

int vars_static_get(void) { return vars_static + (int)vars_static_zero; }

void vars_static_add(int n) {
    vars_static += n;
    vars_static_zero += 0; /* keep the .tbss static in use */
}

/* Addresses taken in this object (local-exec here) to compare with the same addresses taken in
 * other objects (initial-exec there). */
__attribute__((noinline)) void *vars_addr_of(int which) {
    switch (which) {
    case 0: return &tls_init;
    case 1: return &tls_zero;
    case 2: return &tls_aligned;
    case 3: return &vars_static;
    case 4: return &tls_big_zero[4095];
    case 5: return &vars_static_zero;
    default: return 0;
    }
}
