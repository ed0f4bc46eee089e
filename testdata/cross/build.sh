#!/usr/bin/env bash
# Cross-compiles the C programs of testdata/programs/ for the three new targets, with Debian's
# clang-22 (apt-get install clang-22 libc6-dev-arm64-cross), into
#   cross/<target>/<program>/*.o      (clang-22 --target=<target> -O1 -g0 -c)
# for <target> in aarch64-linux-gnu, x86_64-apple-macosx, arm64-apple-macosx. The objects are
# committed; tests/cross_programs.rs links each program with `rjitlink -noexec` (externals such as
# printf resolve from the host process; Mach-O `_printf` resolves as `printf`).
#
# There is no macOS SDK on a Linux host, so the Mach-O objects are compiled against the glibc
# headers of the matching architecture (the host process that resolves their externals is glibc
# anyway). Darwin clang predefines `__nonnull` as a nullability qualifier, which clashes with
# glibc's `__nonnull(params)` attribute macro, hence -U__nonnull. Darwin clang also enables the
# stack protector by default, whose `___stack_chk_guard` glibc x86_64 does not export, hence
# -fno-stack-protector.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-22}
SRC=../programs

# target|extra flags
TARGETS=(
  "aarch64-linux-gnu|"
  "x86_64-apple-macosx|-isystem /usr/include/x86_64-linux-gnu -U__nonnull -fno-stack-protector"
  "arm64-apple-macosx|-isystem /usr/aarch64-linux-gnu/include -U__nonnull -fno-stack-protector"
)
# name|extra cflags|objects in link order (as in testdata/programs/build.sh)
PROGRAMS=(
  "dispatch||main ops table"
  "symbols|-fcommon|main weak strong"
  "mathfmt||main fmt geom"
  "args||main show"
)

for t in "${TARGETS[@]}"; do
  IFS='|' read -r target tflags <<<"$t"
  read -r -a target_flags <<<"$tflags"
  for p in "${PROGRAMS[@]}"; do
    IFS='|' read -r name extra objs <<<"$p"
    read -r -a extra_flags <<<"$extra"
    read -r -a objs <<<"$objs"
    mkdir -p "$target/$name"
    for o in "${objs[@]}"; do
      "$CC" --target="$target" "${target_flags[@]}" -O1 -g0 "${extra_flags[@]}" \
        -c "$SRC/$name/$o.c" -o "$target/$name/$o.o"
    done
  done
done
