/* gc_demo: links Debian's libgc.a (libgc-dev), the Boehm-Demers-Weiser conservative garbage
 * collector, built with threads and thread-local allocation: the key of a thread's free lists
 * is a thread-local variable (GC_thread_key: local-exec R_X86_64_TPOFF32 in
 * thread_local_alloc.o, initial-exec R_X86_64_GOTTPOFF in pthread_support.o). Builds a list
 * and a tree that live on the stack, in a static variable and in the heap, churns through
 * garbage, collects explicitly, runs finalizers, and allocates from four threads created with
 * GC_pthread_create. Counts that depend on conservative scanning are printed as bounds. cc
 * link: gc_demo.o libgc.a -lpthread. */
#define GC_THREADS
#include <gc/gc.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct node {
    struct node *left, *right;
    long value;
};

static struct node *make_tree(int depth, long *next) {
    struct node *n = GC_MALLOC(sizeof *n);
    n->value = (*next)++;
    if (depth > 0) {
        n->left = make_tree(depth - 1, next);
        n->right = make_tree(depth - 1, next);
    }
    return n;
}

static long tree_sum(const struct node *n) {
    return n ? n->value + tree_sum(n->left) + tree_sum(n->right) : 0;
}

static void churn(int objects, size_t size) {
    for (int i = 0; i < objects; i++) {
        char *p = GC_MALLOC(size);
        memset(p, 0x5a, size);
    }
}

/* Reachable only from this static variable (the program's .bss). */
static struct node *static_tree;

static int finalized;
static void on_finalize(void *obj, void *data) {
    (void)obj;
    (void)data;
    finalized++;
}

struct job {
    int id;
    long sum;
    int intact;
};

static void *worker(void *arg) {
    struct job *j = arg;
    long next = j->id * 1000;
    struct node *t = make_tree(8, &next);
    long before = tree_sum(t);
    churn(20000, 48);
    GC_gcollect();
    j->sum = tree_sum(t);
    j->intact = j->sum == before;
    return NULL;
}

int main(void) {
    GC_INIT();
    GC_allow_register_threads();
    printf("gc %d.%d, threads=%d\n", GC_VERSION_MAJOR, GC_VERSION_MINOR, GC_thread_is_registered());

    long next = 0;
    struct node *stack_tree = make_tree(10, &next); /* 2047 nodes */
    long stack_sum = tree_sum(stack_tree);
    next = 0;
    static_tree = make_tree(6, &next);
    long static_sum = tree_sum(static_tree);
    char *text = GC_MALLOC_ATOMIC(64);
    strcpy(text, "kept alive by a stack pointer");

    for (int i = 0; i < 1000; i++) {
        void *p = GC_MALLOC(24);
        GC_REGISTER_FINALIZER(p, on_finalize, NULL, NULL, NULL);
    }
    GC_word gc_before = GC_get_gc_no();
    churn(200000, 64);
    for (int round = 0; round < 3; round++) {
        GC_gcollect();
        GC_invoke_finalizers();
    }
    printf("collections happened: %s\n", GC_get_gc_no() > gc_before ? "yes" : "no");
    printf("stack tree: sum %ld, intact %s\n", tree_sum(stack_tree),
           tree_sum(stack_tree) == stack_sum ? "yes" : "no");
    printf("static tree: sum %ld, intact %s\n", tree_sum(static_tree),
           tree_sum(static_tree) == static_sum ? "yes" : "no");
    printf("atomic text: %s\n", text);
    printf("finalizers run for at least 900 of 1000 unreachable objects: %s\n",
           finalized >= 900 ? "yes" : "no");

    struct job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].id = i + 1;
        if (GC_pthread_create(&th[i], NULL, worker, &jobs[i]) != 0)
            return 1;
    }
    for (int i = 0; i < 4; i++)
        GC_pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++)
        printf("thread %d: tree sum %ld, intact %s\n", jobs[i].id, jobs[i].sum,
               jobs[i].intact ? "yes" : "no");

    size_t heap = GC_get_heap_size();
    printf("heap between 64 KiB and 256 MiB: %s\n",
           heap >= 64 * 1024 && heap <= 256u * 1024 * 1024 ? "yes" : "no");
    printf("pointer to an interior byte found its object: %s\n",
           GC_base(text + 10) == text ? "yes" : "no");
    printf("GC_size(text) >= 64: %s\n", GC_size(text) >= 64 ? "yes" : "no");
    return 0;
}
