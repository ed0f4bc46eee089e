// cxx_thread_local/once.cc: std::call_once. libstdc++'s call_once passes the callable through
// its own TLS variables (std::__once_callable and std::__once_call, defined in libstdc++.so),
// so this object has initial-exec references to TLS symbols of a shared library.
#include <mutex>
#include "tracer.h"

std::atomic<int> global_once_runs{0}, thread_once_runs{0};
static std::once_flag global_flag;

void global_once(const char *who) {
    std::call_once(global_flag, [who] {
        global_once_runs++;
        log_line("call_once(global_flag) body, first caller %s", who);
    });
}

int per_thread_once() {
    static thread_local std::once_flag flag;
    static thread_local int runs_here;
    std::call_once(flag, [] {
        thread_once_runs++;
        runs_here++;
        log_line("call_once(thread_local flag) body");
    });
    return runs_here;
}
