/* basic/worker.c: the thread body. Every thread checks it starts from the initial TLS image,
 * waits until all NTHREADS threads are alive, adds its own increments, waits again, and checks
 * that it sees exactly its own increments. Addresses are recorded for main.c to compare. */
#include <pthread.h>
#include <string.h>
#include "basic.h"

static pthread_barrier_t barrier;
static __thread int worker_static = 3;
static _Thread_local struct rec worker_rec; /* .tbss struct */

void worker_init_barrier(unsigned count) { pthread_barrier_init(&barrier, 0, count); }

/* Returns 1 if this thread's variables hold the initial image; *bad_mask gets one bit per
 * variable that does not. Called by the main thread too, before it writes anything. */
int check_initial_image(int *bad_mask) {
    int bad = 0;
    if (tls_init != 42) bad |= 1 << 0;
    if (tls_zero != 0) bad |= 1 << 1;
    for (int i = 0; i < 8; i++)
        if (tls_array[i] != (long)i * i + 1) bad |= 1 << 2;
    if (tls_rec.id != 7 || tls_rec.delta != -3 || strcmp(tls_rec.tag, "seven") != 0 ||
        tls_rec.scale != 0.5)
        bad |= 1 << 3;
    if (tls_aligned != 64) bad |= 1 << 4;
    for (int i = 0; i < 64; i++)
        if (tls_aligned_zero[i] != 0) bad |= 1 << 5;
    for (int i = 0; i < 4096; i++)
        if (tls_big_zero[i] != 0) bad |= 1 << 6;
    if (tls_ptr != &global_target) bad |= 1 << 7;
    if (strcmp(tls_name, "initial") != 0) bad |= 1 << 8;
    if (vars_static_get() != 9) bad |= 1 << 9;
    if (main_tls != 5) bad |= 1 << 10;
    if (worker_static != 3) bad |= 1 << 11;
    if (worker_rec.id != 0 || worker_rec.delta != 0 || worker_rec.scale != 0.0) bad |= 1 << 12;
    *bad_mask = bad;
    return bad == 0;
}

static void record_addresses(uintptr_t a[6]) {
    a[0] = (uintptr_t)&tls_init;
    a[1] = (uintptr_t)&tls_zero;
    a[2] = (uintptr_t)&tls_aligned;
    a[3] = (uintptr_t)vars_static_addr();
    a[4] = (uintptr_t)&main_tls;
    a[5] = (uintptr_t)&worker_static;
}

void *worker_main(void *arg) {
    struct thread_report *r = arg;
    int k = r->index + 1;

    r->initial_ok = check_initial_image(&r->initial_bad);
    record_addresses(r->addr);
    r->aligned_ok = ((uintptr_t)&tls_aligned % 64 == 0) && ((uintptr_t)tls_aligned_zero % 64 == 0);

    /* All threads are alive from here until the second barrier. */
    pthread_barrier_wait(&barrier);
    tls_init += k;
    tls_zero += 10 * k;
    for (int i = 0; i < 8; i++)
        tls_array[i] += k;
    tls_rec.id += k;
    tls_rec.tag[0] = (char)('a' + r->index);
    tls_aligned *= k;
    tls_aligned_zero[63] = (unsigned char)k;
    tls_big_zero[4095] = (unsigned char)(100 + k);
    tls_ptr = &global_other;
    tls_name = "worker";
    vars_static_add(k);
    main_tls += k;
    worker_static *= k;
    worker_rec.id = k;
    pthread_barrier_wait(&barrier);

    uintptr_t again[6];
    record_addresses(again);
    r->stable_ok = memcmp(again, r->addr, sizeof again) == 0 &&
                   vars_addr_of(0) == (void *)r->addr[0] && vars_addr_of(1) == (void *)r->addr[1] &&
                   vars_addr_of(2) == (void *)r->addr[2] && vars_addr_of(3) == (void *)r->addr[3] &&
                   vars_addr_of(4) == (void *)&tls_big_zero[4095];

    long arr = 0;
    for (int i = 0; i < 8; i++)
        arr += tls_array[i];
    r->final_ok = tls_init == 42 + k && tls_zero == 10 * k && arr == 148 + 8 * k &&
                  tls_rec.id == 7 + k && tls_rec.tag[0] == 'a' + r->index &&
                  strcmp(tls_rec.tag + 1, "even") == 0 && tls_aligned == 64 * k &&
                  tls_aligned_zero[63] == k && tls_big_zero[4095] == 100 + k &&
                  tls_big_zero[0] == 0 && tls_ptr == &global_other && *tls_ptr == 88 &&
                  strcmp(tls_name, "worker") == 0 && vars_static_get() == 9 + k &&
                  main_tls == 5 + k && worker_static == 3 * k && worker_rec.id == k;
    r->final_sum = tls_init + tls_zero + arr + tls_rec.id + tls_aligned + tls_aligned_zero[63] +
                   tls_big_zero[4095] + vars_static_get() + main_tls + worker_static + worker_rec.id;
    return 0;
}
