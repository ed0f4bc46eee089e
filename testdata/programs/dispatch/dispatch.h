/* dispatch: function pointer tables across objects, a jump-table switch, a static local. */
typedef long (*binop_fn)(long, long);

struct op {
    const char *name;
    binop_fn fn;
    char symbol;
};

/* ops.c */
long op_add(long a, long b);
long op_sub(long a, long b);
long op_mul(long a, long b);
long op_div(long a, long b);
long op_mod(long a, long b);
long op_max(long a, long b);
const char *classify(int code);
int next_id(void);
long eval(int opcode, long a, long b);

/* table.c */
extern const struct op op_table[];
extern const int op_count;
extern binop_fn const fallback_table[];
extern long (*const *const fallback_ptr)(long, long);
const struct op *find_op(const char *name);
