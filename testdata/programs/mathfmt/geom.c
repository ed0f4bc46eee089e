/* Floating point helpers calling libm. */
#include <math.h>

const double sample_values[] = {2.0, 0.5, 10.0, 3.14159265358979, -1.25};
const int sample_count = 5;
float scale_factor = 2.5f;

double hypotenuse(double a, double b) { return sqrt(a * a + b * b); }
double wave(double x) { return sin(x) * cos(x / 2) + exp(-x); }
double root_sum(const double *v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sqrt(fabs(v[i]));
    return s;
}
float scaled(float x) { return x * scale_factor + 0.125f; }
double power_log(double b, double e) { return pow(b, e) + log(b); }
