#include <stdio.h>
#include "dispatch.h"

static long apply_all(long a, long b) {
    long acc = 0;
    for (int i = 0; i < op_count; i++) {
        long r = op_table[i].fn(a, b);
        printf("#%d %s: %ld %c %ld = %ld\n", next_id(), op_table[i].name, a,
               op_table[i].symbol, b, r);
        acc += r;
    }
    return acc;
}

int main(void) {
    long total = apply_all(17, 5) + apply_all(-40, 7);
    printf("total = %ld\n", total);

    const char *names[] = {"mul", "mod", "pow", "sub"};
    for (int i = 0; i < 4; i++) {
        const struct op *o = find_op(names[i]);
        if (o)
            printf("find_op(%s) -> %c, 9 %c 4 = %ld\n", names[i], o->symbol, o->symbol,
                   o->fn(9, 4));
        else
            printf("find_op(%s) -> not found\n", names[i]);
    }

    printf("fallback: %ld %ld\n", fallback_ptr[0](100, 1), fallback_ptr[1](100, 1));

    for (int c = -1; c <= 16; c++)
        printf("classify(%d) = %s\n", c, classify(c));

    long ev = 0;
    for (int op = 0; op <= 12; op++) {
        long r = eval(op, 45, 6);
        printf("eval(%d, 45, 6) = %ld\n", op, r);
        ev += r;
    }
    total += ev;

    printf("next id after run: %d\n", next_id());
    /* Non-zero exit status, derived from the computation. */
    return (int)(total & 0x0f) + 3;
}
