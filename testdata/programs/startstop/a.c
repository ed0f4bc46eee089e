/* Two entries of section "plugins". */
struct plugin {
  const char *name;
  int (*run)(int);
};

static int plus_one(int x) { return x + 1; }
static int square(int x) { return x * x; }
__attribute__((used, section("plugins"))) static const struct plugin a1 = {"plus_one", plus_one};
__attribute__((used, section("plugins"))) static const struct plugin a2 = {"square", square};
