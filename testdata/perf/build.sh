#!/usr/bin/env bash
# Rebuilds testdata/perf/ (tests/perf_support.rs) with Debian's clang-22: the same program
# with DWARF 5 and DWARF 4 line tables. The outputs are committed; tests do not need clang.
set -euo pipefail
cd "$(dirname "$0")"
for v in 4 5; do
  clang-22 -target x86_64-linux-gnu -O0 -g -gdwarf-$v -fdebug-prefix-map="$PWD"=/src \
    -fno-asynchronous-unwind-tables -c lines.c -o lines-dwarf$v.o
done
