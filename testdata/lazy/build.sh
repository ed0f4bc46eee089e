#!/usr/bin/env bash
# Rebuilds the lazy-linking (`rjitlink main.o -lazy a.o -lazy b.o ...`) test programs and
# their expected outputs.
#
# For every program P (a directory with one .c file per unit; main.c is always the eager
# unit, every other unit is the one the tests give to rjitlink after `-lazy`):
#   P/*.o          clang-22 -O1 -g0 --target=x86_64-linux-gnu -c (default PIE code generation)
#   P/aarch64/*.o  the same sources with --target=aarch64-linux-gnu
#   expected/P.out, expected/P.status
#                  stdout and exit status of the x86_64 objects linked natively by clang-22
#                  (-lm -pthread) into a normal executable and run. The aarch64 objects are
#                  linked by aarch64-linux-gnu-gcc (-lm -pthread), run under
#                  `qemu-aarch64 -L /usr/aarch64-linux-gnu` and must print the same thing
#                  (so outputs are architecture-independent: no pointers, fixed formats).
# Lazy linking must not change what a program prints, so the rjitlink tests compare against
# the natively linked output. Objects are listed in the order the tests pass them.
# Special cases:
#   never  unused.o references missing_function (defined nowhere) and is never called; the
#          native executable is linked from main.o only.
#   fails  bad.o references missing_function and main calls it, so it cannot be linked
#          natively: no expected output (see expected/fails.README); the rjitlink test pins
#          rjitlink's error instead. Its objects are still built for both architectures.
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-22}
X86_FLAGS=(-O1 -g0 --target=x86_64-linux-gnu)
A64_FLAGS=(-O1 -g0 --target=aarch64-linux-gnu)
A64_LD=${A64_LD:-aarch64-linux-gnu-gcc}
QEMU=(qemu-aarch64 -L /usr/aarch64-linux-gnu)

# name|units (main first, then the lazy ones)|units linked natively (empty: no expected output)
PROGRAMS=(
  "calls|main a b c data|main a b c data"
  "threads|main work|main work"
  "never|main unused|main"
  "fails|main bad|"
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p expected

run_expected() { # name exe-command... ; records expected/name.{out,status}
  local name=$1 status=0
  shift
  "$@" >"$tmp/out" || status=$?
  cp "$tmp/out" "expected/$name.out"
  echo "$status" >"expected/$name.status"
  echo "  $name: exit $status, $(wc -l <"expected/$name.out") lines"
}

check_expected() { # name exe-command... ; must match expected/name.{out,status}
  local name=$1 status=0
  shift
  "$@" >"$tmp/out" || status=$?
  cmp "$tmp/out" "expected/$name.out"
  [[ $(cat "expected/$name.status") == "$status" ]] || {
    echo "$name: aarch64 exit $status, x86_64 exit $(cat "expected/$name.status")" >&2
    exit 1
  }
  echo "  $name (aarch64): same output and exit status"
}

for entry in "${PROGRAMS[@]}"; do
  IFS='|' read -r name units native <<<"$entry"
  read -r -a units <<<"$units"
  read -r -a native <<<"$native"
  mkdir -p "$name/aarch64"
  for u in "${units[@]}"; do
    "$CC" "${X86_FLAGS[@]}" -c "$name/$u.c" -o "$name/$u.o"
    "$CC" "${A64_FLAGS[@]}" -c "$name/$u.c" -o "$name/aarch64/$u.o"
  done
  if [[ ${#native[@]} == 0 ]]; then
    echo "  $name: objects only (cannot be linked natively)"
    continue
  fi
  x86_objs=() a64_objs=()
  for u in "${native[@]}"; do
    x86_objs+=("$name/$u.o")
    a64_objs+=("$name/aarch64/$u.o")
  done
  "$CC" "${x86_objs[@]}" -lm -pthread -o "$tmp/$name"
  run_expected "$name" "$tmp/$name"
  "$A64_LD" "${a64_objs[@]}" -lm -pthread -o "$tmp/$name-aarch64"
  check_expected "$name" "${QEMU[@]}" "$tmp/$name-aarch64"
done
