#include "shapes.hpp"

#include <iostream>
#include <map>

Tracer::Tracer(const char *name) : name(name) { std::cout << "construct " << name << std::endl; }
Tracer::~Tracer() { std::cout << "destroy " << name << std::endl; }

static Tracer registry_tracer("registry.cpp");

// A function-local static map: constructed on first use, destroyed at exit.
static std::map<std::string, int> &counts() {
    static std::map<std::string, int> m;
    return m;
}

void record(const std::string &kind) { ++counts()[kind]; }

void print_counts() {
    std::cout << "requests:";
    for (const auto &[kind, n] : counts())
        std::cout << ' ' << kind << '=' << n;
    std::cout << '\n';
}

int checked_lookup(const std::vector<int> &v, std::size_t i) {
    return v.at(i); // std::out_of_range is thrown from inside libstdc++
}
