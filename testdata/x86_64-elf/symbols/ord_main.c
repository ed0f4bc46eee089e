// Archive order independence and -L/-l: a_fn is in liba.a and calls b_fn from libb.a.
// `ord_main.o libb.a liba.a` must work (libb.a comes first but is only needed after liba.a's
// member is loaded): main returns b_fn() + 1 = 83.
int a_fn(void);
int main(void) { return a_fn(); }
