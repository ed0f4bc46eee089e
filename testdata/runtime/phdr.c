/* dl_iterate_phdr from JIT'd code: the link's own globals (.data and .bss) must lie in a
 * PT_LOAD segment of some reported module, as they would in a natively linked program. */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <stdio.h>

int initialised = 42;
static char zeroed[4096];

struct want {
  uintptr_t addr;
  int found;
};

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
  struct want *w = data;
  (void)size;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *p = &info->dlpi_phdr[i];
    uintptr_t start = info->dlpi_addr + p->p_vaddr;
    if (p->p_type == PT_LOAD && w->addr >= start && w->addr < start + p->p_memsz)
      w->found = 1;
  }
  return 0;
}

int main(void) {
  struct want data = {(uintptr_t)&initialised, 0};
  struct want bss = {(uintptr_t)&zeroed[4095], 0};
  dl_iterate_phdr(visit, &data);
  dl_iterate_phdr(visit, &bss);
  printf(".data in a module: %s\n.bss in a module: %s\n", data.found ? "yes" : "no",
         bss.found ? "yes" : "no");
  return data.found && bss.found ? 0 : 3;
}
