// Throws and catches a C++ exception after calling into eh_odd.s, whose hand-written unwind
// records have odd sizes. The throw makes libgcc's unwinder walk every registered eh_frame
// table, this link's included: a table with gaps between records crashes it.
#include <cstdio>
#include <stdexcept>

extern "C" int odd_one();
extern "C" int odd_two();

static int thrower(int x) {
  if (x > 0) throw std::runtime_error("odd records");
  return x;
}

int main() {
  int sum = odd_one() + odd_two();
  try {
    thrower(sum);
  } catch (const std::exception &e) {
    std::printf("caught: %s (sum %d)\n", e.what(), sum);
    return 0;
  }
  return 1;
}
