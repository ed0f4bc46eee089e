#include "dispatch.h"

long op_add(long a, long b) { return a + b; }
long op_sub(long a, long b) { return a - b; }
long op_mul(long a, long b) { return a * b; }
long op_div(long a, long b) { return b ? a / b : 0; }
long op_mod(long a, long b) { return b ? a % b : 0; }
long op_max(long a, long b) { return a > b ? a : b; }

/* Dense enough for clang to emit a jump table. */
const char *classify(int code) {
    switch (code) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    case 6: return "six";
    case 7: return "seven";
    case 8: return "eight";
    case 9: return "nine";
    case 10: return "ten";
    case 11: return "eleven";
    case 12: return "twelve";
    case 14: return "fourteen";
    default: return "other";
    }
}

/* A switch whose cases do different work: compiled to an indirect jump through a table. */
long eval(int opcode, long a, long b) {
    switch (opcode) {
    case 0: return a + b;
    case 1: return a - b;
    case 2: return a * b + 1;
    case 3: return b ? a / b : -1;
    case 4: return a << (b & 7);
    case 5: return a >> (b & 7);
    case 6: return a ^ b;
    case 7: return op_max(a, b) * 3;
    case 8: return -a - b;
    case 9: return (a | b) - 9;
    case 10: return a * a - b;
    case 11: return next_id() + a;
    default: return 0;
    }
}

/* A static local: its state persists across calls from other objects. */
int next_id(void) {
    static int id = 100;
    return id++;
}
