/* basic: thread-local variables of every shape, defined in one object and used from others,
 * read and written by the main thread and by 4 threads that are all alive at once. */
#include <stdint.h>

#define NTHREADS 4

struct rec {
    int id;
    short delta;
    char tag[6];
    double scale;
};

/* vars.c: the thread-local definitions (.tdata and .tbss), and the global they point to. */
extern int global_target;
extern int global_other;
extern __thread int tls_init;                     /* 42 */
extern _Thread_local int tls_zero;                /* 0 (.tbss) */
extern __thread long tls_array[8];                /* {1, 2, 5, 10, 17, 26, 37, 50}: i*i+1 */
extern __thread struct rec tls_rec;               /* {7, -3, "seven", 0.5} */
extern _Alignas(64) __thread int tls_aligned;     /* 64, 64-byte aligned (.tdata) */
extern _Alignas(64) _Thread_local unsigned char tls_aligned_zero[64]; /* .tbss, 64-aligned */
extern __thread unsigned char tls_big_zero[4096]; /* .tbss, all zero */
extern __thread int *tls_ptr;                     /* &global_target: a relocated .tdata word */
extern __thread const char *tls_name;             /* "initial": a pointer into .rodata */
int *vars_static_addr(void);                      /* &vars_static (static __thread int = 9) */
int vars_static_get(void);
void vars_static_add(int n);
void *vars_addr_of(int which);                    /* noinline: addresses taken in vars.c */

/* main.c */
extern __thread int main_tls;                     /* 5, defined in main.c, used from worker.c */

/* worker.c */
struct thread_report {
    int index;
    int initial_ok;     /* every variable held its initial value when the thread started */
    int initial_bad;    /* bit mask of the variables that did not */
    int final_ok;       /* its own increments, and nobody else's, were visible at the end */
    int aligned_ok;     /* &tls_aligned and tls_aligned_zero are 64-byte aligned */
    int stable_ok;      /* addresses taken twice (before and after the barrier) agree */
    long final_sum;     /* a checksum of the thread's final values */
    uintptr_t addr[6];  /* &tls_init, &tls_zero, &tls_aligned, &vars_static, &main_tls,
                           &worker_static, taken at the start */
};
void *worker_main(void *report);
int check_initial_image(int *bad_mask);
void worker_init_barrier(unsigned count);
