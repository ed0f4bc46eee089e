/* Lazy unit of `fails`: references a function defined nowhere, so materializing this unit
   (on the first call of bad_entry) fails. */
extern int missing_function(void);

int bad_entry(int x) { return missing_function() + x; }
