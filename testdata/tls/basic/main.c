/* basic/main.c: the main thread reads the initial TLS image, overwrites its own copies, then
 * runs NTHREADS threads (all alive at once) and checks their reports: each saw the initial image
 * rather than the main thread's values, and the addresses differ between threads but are stable
 * within one. Exit status 0 if every check passed, 3 otherwise. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "basic.h"

__thread int main_tls = 5;
static __thread double main_static = 2.5;
static _Thread_local int main_static_zero[3];

static int failures;

static void check(int ok, const char *what) {
    printf("  %-52s %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) failures++;
}

static long array_sum(void) {
    long s = 0;
    for (int i = 0; i < 8; i++)
        s += tls_array[i];
    return s;
}

int main(void) {
    printf("main thread, initial image:\n");
    printf("  tls_init=%d tls_zero=%d array_sum=%ld rec={%d,%d,\"%s\",%.2f}\n", tls_init, tls_zero,
           array_sum(), tls_rec.id, tls_rec.delta, tls_rec.tag, tls_rec.scale);
    printf("  tls_aligned=%d *tls_ptr=%d tls_name=\"%s\" vars_static=%d main_tls=%d\n",
           tls_aligned, *tls_ptr, tls_name, vars_static_get(), main_tls);
    printf("  main_static=%.2f main_static_zero={%d,%d,%d}\n", main_static, main_static_zero[0],
           main_static_zero[1], main_static_zero[2]);
    int bad = 0;
    check(check_initial_image(&bad), "main sees the initial image");
    if (bad) printf("  (mask %#x)\n", bad);
    check(main_static == 2.5 && main_static_zero[0] + main_static_zero[1] + main_static_zero[2] == 0,
          "main.c statics hold their initial values");
    check((uintptr_t)&tls_aligned % 64 == 0, "&tls_aligned is 64-byte aligned");
    check((uintptr_t)tls_aligned_zero % 64 == 0, "tls_aligned_zero is 64-byte aligned");
    check(tls_ptr == &global_target, "tls_ptr points to global_target");
    check(vars_addr_of(0) == &tls_init && vars_addr_of(1) == &tls_zero &&
              vars_addr_of(2) == &tls_aligned && vars_addr_of(3) == vars_static_addr() &&
              vars_addr_of(4) == &tls_big_zero[4095],
          "addresses agree between main.c and vars.c");
    check(&tls_init != &tls_zero && (void *)&tls_init != (void *)&main_tls &&
              (void *)vars_static_addr() != (void *)&main_tls,
          "distinct variables have distinct addresses");

    /* Overwrite the main thread's copies; the threads must not see any of this. */
    tls_init = 1000;
    tls_zero = -1;
    for (int i = 0; i < 8; i++)
        tls_array[i] = -i;
    tls_rec.id = 99;
    strcpy(tls_rec.tag, "main!");
    tls_aligned = 1;
    memset(tls_aligned_zero, 0xee, sizeof tls_aligned_zero);
    memset(tls_big_zero, 0xff, sizeof tls_big_zero);
    tls_ptr = &global_other;
    tls_name = "main";
    vars_static_add(100);
    main_tls = 500;
    main_static = -1.0;
    main_static_zero[1] = 7;
    printf("main thread, after writes:\n");
    printf("  tls_init=%d tls_zero=%d array_sum=%ld rec.id=%d rec.tag=\"%s\" tls_aligned=%d\n",
           tls_init, tls_zero, array_sum(), tls_rec.id, tls_rec.tag, tls_aligned);
    printf("  *tls_ptr=%d tls_name=\"%s\" vars_static=%d main_tls=%d main_static=%.2f\n", *tls_ptr,
           tls_name, vars_static_get(), main_tls, main_static);
    uintptr_t main_addr[6] = {(uintptr_t)&tls_init,        (uintptr_t)&tls_zero,
                              (uintptr_t)&tls_aligned,     (uintptr_t)vars_static_addr(),
                              (uintptr_t)&main_tls,        0};

    /* NTHREADS threads, all alive at once (the barrier counts them). */
    struct thread_report reports[NTHREADS];
    pthread_t threads[NTHREADS];
    memset(reports, 0, sizeof reports);
    worker_init_barrier(NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        reports[i].index = i;
        if (pthread_create(&threads[i], 0, worker_main, &reports[i]) != 0) {
            printf("pthread_create failed\n");
            return 3;
        }
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(threads[i], 0);

    printf("threads:\n");
    for (int i = 0; i < NTHREADS; i++) {
        struct thread_report *r = &reports[i];
        printf("  thread %d: initial image %s, own increments %s, aligned %s, addresses %s, "
               "sum %ld\n",
               i, r->initial_ok ? "ok" : "FAILED", r->final_ok ? "ok" : "FAILED",
               r->aligned_ok ? "ok" : "FAILED", r->stable_ok ? "stable" : "UNSTABLE",
               r->final_sum);
        if (!r->initial_ok) printf("  (thread %d initial mask %#x)\n", i, r->initial_bad);
        if (!r->initial_ok || !r->final_ok || !r->aligned_ok || !r->stable_ok) failures++;
    }

    /* Addresses: each variable's address differs between every pair of threads (main included)
     * and differs from every other variable's address. */
    int distinct = 1;
    for (int v = 0; v < 5; v++) {
        for (int i = 0; i < NTHREADS; i++) {
            if (reports[i].addr[v] == main_addr[v]) distinct = 0;
            for (int j = i + 1; j < NTHREADS; j++)
                if (reports[i].addr[v] == reports[j].addr[v]) distinct = 0;
        }
    }
    for (int i = 0; i < NTHREADS; i++)
        if (reports[i].addr[5] == 0) distinct = 0;
        else
            for (int j = i + 1; j < NTHREADS; j++)
                if (reports[i].addr[5] == reports[j].addr[5]) distinct = 0;
    printf("after join:\n");
    check(distinct, "each thread has its own copy of every variable");
    check(main_addr[0] == (uintptr_t)&tls_init && main_addr[3] == (uintptr_t)vars_static_addr(),
          "main thread addresses are stable");
    check(tls_init == 1000 && tls_zero == -1 && array_sum() == -28 && tls_rec.id == 99 &&
              strcmp(tls_rec.tag, "main!") == 0 && tls_aligned == 1 && tls_aligned_zero[0] == 0xee &&
              tls_big_zero[4095] == 0xff && tls_ptr == &global_other &&
              strcmp(tls_name, "main") == 0 && vars_static_get() == 109 && main_tls == 500 &&
              main_static == -1.0 && main_static_zero[1] == 7,
          "main thread's values survived the threads");
    check(global_target == 77 && global_other == 88, "globals untouched");

    if (failures) {
        printf("basic: %d check(s) FAILED\n", failures);
        return 3;
    }
    printf("basic: all checks passed\n");
    return 0;
}
