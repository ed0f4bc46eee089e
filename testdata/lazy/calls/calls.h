/* Declarations shared by the units of the `calls` lazy-linking test. */
struct pair { int x, y; };
struct big { long v[12]; };

int main_helper(int x); /* main.c (eager) */

/* a.c */
int a_fn(int x);
void *addr_of_a_fn(void);
int a_calls_b(int x);
int is_even_n(int n);
long many_ints(long a, int b, signed char c, short d, long e, int f, signed char g,
               unsigned short h, long i, int j);
int vsum(int n, ...);
struct big make_big(long seed);

/* b.c */
int b_fn(int x);
int b_uses_helper(int x);
int is_odd_n(int n);
void *b_addr_of_a_fn(void);
double many_doubles(double d0, int i0, double d1, double d2, int i1, double d3, double d4,
                    double d5, int i2, double d6, double d7, double d8, double d9, int i3);
double vdsum(int n, ...);
struct pair make_pair(int x, int y);

/* c.c */
int cmp_int(const void *p, const void *q);
int is_sorted(const int *v, int n);

/* data.c */
extern int table[8];
extern const char *greeting;
int table_sum(void);
