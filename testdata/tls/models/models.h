/* models: one thread-local variable (shared_tls, defined in shared.c) reached from objects
 * compiled under every TLS access model. model.c is compiled once per slot with -DSLOT=<name>
 * and that slot's flags (see ../build.sh and ../README.txt); each copy defines model_<slot>()
 * and its own exported own_<slot>, and has its own file-local statics. */
#include <stdint.h>

struct model_result {
    long shared;      /* shared_tls after this call */
    long shared_arr;  /* sum of shared_arr[] after this call */
    long own;         /* own_<slot> after this call */
    long statics;     /* a checksum of the object's static __thread variables */
    long statics2;    /* another checksum, computed after a second round of accesses */
    void *addr_shared;     /* &shared_tls, taken in the model object */
    void *addr_shared_arr; /* &shared_arr[2] */
    void *addr_own;        /* &own_<slot> */
    void *addr_static;     /* &s_b[1] (a file-local static) */
};

/* The slots of the models program: the same names on both architectures, so the output is the
 * same (the flags differ per architecture). models_extra (main.c built with -DEXTRA) has slots
 * that exist only on one architecture. */
#ifndef EXTRA
#define SLOTS(X) X(pie) X(pic) X(pic_o0) X(ie) X(le) X(gd) X(ld) X(desc) X(gcc_gd) X(gcc_pic) X(gcc_desc)
#elif defined(__x86_64__)
#define SLOTS(X) X(nopic) X(gcc_pie) X(gcc_ie) X(large)
#else
#define SLOTS(X) X(tiny) X(gcc_pie) X(gcc_tiny_ie) X(tls32) X(tls48)
#endif

/* shared.c (compiled -fPIE: local-exec there) */
extern __thread long shared_tls;     /* 100, .tdata */
extern __thread long shared_arr[4];  /* .tbss */
void *shared_addr(void);             /* &shared_tls, as shared.c sees it */
