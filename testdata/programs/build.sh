#!/usr/bin/env bash
# Rebuilds the multi-object test programs and their expected outputs.
#
# For every program P (a directory of 2-4 .c files):
#   P/*.o         clang-22 -O1 -c, default (PIE) code generation
#   P/nopic/*.o   the same sources with -fno-pic -fno-pie (absolute R_X86_64_32/32S/64
#                 relocations), for the programs listed in NOPIC
#   dispatch/libdispatch.a  llvm-ar-22 rcs of dispatch/ops.o and dispatch/table.o
#   expected/P.out, expected/P.status
#                 stdout and exit status of the same objects linked by clang-22 into a normal
#                 executable (-lm) and run; the nopic objects are linked with -no-pie and must
#                 print the same thing.
# Objects are linked in the order given in PROGRAMS; the tests pass them to rjitlink in the same
# order (it decides the order of same-priority constructors).
set -euo pipefail
cd "$(dirname "$0")"

CC=${CC:-clang-22}
CFLAGS=(-O1 -g0 --target=x86_64-linux-gnu)

# name|extra cflags|objects in link order
PROGRAMS=(
  "dispatch||main ops table"
  "lifecycle||main early late"
  "symbols|-fcommon|main weak strong"
  "mathfmt||main fmt geom"
  "args||main show"
  "startstop||main a b"
)
NOPIC=(dispatch symbols mathfmt)
# Arguments the args program is run with (the test passes the same ones after --).
ARGS_ARGS=(alpha "two words" -x --flag=1 "")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p expected

run_expected() { # name exe
  local name=$1 exe=$2 status=0
  if [[ $name == args* ]]; then
    # argv[0] as rjitlink sets it when run from the repository root: the first input's path.
    (exec -a "testdata/programs/args/main.o" "$exe" "${ARGS_ARGS[@]}") >"$tmp/out" || status=$?
  else
    "$exe" >"$tmp/out" || status=$?
  fi
  if [[ -n ${3:-} ]]; then
    cmp "$tmp/out" "expected/$name.out"
    [[ $(cat "expected/$name.status") == "$status" ]]
  else
    cp "$tmp/out" "expected/$name.out"
    echo "$status" >"expected/$name.status"
  fi
  echo "  $name: exit $status, $(wc -l <"expected/$name.out") lines"
}

for entry in "${PROGRAMS[@]}"; do
  IFS='|' read -r name extra objs <<<"$entry"
  read -r -a extra_flags <<<"$extra"
  read -r -a objs <<<"$objs"
  pie_objs=() nopic_objs=()
  want_nopic=0
  for n in "${NOPIC[@]}"; do [[ $n == "$name" ]] && want_nopic=1; done
  [[ $want_nopic == 1 ]] && mkdir -p "$name/nopic"
  for o in "${objs[@]}"; do
    "$CC" "${CFLAGS[@]}" "${extra_flags[@]}" -c "$name/$o.c" -o "$name/$o.o"
    pie_objs+=("$name/$o.o")
    if [[ $want_nopic == 1 ]]; then
      "$CC" "${CFLAGS[@]}" "${extra_flags[@]}" -fno-pic -fno-pie -c "$name/$o.c" -o "$name/nopic/$o.o"
      nopic_objs+=("$name/nopic/$o.o")
    fi
  done
  "$CC" "${pie_objs[@]}" -lm -o "$tmp/$name"
  run_expected "$name" "$tmp/$name"
  if [[ $want_nopic == 1 ]]; then
    "$CC" -no-pie "${nopic_objs[@]}" -lm -o "$tmp/$name-nopic"
    run_expected "$name" "$tmp/$name-nopic" check
  fi
done

# dispatch's ops.o and table.o as a static archive, for `main.o libdispatch.a` and
# `main.o -L dispatch -l dispatch` (must print expected/dispatch.out too).
AR=${AR:-llvm-ar-22}
rm -f dispatch/libdispatch.a
"$AR" rcs dispatch/libdispatch.a dispatch/ops.o dispatch/table.o
"$CC" dispatch/main.o dispatch/libdispatch.a -o "$tmp/dispatch-ar"
run_expected dispatch "$tmp/dispatch-ar" check
