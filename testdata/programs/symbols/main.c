/* symbols: weak definitions overridden across objects, weak undefined references, common
 * (-fcommon) symbols defined tentatively in several objects, string literals used by several
 * objects. Built with -fcommon. */
#include <stdio.h>
#include <string.h>

/* Tentative definitions: with -fcommon these become SHN_COMMON symbols in every object. */
int shared_count;
char scratch[48];
double common_total;

const char *greeting(void);     /* weak in weak.c, strong in strong.c */
const char *farewell(void);     /* only weak, in weak.c */
extern int tunable;             /* weak in weak.c, strong in strong.c */
extern int weak_default_value;  /* only weak, in weak.c */
extern void never_defined(void) __attribute__((weak));
extern int never_defined_data __attribute__((weak));

extern const char *const motto;
const char *banner(void);
void bump(int n);

int main(void) {
    printf("%s\n", banner());
    printf("greeting: %s\n", greeting());
    printf("farewell: %s\n", farewell());
    printf("tunable: %d, weak_default_value: %d\n", tunable, weak_default_value);
    printf("never_defined is %s\n", never_defined ? "defined" : "null");
    printf("&never_defined_data is %s\n", &never_defined_data ? "defined" : "null");

    shared_count = 5;
    bump(3);
    bump(4);
    printf("shared_count: %d\n", shared_count);
    printf("scratch: \"%s\" (%zu bytes)\n", scratch, sizeof scratch);
    printf("common_total: %.2f\n", common_total);

    /* The same literal is spelled in strong.c; compare contents, not addresses. */
    printf("motto: %s (matches: %s)\n", motto,
           strcmp(motto, "the same literal in two objects") == 0 ? "yes" : "no");
    return shared_count == 12 ? 0 : 1;
}
