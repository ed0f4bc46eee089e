int missing_gamma(void);
int other_fn(void) { return missing_gamma(); }
