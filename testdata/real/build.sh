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

# Libraries with thread-local storage inside them (or in their C++ runtime). rjitlink gets the
# same archives; ICU also gets the static libstdc++.a (or `-l stdc++`).
#   mpfr_demo.o     against libmpfr.a libgmp.a (libmpfr-dev, libgmp-dev); cc: -lpthread
#   jsonc_demo.o    against libjson-c.a (libjson-c-dev); cc: -lpthread
#   xml_icu_demo.o  -I/usr/include/libxml2; against libxml2.a libicuuc.a libicudata.a libz.a
#                   liblzma.a (libxml2-dev, libicu-dev, liblzma-dev) and libstdc++ (clang++ link)
#   jpeg_demo.o     against libjpeg.a (libjpeg62-turbo-dev)
#   luajit_demo.o   -I/usr/include/luajit-2.1; against libluajit-5.1.a (libluajit-5.1-dev); cc: -lm -ldl
#   gc_demo.o       against libgc.a (libgc-dev); cc: -lpthread
#   fortran_demo.o  gfortran-12 -O1 -c; against libgfortran.a libquadmath.a (libgfortran-12-dev,
#                   gfortran-12); cc: -lm
# Requires: apt-get install libmpfr-dev libgmp-dev libjson-c-dev libxml2-dev libicu-dev liblzma-dev
#   libjpeg62-turbo-dev libluajit-5.1-dev libgc-dev gfortran-12 libgfortran-12-dev
FC=${FC:-gfortran-12}
GCCLIB=/usr/lib/gcc/x86_64-linux-gnu/12

"$CC" "${CFLAGS[@]}" -c mpfr_demo.c -o mpfr_demo.o
"$CC" mpfr_demo.o "$LIBDIR/libmpfr.a" "$LIBDIR/libgmp.a" -lpthread -o "$tmp/mpfr_demo"
record mpfr_demo "$tmp/mpfr_demo"

"$CC" "${CFLAGS[@]}" -c jsonc_demo.c -o jsonc_demo.o
"$CC" jsonc_demo.o "$LIBDIR/libjson-c.a" -lpthread -o "$tmp/jsonc_demo"
record jsonc_demo "$tmp/jsonc_demo"

"$CC" "${CFLAGS[@]}" -I/usr/include/libxml2 -c xml_icu_demo.c -o xml_icu_demo.o
"$CXX" xml_icu_demo.o "$LIBDIR/libxml2.a" "$LIBDIR/libicuuc.a" "$LIBDIR/libicudata.a" \
  "$LIBDIR/libz.a" "$LIBDIR/liblzma.a" -lm -o "$tmp/xml_icu_demo"
record xml_icu_demo "$tmp/xml_icu_demo"

"$CC" "${CFLAGS[@]}" -c jpeg_demo.c -o jpeg_demo.o
"$CC" jpeg_demo.o "$LIBDIR/libjpeg.a" -o "$tmp/jpeg_demo"
record jpeg_demo "$tmp/jpeg_demo"

"$CC" "${CFLAGS[@]}" -I/usr/include/luajit-2.1 -c luajit_demo.c -o luajit_demo.o
"$CC" luajit_demo.o "$LIBDIR/libluajit-5.1.a" -lm -ldl -o "$tmp/luajit_demo"
record luajit_demo "$tmp/luajit_demo"

"$CC" "${CFLAGS[@]}" -c gc_demo.c -o gc_demo.o
"$CC" gc_demo.o "$LIBDIR/libgc.a" -lpthread -o "$tmp/gc_demo"
record gc_demo "$tmp/gc_demo"

# -J: the module file (shapes.mod) goes to the scratch directory.
"$FC" -O1 -g0 -J "$tmp" -c fortran_demo.f90 -o fortran_demo.o
"$FC" fortran_demo.o "$GCCLIB/libgfortran.a" "$GCCLIB/libquadmath.a" -lm -o "$tmp/fortran_demo"
record fortran_demo "$tmp/fortran_demo"
