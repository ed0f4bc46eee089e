// Strong beats weak: value() and wvar are defined weak in sw_weak.o and strong in sw_strong.o.
// main returns value() + wvar: 11 + 1 = 12 with only the weak definitions, 22 + 20 = 42 when the
// strong ones are linked too, whatever the order of the objects on the command line.
int value(void);
extern int wvar;
int main(void) { return value() + wvar; }
