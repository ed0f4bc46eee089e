/* mpfr_demo: links Debian's libmpfr.a and libgmp.a (libmpfr-dev, libgmp-dev). MPFR keeps its
 * exponent range and exception flags in thread-local variables (__gmpfr_flags, __gmpfr_emin,
 * __gmpfr_emax: initial-exec GOTTPOFF and local-exec TPOFF32 relocations). Computes constants
 * to 200 bits, raises and clears flags, narrows the exponent range in a second thread and
 * checks that the main thread's range and flags are untouched. cc link: mpfr_demo.o libmpfr.a
 * libgmp.a -lpthread. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <gmp.h>
#include <mpfr.h>

static void show(const char *what, mpfr_t x) {
    char buf[128];
    mpfr_snprintf(buf, sizeof buf, "%.50Rf", x);
    printf("%-10s %s\n", what, buf);
}

static void flags(const char *when) {
    printf("flags %-18s underflow=%d overflow=%d nan=%d inexact=%d erange=%d divby0=%d\n", when,
           mpfr_underflow_p() != 0, mpfr_overflow_p() != 0, mpfr_nanflag_p() != 0,
           mpfr_inexflag_p() != 0, mpfr_erangeflag_p() != 0, mpfr_divby0_p() != 0);
}

struct result {
    long emin0, emax0, emin, emax;
    int overflow_before, overflow_after, inexact_before;
    char big[64];
};

/* Runs in a new thread: starts with the default range and clear flags, whatever main did. */
static void *worker(void *arg) {
    struct result *r = arg;
    r->inexact_before = mpfr_inexflag_p() != 0;
    r->overflow_before = mpfr_overflow_p() != 0;
    r->emin0 = mpfr_get_emin(); /* the initial image of .tdata: MPFR's default range */
    r->emax0 = mpfr_get_emax();
    mpfr_set_emin(-100);
    mpfr_set_emax(100);
    r->emin = mpfr_get_emin();
    r->emax = mpfr_get_emax();
    mpfr_t x;
    mpfr_init2(x, 64);
    mpfr_set_ui(x, 2, MPFR_RNDN);
    mpfr_pow_ui(x, x, 200, MPFR_RNDN); /* 2^200 overflows emax = 100 */
    r->overflow_after = mpfr_overflow_p() != 0;
    mpfr_snprintf(r->big, sizeof r->big, "%Rg", x);
    mpfr_clear(x);
    return NULL;
}

int main(void) {
    printf("mpfr %c.x, gmp %d.x, thread-safe=%d\n", mpfr_get_version()[0], __GNU_MP_VERSION,
           mpfr_buildopt_tls_p() != 0);
    mpfr_t pi, e, r2, t;
    mpfr_inits2(200, pi, e, r2, t, (mpfr_ptr)0);
    mpfr_clear_flags();
    mpfr_const_pi(pi, MPFR_RNDN);
    mpfr_set_ui(e, 1, MPFR_RNDN);
    mpfr_exp(e, e, MPFR_RNDN);
    mpfr_sqrt_ui(r2, 2, MPFR_RNDN);
    show("pi", pi);
    show("e", e);
    show("sqrt(2)", r2);
    mpfr_mul(t, pi, e, MPFR_RNDN);
    mpfr_log(t, t, MPFR_RNDN);
    show("log(pi*e)", t);
    mpfr_set_ui(t, 10, MPFR_RNDN);
    mpfr_gamma(t, t, MPFR_RNDN);
    show("gamma(10)", t);
    flags("after constants");

    mpfr_clear_flags();
    mpfr_set_ui(t, 0, MPFR_RNDN);
    mpfr_ui_div(t, 1, t, MPFR_RNDN);
    flags("after 1/0");
    mpfr_sqrt(t, pi, MPFR_RNDN);
    mpfr_neg(t, t, MPFR_RNDN);
    mpfr_sqrt(t, t, MPFR_RNDN);
    flags("after sqrt(-x)");

    mpfr_clear_flags();
    mpfr_set_ui(t, 1, MPFR_RNDN);
    mpfr_div_2ui(t, t, 1000, MPFR_RNDN);
    mpfr_set_emin(-500);
    mpfr_check_range(t, 0, MPFR_RNDN);
    flags("after underflow");
    printf("main range before thread: emin=%ld emax=%ld\n", (long)mpfr_get_emin(),
           (long)mpfr_get_emax());

    mpfr_set_ui(t, 7, MPFR_RNDN);
    mpfr_set_overflow();
    struct result res;
    memset(&res, 0, sizeof res);
    pthread_t th;
    if (pthread_create(&th, NULL, worker, &res) != 0)
        return 1;
    pthread_join(th, NULL);
    printf("thread: inexact at start=%d overflow at start=%d range at start=[%ld, %ld]\n",
           res.inexact_before, res.overflow_before, res.emin0, res.emax0);
    printf("thread: range=[%ld, %ld] 2^200 -> %s overflow=%d\n", res.emin, res.emax, res.big,
           res.overflow_after);
    printf("main range after thread: emin=%ld emax=%ld overflow still set=%d\n",
           (long)mpfr_get_emin(), (long)mpfr_get_emax(), mpfr_overflow_p() != 0);
    mpfr_clears(pi, e, r2, t, (mpfr_ptr)0);
    mpfr_free_cache();
    return 0;
}
