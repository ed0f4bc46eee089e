/* Lazy unit data: globals read and written directly by main (data references from the
   eager unit into a lazy unit) and a function that must see the same storage. */
#include "calls.h"

int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};
const char *greeting = "hello from data.c";

int table_sum(void) {
    int s = 0;
    for (int k = 0; k < 8; k++) s += table[k];
    return s;
}
