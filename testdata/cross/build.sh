#!/usr/bin/env bash
# Cross-compiles the C programs of testdata/programs/ for the three new targets, with Debian's
# clang-22 (apt-get install clang-22 libc6-dev-arm64-cross), into
#   cross/<target>/<program>/*.o      (clang-22 --target=<target> -O1 -g0 -c)
# for <target> in aarch64-linux-gnu, x86_64-apple-macosx, arm64-apple-macosx. The objects are
# committed; tests/cross_programs.rs links each program with `rjitlink -noexec` (externals such as
# printf resolve from the host process; Mach-O `_printf` resolves as `printf`).
#
# aarch64-linux-gnu also gets the programs of AARCH64_ONLY (lifecycle: constructors, destructors,
# atexit), and every aarch64-linux-gnu program gets its expected output, for
# tests/remote_aarch64.rs, which runs the programs in an aarch64 rjitlink-executor under
# qemu-aarch64 (apt-get install gcc-aarch64-linux-gnu qemu-user):
#   aarch64-linux-gnu/<program>/expected.out     stdout and exit status of the same objects
#   aarch64-linux-gnu/<program>/expected.status  linked natively by aarch64-linux-gnu-gcc (-lm)
#                                                and run with qemu-aarch64 -L /usr/aarch64-linux-gnu
# args is run as rjitlink runs it from the repository root (argv[0] is the first input's path)
# with the arguments of ARGS_ARGS, which the test passes after --. They print what the x86_64
# builds print (testdata/programs/expected/, argv[0] aside); the test checks that too.
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
# name|extra cflags|objects in link order: built for aarch64-linux-gnu only
AARCH64_ONLY=(
  "lifecycle||main early late"
)
# Arguments the args program is run with (as in testdata/programs/build.sh).
ARGS_ARGS=(alpha "two words" -x --flag=1 "")

for t in "${TARGETS[@]}"; do
  IFS='|' read -r target tflags <<<"$t"
  read -r -a target_flags <<<"$tflags"
  programs=("${PROGRAMS[@]}")
  [[ $target == aarch64-linux-gnu ]] && programs+=("${AARCH64_ONLY[@]}")
  for p in "${programs[@]}"; do
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

# Expected outputs of the aarch64-linux-gnu programs, from native aarch64 executables.
AARCH64_CC=${AARCH64_CC:-aarch64-linux-gnu-gcc}
QEMU=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for p in "${PROGRAMS[@]}" "${AARCH64_ONLY[@]}"; do
  IFS='|' read -r name _ objs <<<"$p"
  read -r -a objs <<<"$objs"
  dir=aarch64-linux-gnu/$name
  paths=()
  for o in "${objs[@]}"; do paths+=("$dir/$o.o"); done
  "$AARCH64_CC" "${paths[@]}" -lm -o "$tmp/$name"
  status=0
  if [[ $name == args ]]; then
    "${QEMU[@]}" -0 "testdata/cross/$dir/main.o" "$tmp/$name" "${ARGS_ARGS[@]}" >"$dir/expected.out" || status=$?
  else
    "${QEMU[@]}" "$tmp/$name" >"$dir/expected.out" || status=$?
  fi
  echo "$status" >"$dir/expected.status"
  echo "  $dir: exit $status, $(wc -l <"$dir/expected.out") lines"
done
