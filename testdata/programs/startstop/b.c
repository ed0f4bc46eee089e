/* One entry of section "plugins", and nothing else refers to this object: the section keeps
   it in the link. */
struct plugin {
  const char *name;
  int (*run)(int);
};

static int negate(int x) { return -x; }
__attribute__((used, section("plugins"))) static const struct plugin b1 = {"negate", negate};
