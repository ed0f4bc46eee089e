/* Lazy unit of `threads`: work() is first called by four threads at the same time. */
long work(int n) {
    unsigned long x = (unsigned long)n * 2654435761u;
    for (int i = 0; i < 1000 * n; i++) x = x * 6364136223846793005ul + 1442695040888963407ul;
    return (long)(x >> 33);
}
