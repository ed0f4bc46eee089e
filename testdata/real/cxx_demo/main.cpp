#include "shapes.hpp"

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>

static Tracer main_tracer("main.cpp");

int main() {
    std::cout << "main starts" << std::endl;
    std::vector<std::unique_ptr<Shape>> shapes;
    const std::pair<const char *, double> requests[] = {
        {"square", 2.0}, {"circle", 1.5}, {"hexagon", 1.0}, {"triangle", 3.0},
        {"circle", -1.0}, {"square", 0.5}, {"blob", 2.0},
    };
    int errors = 0;
    for (const auto &[kind, size] : requests) {
        try {
            shapes.push_back(make_shape(kind, size));
            const Shape &s = *shapes.back();
            std::cout << "made " << s.name() << " with " << s.corners() << " corners, area "
                      << std::fixed << std::setprecision(4) << s.area() << '\n';
        } catch (const ShapeError &e) {
            ++errors;
            std::cout << "ShapeError: " << e.what() << " (code " << e.code() << ")\n";
        } catch (const std::exception &e) {
            ++errors;
            std::cout << "std::exception: " << e.what() << '\n';
        }
    }

    std::sort(shapes.begin(), shapes.end(),
              [](const auto &a, const auto &b) { return a->area() < b->area(); });
    std::string order;
    for (const auto &s : shapes)
        order += (order.empty() ? "" : " < ") + s->name();
    std::cout << "by area: " << order << '\n';
    std::cout << "total area: " << total_area(shapes) << '\n';
    print_counts();

    std::vector<int> v(10);
    std::iota(v.begin(), v.end(), 1);
    std::map<bool, std::vector<int>> parity;
    for (int x : v)
        parity[x % 2 == 0].push_back(x * x);
    std::ostringstream os;
    for (const auto &[even, xs] : parity) {
        os << (even ? "even squares:" : "odd squares:");
        for (int x : xs)
            os << ' ' << x;
        os << "; ";
    }
    std::cout << os.str() << '\n';

    try {
        std::cout << "v.at(3) = " << checked_lookup(v, 3) << '\n';
        std::cout << "v.at(42) = " << checked_lookup(v, 42) << '\n';
    } catch (const std::out_of_range &e) {
        ++errors;
        std::cout << "out_of_range caught\n";
    }

    try {
        try {
            make_shape("pentagon", 1.0);
        } catch (...) {
            std::cout << "rethrowing\n";
            throw;
        }
    } catch (const std::runtime_error &e) {
        ++errors;
        std::cout << "caught rethrown: " << e.what() << '\n';
    }

    std::cout << "errors: " << errors << ", main returns " << errors + 10 << std::endl;
    return errors + 10;
}
