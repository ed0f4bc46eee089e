// hidden_fn (STV_HIDDEN, vis_hidden.o) and internal_fn (STV_INTERNAL, vis_internal.o) are visible to
// the other objects of the same link, like in a static link: main returns 30 + 4 = 34.
int hidden_fn(void);
int internal_fn(void);
int main(void) { return hidden_fn() + internal_fn(); }
