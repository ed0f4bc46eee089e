// libffi (Debian's libffi.a: unix64.o has hand-written unwind records of 0x1a and 0x16 bytes)
// plus a C++ exception: the throw makes the unwinder walk the link's eh_frame table, which must
// stay contiguous around those records.
#include <ffi.h>
#include <cstdio>
#include <stdexcept>

static int add(int a, int b) { return a + b; }

int main() {
  ffi_cif cif;
  ffi_type *args[2] = {&ffi_type_sint, &ffi_type_sint};
  if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, args) != FFI_OK)
    return 2;
  int a = 40, b = 2;
  void *values[2] = {&a, &b};
  ffi_arg result = 0;
  ffi_call(&cif, FFI_FN(add), &result, values);
  try {
    throw std::runtime_error("thrown after ffi_call");
  } catch (const std::exception &e) {
    std::printf("ffi_call(add, 40, 2) = %d; caught: %s\n", (int)result, e.what());
  }
  return 0;
}
