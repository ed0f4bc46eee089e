#include <stdarg.h>
int my_printf(const char *fmt, ...);
int my_vprintf(const char *fmt, va_list ap);
long sum_longs(int n, ...);
double mean_doubles(int n, ...);
