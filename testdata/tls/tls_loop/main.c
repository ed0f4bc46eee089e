/* tls_loop/main.c: a benchmark of thread-local access. Increments tls_counter (a __thread
 * variable defined in counter.c: initial-exec from here, under -fPIE) N times, in batches of
 * 1024 with a call into counter.c after each batch. N is argv[1]; the default,
 * DEFAULT_ITERATIONS, takes about 0.3 s natively on a recent x86_64 (whose memory renaming runs
 * the `incq %fs:(%reg)` loop at ~4 increments per ns) and about 3 s under qemu-aarch64. argv[2],
 * if given, is a number of threads that then each run the same loop at once, each on its own
 * counter. Prints the final counts; exit status 0 if they are right, 3 otherwise.
 * Run it as `rjitlink main.o counter.o -- N [T]` (argv[0] is then the first input), not with
 * -args, which drops argv[0]. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_ITERATIONS 1200000000UL
#define BATCH 1024

extern __thread volatile unsigned long tls_counter;
extern __thread unsigned long tls_batches;
unsigned long tls_counter_batch_done(void);

static unsigned long iterations = DEFAULT_ITERATIONS;

static unsigned long run_loop(unsigned long n) {
    unsigned long done = 0;
    while (done < n) {
        unsigned long batch = n - done < BATCH ? n - done : BATCH;
        for (unsigned long i = 0; i < batch; i++)
            tls_counter++;
        done += batch;
        tls_counter_batch_done();
    }
    return tls_counter;
}

struct result {
    unsigned long counter, batches;
};

static void *thread_main(void *arg) {
    struct result *r = arg;
    r->counter = run_loop(iterations);
    r->batches = tls_batches;
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1) iterations = strtoul(argv[1], 0, 10);
    int nthreads = argc > 2 ? atoi(argv[2]) : 0;
    if (nthreads < 0 || nthreads > 64) nthreads = 0;
    unsigned long want_batches = (iterations + BATCH - 1) / BATCH;
    int failures = 0;

    unsigned long c = run_loop(iterations);
    printf("tls_loop: %lu iterations: tls_counter=%lu, %lu batches\n", iterations, c, tls_batches);
    if (c != iterations || tls_batches != want_batches) failures++;

    if (nthreads > 0) {
        pthread_t t[64];
        struct result r[64];
        for (int i = 0; i < nthreads; i++)
            if (pthread_create(&t[i], 0, thread_main, &r[i]) != 0) return 3;
        for (int i = 0; i < nthreads; i++)
            pthread_join(t[i], 0);
        for (int i = 0; i < nthreads; i++) {
            printf("thread %d: tls_counter=%lu, %lu batches\n", i, r[i].counter, r[i].batches);
            if (r[i].counter != iterations || r[i].batches != want_batches) failures++;
        }
        printf("main thread's tls_counter still %lu\n", tls_counter);
        if (tls_counter != iterations) failures++;
    }
    return failures ? 3 : 0;
}
