#include <string.h>
#include "dispatch.h"

/* A table of pointers into another object (ops.c), plus string literals. */
const struct op op_table[] = {
    {"add", op_add, '+'},
    {"sub", op_sub, '-'},
    {"mul", op_mul, '*'},
    {"div", op_div, '/'},
    {"mod", op_mod, '%'},
    {"max", op_max, 'M'},
};
const int op_count = sizeof op_table / sizeof op_table[0];

static long op_min(long a, long b) { return a < b ? a : b; }

binop_fn const fallback_table[] = {op_min, op_max};
long (*const *const fallback_ptr)(long, long) = fallback_table;

const struct op *find_op(const char *name) {
    for (int i = 0; i < op_count; i++)
        if (strcmp(op_table[i].name, name) == 0)
            return &op_table[i];
    return 0;
}
