/* __start_NAME / __stop_NAME: the entries of section "plugins", from three objects, found
   through the bounds the linker defines. */
#include <stdio.h>

struct plugin {
  const char *name;
  int (*run)(int);
};

extern const struct plugin __start_plugins[], __stop_plugins[];

static int twice(int x) { return 2 * x; }
__attribute__((used, section("plugins"))) static const struct plugin main_plugin = {"main", twice};

int main(void) {
  int total = 0;
  int n = (int)(__stop_plugins - __start_plugins);
  printf("%d plugins\n", n);
  for (const struct plugin *p = __start_plugins; p < __stop_plugins; p++) {
    int v = p->run(10);
    printf("%s(10) = %d\n", p->name, v);
    total += v;
  }
  return total & 0x7f;
}
