#include <stdio.h>
#include <string.h>

int shared_count;        /* common, merged with main.c's */
char scratch[48];        /* common */
double common_total;     /* common */

int tunable = 42;        /* overrides the weak definition in weak.c */

const char *greeting(void) { return "strong greeting"; }

const char *const motto = "the same literal in two objects";

const char *banner(void) { return "== symbols =="; }

void bump(int n) {
    shared_count += n;
    common_total += n * 1.5;
    size_t len = strlen(scratch);
    snprintf(scratch + len, sizeof scratch - len, "%sbump(%d)", len ? "," : "", n);
}
