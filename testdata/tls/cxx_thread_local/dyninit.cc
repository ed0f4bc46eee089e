// cxx_thread_local/dyninit.cc: a thread_local int with a dynamic initialiser, run lazily, once
// in each thread that uses the variable.
#include "tracer.h"

std::atomic<int> compute_calls{0};

static int compute() {
    int n = ++compute_calls;
    log_line("compute() for tl_dyn, call %d", n);
    return 10 * n;
}

thread_local int tl_dyn = compute();

int dyn_value() { return tl_dyn; }
int *dyn_addr() { return &tl_dyn; }
