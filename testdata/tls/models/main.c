/* models/main.c: calls every slot's model_<slot>() twice in a fixed order from the main thread,
 * then from 2 threads that run at the same time. All slots add to the same shared_tls, so a slot
 * that reached the wrong address would change every later value. Checks that all objects see
 * the same addresses within a thread, that every thread has its own copies, and that each
 * thread computes exactly what the main thread computed (each starts from the initial image).
 * Exit status 0 if every check passed, 3 otherwise. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "models.h"

#ifdef EXTRA
#define PROGRAM "models_extra"
#else
#define PROGRAM "models"
#endif

#define DECLARE(s)                                                                            \
    struct model_result model_##s(long add);                                                  \
    extern __thread long own_##s;                                                             \
    static void *own_addr_##s(void) { return &own_##s; }                                      \
    static long own_read_##s(void) { return own_##s; }
SLOTS(DECLARE)

struct slot {
    const char *name;
    struct model_result (*fn)(long);
    void *(*own_addr)(void);
    long (*own_read)(void);
};
#define ENTRY(s) {#s, model_##s, own_addr_##s, own_read_##s},
static const struct slot slots[] = {SLOTS(ENTRY)};
#define NSLOTS ((int)(sizeof slots / sizeof slots[0]))
#define ROUNDS 2

struct run {
    struct model_result res[ROUNDS][NSLOTS];
    int same_addr;   /* every object agreed on every address, in this thread */
    int own_agrees;  /* main.c read own_<slot> (initial-exec here) as the slot wrote it */
    long final_shared;
    void *addr[2 * NSLOTS + 1]; /* &shared_tls, then each slot's &own and &s_b[1] */
};

static void run_all(struct run *out) {
    out->same_addr = 1;
    out->own_agrees = 1;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < NSLOTS; i++) {
            struct model_result r = slots[i].fn(i + 1 + 20 * round);
            out->res[round][i] = r;
            if (r.addr_shared != (void *)&shared_tls || r.addr_shared != shared_addr() ||
                r.addr_shared_arr != (void *)&shared_arr[2] || r.addr_own != slots[i].own_addr())
                out->same_addr = 0;
            if (slots[i].own_read() != r.own) out->own_agrees = 0;
            if (round == 1 && r.addr_static != out->res[0][i].addr_static) out->same_addr = 0;
        }
    }
    out->final_shared = shared_tls;
    out->addr[0] = &shared_tls;
    for (int i = 0; i < NSLOTS; i++) {
        out->addr[1 + 2 * i] = out->res[0][i].addr_own;
        out->addr[2 + 2 * i] = out->res[0][i].addr_static;
    }
}

static int same_values(const struct run *a, const struct run *b) {
    for (int round = 0; round < ROUNDS; round++)
        for (int i = 0; i < NSLOTS; i++) {
            const struct model_result *x = &a->res[round][i], *y = &b->res[round][i];
            if (x->shared != y->shared || x->shared_arr != y->shared_arr || x->own != y->own ||
                x->statics != y->statics || x->statics2 != y->statics2)
                return 0;
        }
    return a->final_shared == b->final_shared;
}

static pthread_barrier_t barrier;
static struct run runs[3]; /* main thread, thread 1, thread 2 */

static void *thread_main(void *arg) {
    struct run *out = arg;
    pthread_barrier_wait(&barrier); /* both threads alive before either starts */
    run_all(out);
    return 0;
}

int main(void) {
    int failures = 0;
    printf("%s: %d slots, %d rounds\n", PROGRAM, NSLOTS, ROUNDS);
    if (shared_tls != 100 || shared_arr[0] + shared_arr[1] + shared_arr[2] + shared_arr[3] != 0) {
        printf("initial image wrong\n");
        failures++;
    }
    for (int i = 0; i < NSLOTS; i++)
        if (slots[i].own_read() != 1000) {
            printf("own_%s initial value %ld, want 1000\n", slots[i].name, slots[i].own_read());
            failures++;
        }

    run_all(&runs[0]);
    for (int round = 0; round < ROUNDS; round++)
        for (int i = 0; i < NSLOTS; i++) {
            const struct model_result *r = &runs[0].res[round][i];
            printf("  round %d %-11s shared=%ld arr=%ld own=%ld statics=%ld/%ld\n", round,
                   slots[i].name, r->shared, r->shared_arr, r->own, r->statics, r->statics2);
        }
    printf("main thread: final shared_tls=%ld, addresses agree across objects: %s, "
           "own_<slot> agrees: %s\n",
           runs[0].final_shared, runs[0].same_addr ? "yes" : "NO", runs[0].own_agrees ? "yes" : "NO");
    if (!runs[0].same_addr || !runs[0].own_agrees) failures++;

    pthread_t t[2];
    pthread_barrier_init(&barrier, 0, 2);
    for (int k = 0; k < 2; k++)
        if (pthread_create(&t[k], 0, thread_main, &runs[k + 1]) != 0) {
            printf("pthread_create failed\n");
            return 3;
        }
    for (int k = 0; k < 2; k++)
        pthread_join(t[k], 0);

    for (int k = 1; k <= 2; k++) {
        int values = same_values(&runs[k], &runs[0]);
        int own_copies = 1;
        for (int j = 0; j < k; j++)
            for (int a = 0; a < 2 * NSLOTS + 1; a++)
                if (runs[k].addr[a] == runs[j].addr[a]) own_copies = 0;
        printf("thread %d: final shared_tls=%ld, same values as main thread: %s, addresses agree "
               "across objects: %s, own_<slot> agrees: %s, own copies: %s\n",
               k, runs[k].final_shared, values ? "yes" : "NO", runs[k].same_addr ? "yes" : "NO",
               runs[k].own_agrees ? "yes" : "NO", own_copies ? "yes" : "NO");
        if (!values || !runs[k].same_addr || !runs[k].own_agrees || !own_copies) failures++;
    }
    /* The threads must not have touched the main thread's copies. */
    if (shared_tls != runs[0].final_shared) {
        printf("main thread's shared_tls changed to %ld\n", shared_tls);
        failures++;
    }

    if (failures) {
        printf("%s: %d check(s) FAILED\n", PROGRAM, failures);
        return 3;
    }
    printf("%s: all checks passed\n", PROGRAM);
    return 0;
}
