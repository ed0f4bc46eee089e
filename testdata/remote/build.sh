#!/usr/bin/env bash
# Rebuilds the programs of tests/remote.rs (remote execution: crashes, exit(), a program that
# never ends) and their expected outputs.
#
#   NAME.o            clang-22 -O1 -c, default (PIE) code generation (memory_kind: how the
#                     executor maps the code, run under each -use-memmgr choice)
#   expected/NAME.out, expected/NAME.status
#                     stdout and exit status of NAME.o linked by clang-22 into a normal
#                     executable and run (a status over 128 is 128 + the signal number, as the
#                     shell reports it), for every program but sleeper (which never ends).
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-22}
CFLAGS=(-O1 -g0 --target=x86_64-linux-gnu)
PROGRAMS=(crash exit7 ctor_abort sleeper memory_kind)
RUN=(crash exit7 ctor_abort)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p expected

for name in "${PROGRAMS[@]}"; do
  "$CC" "${CFLAGS[@]}" -c "$name.c" -o "$name.o"
done

for name in "${RUN[@]}"; do
  "$CC" "$name.o" -o "$tmp/$name"
  status=0
  # No core dumps from the crashing ones.
  (ulimit -c 0; exec "$tmp/$name") >"expected/$name.out" 2>/dev/null || status=$?
  echo "$status" >"expected/$name.status"
  echo "  $name: exit $status, $(wc -l <"expected/$name.out") lines"
done
