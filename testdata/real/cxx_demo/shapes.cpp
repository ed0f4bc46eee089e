#include "shapes.hpp"

#include <cmath>
#include <iostream>

Shape::~Shape() = default;

ShapeError::ShapeError(const std::string &what, int code) : std::runtime_error(what), code_(code) {}
ShapeError::~ShapeError() = default;

static Tracer shapes_tracer("shapes.cpp");

namespace {
struct Circle : Shape {
    explicit Circle(double r) : r(r) {}
    double area() const override { return M_PI * r * r; }
    std::string name() const override { return "circle"; }
    double r;
};

struct Square : Shape {
    explicit Square(double s) : s(s) {}
    double area() const override { return s * s; }
    std::string name() const override { return "square"; }
    int corners() const override { return 4; }
    double s;
};

struct Triangle : Shape {
    explicit Triangle(double s) : s(s) {}
    double area() const override { return std::sqrt(3.0) / 4 * s * s; }
    std::string name() const override { return "triangle"; }
    int corners() const override { return 3; }
    double s;
};
} // namespace

std::unique_ptr<Shape> make_shape(const std::string &kind, double size) {
    record(kind);
    if (size <= 0)
        throw std::invalid_argument("size must be positive, got " + std::to_string(size));
    if (kind == "circle")
        return std::make_unique<Circle>(size);
    if (kind == "square")
        return std::make_unique<Square>(size);
    if (kind == "triangle")
        return std::make_unique<Triangle>(size);
    throw ShapeError("unknown shape '" + kind + "'", static_cast<int>(kind.size()));
}

double total_area(const std::vector<std::unique_ptr<Shape>> &shapes) {
    double sum = 0;
    for (const auto &s : shapes)
        sum += s->area();
    return sum;
}
