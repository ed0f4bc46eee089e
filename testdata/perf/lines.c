/* -perf-support's line records: a program whose functions span several source lines
   (tests/perf_support.rs compares them with llvm-jitlink-22's). */
static int square(int x) {
    int y = x * x;
    return y + 1;
}

int sum(int n) {
    int total = 0;
    for (int i = 0; i < n; i++)
        total += square(i);
    return total;
}

int main(void) {
    int s = sum(4);
    if (s != 18)
        return 1;
    return 3;
}
