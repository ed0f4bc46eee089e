// Archive member selection. used_fn is only in an archive; extra_fn and ctor_probe are defined
// weak here (returning 0) and strong in archive members that nothing else needs.
// A member is only loaded when it defines a still-undefined symbol, so `ar_main.o liblazy.a`
// returns used_fn() = 40. Wrongly loading ar_extra.o gives +5, wrongly loading ar_ctor.o gives +7
// or exit 99 from its constructor. With -all_load, `ar_main.o liball.a` (ar_used.o + ar_extra.o)
// loads ar_extra.o and its strong extra_fn wins: 45.
int used_fn(void);
__attribute__((weak)) int extra_fn(void) { return 0; }
__attribute__((weak)) int ctor_probe(void) { return 0; }
int main(void) { return used_fn() + extra_fn() + ctor_probe(); }
