#include <stdio.h>
#include "fmt.h"

extern const double sample_values[];
extern const int sample_count;
double hypotenuse(double a, double b);
double wave(double x);
double root_sum(const double *v, int n);
float scaled(float x);
double power_log(double b, double e);

int main(void) {
    my_printf("%s: %d %ld %u %x %c %f %%\n", "mixed", -42, 1234567890123L, 4000000000u, 0xbeef,
              'Z', 2.718281828459045);
    my_printf("many doubles: %f %f %f %f %f %f %f %f %f %f\n", 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,
              0.7, 0.8, 0.9, 1.0);
    printf("sum_longs = %ld\n", sum_longs(6, 1L, 2L, 3L, 40000000000L, -5L, 6L));
    printf("mean_doubles = %.6f\n", mean_doubles(4, 1.5, 2.25, -3.0, 10.125));

    for (int i = 0; i < sample_count; i++) {
        double v = sample_values[i];
        printf("v=%.6f hyp=%.6f wave=%.6f scaled=%.6f\n", v, hypotenuse(v, 1.0), wave(v),
               (double)scaled((float)v));
    }
    printf("root_sum = %.6f\n", root_sum(sample_values, sample_count));
    printf("power_log(3, 2.5) = %.6f\n", power_log(3.0, 2.5));
    printf("formatted: [%8.3f] [%-8.2e] [%g]\n", hypotenuse(3, 4), wave(1.0), scaled(0.5f));
    return 0;
}
