/* The link's own dl_iterate_phdr, for code in a link that refers to it (Boehm gc finds its
 * static roots this way, as do other collectors and profilers): the process's modules, as the
 * real one reports them, then the link itself as one more module whose segment is the link's
 * read-write data, [__data_start, _end) (the linker defines both; see src/link/boundaries.rs).
 * JIT'd memory is in no module glibc knows, so without this such code would never see the
 * link's globals.
 *
 * Rebuild the committed objects with ./build.sh (clang-22). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>

extern char __data_start[];
extern char _end[];

typedef int (*callback)(struct dl_phdr_info *, size_t, void *);

int dl_iterate_phdr(callback cb, void *data) {
  static int (*real)(callback, void *);
  if (real == 0)
    real = (int (*)(callback, void *))dlsym(RTLD_DEFAULT, "dl_iterate_phdr");
  int result = real ? real(cb, data) : 0;
  if (result != 0)
    return result;
  ElfW(Phdr) phdr = {0};
  phdr.p_type = PT_LOAD;
  phdr.p_flags = PF_R | PF_W;
  phdr.p_vaddr = (uintptr_t)__data_start;
  phdr.p_filesz = phdr.p_memsz = (uintptr_t)_end - (uintptr_t)__data_start;
  phdr.p_align = 1;
  struct dl_phdr_info info = {0};
  info.dlpi_name = "[rjitlink]";
  info.dlpi_phdr = &phdr;
  info.dlpi_phnum = 1;
  return cb(&info, sizeof info, data);
}
