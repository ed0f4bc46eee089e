/* Eager unit of `threads`: four threads meet at a barrier and then all make the first call
   into the lazy unit work.c at once; results are printed in thread order after joining. */
#include <pthread.h>
#include <stdio.h>

long work(int n); /* work.c (lazy) */

static pthread_barrier_t barrier;
static long results[4];

static void *run(void *arg) {
    int i = (int)(long)arg;
    pthread_barrier_wait(&barrier);
    results[i] = work(i + 1);
    return NULL;
}

int main(void) {
    pthread_t t[4];
    pthread_barrier_init(&barrier, NULL, 4);
    for (long i = 0; i < 4; i++)
        if (pthread_create(&t[i], NULL, run, (void *)i) != 0) return 100;
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) printf("thread %d: work(%d) = %ld\n", i, i + 1, results[i]);
    printf("after join: work(10) = %ld\n", work(10));
    return 0;
}
