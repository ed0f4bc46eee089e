// cxx_thread_local: C++ thread_local objects with constructors and destructors, dynamic
// initialisation, and std::call_once (which uses libstdc++'s own TLS), from the main thread and
// from std::threads. Threads run one at a time (each is joined before the next starts), so the
// printed order is fixed.
#pragma once
#include <atomic>

struct Tracer {
    explicit Tracer(const char *what);
    ~Tracer();
    void touch() { touches++; }
    const char *what;
    int serial;
    int touches = 0;
};

// tracer.cc
extern thread_local Tracer tl_tracer;     // non-trivial constructor and destructor
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int local_tracer_touch();                 // a function-local static thread_local Tracer
extern std::atomic<int> tracers_constructed, tracers_destroyed;

// main.cc
extern thread_local const char *thread_label; // constant-initialised ("main")

// dyninit.cc
extern thread_local int tl_dyn;           // = compute(): dynamic initialisation, lazy per thread
extern std::atomic<int> compute_calls;
int dyn_value();                          // tl_dyn, read inside dyninit.cc
int *dyn_addr();

// once.cc
void global_once(const char *who);        // std::call_once on a global once_flag
int per_thread_once();                    // std::call_once on a thread_local once_flag
extern std::atomic<int> global_once_runs, thread_once_runs;
