#!/usr/bin/env bash
# Rebuilds the real-world test programs and their expected outputs.
#
#   sqlite_demo.o  clang-22 -O1 -c; runs against /usr/lib/x86_64-linux-gnu/libsqlite3.a
#   lua_demo.o     clang-22 -O1 -c -I/usr/include/lua5.4; against liblua5.4.a
#   zlib_demo.o    clang-22 -O1 -c; against libz.a
#   cxx_demo/*.o   clang++-22 -O1 -c -std=c++17; needs libstdc++ (rjitlink: -l stdc++)
#   ffi_demo.o     clang++-22 -O1 -c; against libffi.a (libffi-dev) and libstdc++
#   expected/NAME.out, expected/NAME.status
#                  stdout and exit status of the same objects linked by clang-22/clang++-22 with
#                  the same archives into a normal executable and run.
# Extra libraries at cc link time: sqlite needs -lm (-ldl -lpthread before glibc 2.34), lua needs
# -lm (-ldl), zlib none, C++ links libstdc++ and libm through clang++. rjitlink resolves all of
# these from its own process, plus `-l stdc++` for the C++ demo.
# Requires: apt-get install clang-22 libsqlite3-dev liblua5.4-dev zlib1g-dev libstdc++-12-dev libffi-dev
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-22}
CXX=${CXX:-clang++-22}
CFLAGS=(-O1 -g0 --target=x86_64-linux-gnu)
LIBDIR=/usr/lib/x86_64-linux-gnu

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p expected

record() { # name exe
  local status=0
  "$2" >"expected/$1.out" || status=$?
  echo "$status" >"expected/$1.status"
  echo "  $1: exit $status, $(wc -l <"expected/$1.out") lines"
}

"$CC" "${CFLAGS[@]}" -c sqlite_demo.c -o sqlite_demo.o
"$CC" sqlite_demo.o "$LIBDIR/libsqlite3.a" -lm -ldl -lpthread -o "$tmp/sqlite_demo"
record sqlite_demo "$tmp/sqlite_demo"

"$CC" "${CFLAGS[@]}" -I/usr/include/lua5.4 -c lua_demo.c -o lua_demo.o
"$CC" lua_demo.o "$LIBDIR/liblua5.4.a" -lm -ldl -o "$tmp/lua_demo"
record lua_demo "$tmp/lua_demo"

"$CC" "${CFLAGS[@]}" -c zlib_demo.c -o zlib_demo.o
"$CC" zlib_demo.o "$LIBDIR/libz.a" -o "$tmp/zlib_demo"
record zlib_demo "$tmp/zlib_demo"

# Link order main, shapes, registry: it decides the order of the static constructors.
cxx_objs=()
for f in main shapes registry; do
  "$CXX" "${CFLAGS[@]}" -std=c++17 -c "cxx_demo/$f.cpp" -o "cxx_demo/$f.o"
  cxx_objs+=("cxx_demo/$f.o")
done
"$CXX" "${cxx_objs[@]}" -o "$tmp/cxx_demo"
record cxx_demo "$tmp/cxx_demo"

# libffi's hand-written unwind records (odd sizes) plus a C++ exception.
"$CXX" "${CFLAGS[@]}" -c ffi_demo.cpp -o ffi_demo.o
"$CXX" ffi_demo.o "$LIBDIR/libffi.a" -o "$tmp/ffi_demo"
record ffi_demo "$tmp/ffi_demo"
