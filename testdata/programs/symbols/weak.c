__attribute__((weak)) const char *greeting(void) { return "weak greeting (wrong)"; }
__attribute__((weak)) const char *farewell(void) { return "weak farewell (only definition)"; }
__attribute__((weak)) int tunable = 1;
__attribute__((weak)) int weak_default_value = 77;
