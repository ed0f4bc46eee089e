/* models/model.c: compiled once per slot, with -DSLOT=<slot> and the slot's TLS flags. Accesses
 * an extern thread-local defined in another object (shared_tls, shared_arr), one defined here
 * and exported (own_<slot>: general-dynamic under -fPIC, since it is preemptible), and several
 * file-local statics used together in one function (local-dynamic under -fPIC, where the
 * compiler supports it). */
#include "models.h"

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define OWN CAT(own_, SLOT)

__thread long OWN = 1000;
static __thread long s_a = 1;
static __thread long s_b[4] = {10, 20, 30, 40};
static __thread long s_c;          /* .tbss */
static __thread char s_tag[8] = "static";

struct model_result CAT(model_, SLOT)(long add) {
    struct model_result r;
    shared_tls += add;
    shared_arr[add & 3] += add;
    s_a += add;
    s_b[add & 3] += s_a;
    s_c++;
    s_tag[0] = (char)('a' + (s_c & 15));
    OWN += s_c + shared_tls;
    r.shared = shared_tls;
    r.shared_arr = shared_arr[0] + shared_arr[1] + shared_arr[2] + shared_arr[3];
    r.own = OWN;
    r.statics = s_a + s_b[0] + s_b[1] + s_b[2] + s_b[3] + s_c + s_tag[0] + s_tag[5];
    s_b[(add + 1) & 3] -= 1;
    r.statics2 = s_a * 3 + s_b[(add + 1) & 3] + s_c * 7;
    r.addr_shared = &shared_tls;
    r.addr_shared_arr = &shared_arr[2];
    r.addr_own = &OWN;
    r.addr_static = &s_b[1];
    return r;
}
