/* tls_loop/counter.c: the thread-local counter the benchmark loop increments. volatile, so
 * every increment is a real load and store through the thread pointer. */
__thread volatile unsigned long tls_counter;
__thread unsigned long tls_batches = 0;

/* Called once per batch of increments, through a call the compiler cannot see into. */
__attribute__((noinline)) unsigned long tls_counter_batch_done(void) {
    tls_batches++;
    return tls_counter;
}
