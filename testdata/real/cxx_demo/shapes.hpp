// cxx_demo: C++ across three objects (exceptions, static objects, virtual calls, std library).
#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct Shape {
    virtual ~Shape();
    virtual double area() const = 0;
    virtual std::string name() const = 0;
    virtual int corners() const { return 0; }
};

// Thrown in shapes.cpp, caught in main.cpp: its typeinfo and vtable live in shapes.o.
class ShapeError : public std::runtime_error {
public:
    ShapeError(const std::string &what, int code);
    ~ShapeError() override;
    int code() const { return code_; }

private:
    int code_;
};

std::unique_ptr<Shape> make_shape(const std::string &kind, double size);
double total_area(const std::vector<std::unique_ptr<Shape>> &shapes);

// registry.cpp
struct Tracer {
    explicit Tracer(const char *name);
    ~Tracer();
    const char *name;
};
void record(const std::string &kind);
void print_counts();
int checked_lookup(const std::vector<int> &v, std::size_t i);
