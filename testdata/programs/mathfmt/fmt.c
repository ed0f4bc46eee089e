/* A small printf-like formatter on top of va_list: %d %ld %u %x %s %c %f (as %.6f) %%. */
#include <stdio.h>
#include "fmt.h"

static int out_str(const char *s) {
    int n = 0;
    while (*s) {
        putchar(*s++);
        n++;
    }
    return n;
}

int my_vprintf(const char *fmt, va_list ap) {
    char buf[64];
    int n = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            putchar(*p);
            n++;
            continue;
        }
        switch (*++p) {
        case 'd': snprintf(buf, sizeof buf, "%d", va_arg(ap, int)); break;
        case 'l': p++; snprintf(buf, sizeof buf, "%ld", va_arg(ap, long)); break;
        case 'u': snprintf(buf, sizeof buf, "%u", va_arg(ap, unsigned)); break;
        case 'x': snprintf(buf, sizeof buf, "%x", va_arg(ap, unsigned)); break;
        case 'c': buf[0] = (char)va_arg(ap, int); buf[1] = 0; break;
        case 's': n += out_str(va_arg(ap, const char *)); continue;
        case 'f': snprintf(buf, sizeof buf, "%.6f", va_arg(ap, double)); break;
        case '%': buf[0] = '%'; buf[1] = 0; break;
        default: buf[0] = '?'; buf[1] = 0; break;
        }
        n += out_str(buf);
    }
    return n;
}

int my_printf(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = my_vprintf(fmt, ap);
    va_end(ap);
    return n;
}

long sum_longs(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, long);
    va_end(ap);
    return s;
}

double mean_doubles(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, double);
    va_end(ap);
    return n ? s / n : 0.0;
}
