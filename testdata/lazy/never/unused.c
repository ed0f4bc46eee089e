/* Lazy unit of `never`: references a function defined nowhere; never called. */
extern int missing_function(void);

int unused_entry(void) { return missing_function() + 1; }
