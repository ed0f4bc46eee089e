// cxx_thread_local/main.cc: uses the thread_locals from the main thread and from three
// std::threads, one at a time: two use everything, the third ("idle") uses only call_once, so
// neither tl_tracer nor tl_dyn is ever constructed in it. Each thread's destructors must run
// when that thread exits (before join returns); the main thread's run after main returns, before
// static destructors. Exit status 0 if every check passed, 3 otherwise.
#include <cstdio>
#include <thread>
#include "tracer.h"

thread_local const char *thread_label = "main";

static int failures;

static void check(bool ok, const char *what) {
    log_line("check: %s: %s", what, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

// A static object whose destructor runs after the main thread's thread_local destructors.
static struct StaticWitness {
    ~StaticWitness() {
        log_line("static destructor: tracers constructed %d, destroyed %d", tracers_constructed.load(),
                 tracers_destroyed.load());
    }
} witness;

struct Seen {
    int dyn_here, dyn_there, local_touches, tracer_touches, once_runs;
    bool dyn_same_addr;
};

static Seen use_everything(const char *who) {
    Seen s{};
    tl_tracer.touch();
    tl_tracer.touch();
    s.tracer_touches = tl_tracer.touches;
    local_tracer_touch();
    s.local_touches = local_tracer_touch();
    s.dyn_here = tl_dyn;          // through tl_dyn's TLS wrapper function (_ZTW6tl_dyn)
    s.dyn_there = dyn_value();    // inside dyninit.cc
    s.dyn_same_addr = &tl_dyn == dyn_addr();
    global_once(who);
    per_thread_once();
    s.once_runs = per_thread_once();
    log_line("tl_dyn=%d (dyninit.cc sees %d, same address: %s), tl_tracer #%d touched %d times, "
             "function-local touched %d times, per-thread call_once ran %d time(s)",
             s.dyn_here, s.dyn_there, s.dyn_same_addr ? "yes" : "no", tl_tracer.serial,
             s.tracer_touches, s.local_touches, s.once_runs);
    return s;
}

int main() {
    log_line("main starts: compute() has run %d times, %d tracers constructed", compute_calls.load(),
             tracers_constructed.load());
    Seen m = use_everything("main");
    int *main_dyn = dyn_addr();
    Tracer *main_tracer = &tl_tracer;

    const char *labels[] = {"thread 1", "thread 2"};
    Seen seen[2];
    int *dyn_addrs[2];
    Tracer *tracer_addrs[2];
    for (int i = 0; i < 2; i++) {
        std::thread t([&, i] {
            thread_label = labels[i];
            log_line("thread starts");
            seen[i] = use_everything(labels[i]);
            dyn_addrs[i] = dyn_addr();
            tracer_addrs[i] = &tl_tracer;
            log_line("thread returns");
        });
        t.join();
        log_line("joined %s: compute() has run %d times, tracers constructed %d, destroyed %d",
                 labels[i], compute_calls.load(), tracers_constructed.load(),
                 tracers_destroyed.load());
    }
    int idle_once = 0;
    std::thread idle([&] {
        thread_label = "idle thread";
        log_line("thread starts, uses only call_once");
        global_once("idle thread");
        idle_once = per_thread_once();
        log_line("thread returns");
    });
    idle.join();
    log_line("joined idle thread: compute() has run %d times, tracers constructed %d, destroyed %d",
             compute_calls.load(), tracers_constructed.load(), tracers_destroyed.load());

    check(m.dyn_here == 10 && seen[0].dyn_here == 20 && seen[1].dyn_here == 30,
          "tl_dyn initialised once per thread, in order");
    check(m.dyn_here == m.dyn_there && seen[0].dyn_here == seen[0].dyn_there &&
              seen[1].dyn_here == seen[1].dyn_there && m.dyn_same_addr && seen[0].dyn_same_addr &&
              seen[1].dyn_same_addr,
          "tl_dyn is the same variable in main.cc and dyninit.cc");
    int calls_before = compute_calls;
    int main_again = tl_dyn; // already initialised in this thread: no fourth compute()
    check(calls_before == 3 && main_again == 10 && compute_calls == 3,
          "compute() ran 3 times (not in the idle thread, not again in main)");
    // (Threads 1 and 2 never overlap, so they may reuse each other's TLS memory; only the main
    // thread's copies are alive at the same time as theirs.)
    check(main_dyn != dyn_addrs[0] && main_dyn != dyn_addrs[1] && main_dyn == dyn_addr(),
          "the threads had their own tl_dyn, not the main thread's");
    check(main_tracer == &tl_tracer && main_tracer != tracer_addrs[0] && main_tracer != tracer_addrs[1],
          "the threads had their own tl_tracer, not the main thread's");
    check(tracers_constructed == 6 && tracers_destroyed == 4,
          "6 tracers constructed, the 4 of the finished threads destroyed");
    check(global_once_runs == 1 && thread_once_runs == 4 && m.once_runs == 1 &&
              seen[0].once_runs == 1 && seen[1].once_runs == 1 && idle_once == 1,
          "call_once: global body once, thread_local body once per thread");
    check(m.tracer_touches == 2 && seen[0].tracer_touches == 2 && seen[1].tracer_touches == 2 &&
              m.local_touches == 2 && seen[0].local_touches == 2 && seen[1].local_touches == 2,
          "touch counts are per thread");
    tl_tracer.touch();
    if (failures) {
        log_line("cxx_thread_local: %d check(s) FAILED", failures);
        return 3;
    }
    log_line("cxx_thread_local: all checks passed; main returns, its thread_locals die next");
    return 0;
}
