// cxx_thread_local/tracer.cc: the Tracer class and its thread_local instances.
#include <cstdarg>
#include <cstdio>
#include "tracer.h"

std::atomic<int> tracers_constructed{0}, tracers_destroyed{0};
static std::atomic<int> next_serial{1};

void log_line(const char *fmt, ...) {
    std::printf("[%s] ", thread_label);
    va_list ap;
    va_start(ap, fmt);
    std::vprintf(fmt, ap);
    va_end(ap);
    std::printf("\n");
    std::fflush(stdout);
}

Tracer::Tracer(const char *w) : what(w), serial(next_serial++) {
    tracers_constructed++;
    log_line("Tracer(%s) #%d constructed", what, serial);
}

Tracer::~Tracer() {
    tracers_destroyed++;
    log_line("~Tracer(%s) #%d destroyed after %d touches", what, serial, touches);
}

thread_local Tracer tl_tracer("tl_tracer");

int local_tracer_touch() {
    static thread_local Tracer local("function-local");
    local.touch();
    return local.touches;
}
