#!/usr/bin/env bash
# Benchmark (not a test) of lazy linking: a program that takes the address of every object's
# entry function in a large archive but calls only a few of them (bench/gen_lazy.py: OBJECTS
# objects of FUNCTIONS functions, CALLED of them called), linked and run side by side:
#
#   - the natively linked program (cc main.o libbig.a), run alone, for reference;
#   - rjitlink, eager: main.o libbig.a (the table pulls every member);
#   - rjitlink, lazy: main.o -lazy libbig.a (each member is linked on its first call);
#   - the same two in rjitlink-executor (pipes);
#   - llvm-jitlink-22, eager, and with -lazy and its ORC runtime (liborc_rt-x86_64.a of
#     libclang-rt-22-dev: llvm-jitlink-22 refuses -lazy without it).
#
#   bench/lazy.sh [N] [OBJECTS] [FUNCTIONS] [CALLED]     (defaults 20 400 60 2)
#
# Every command is first checked to print the native program's output. Mean wall times of N
# runs (hyperfine when installed, else a date loop; bench/lib.sh), and each as a ratio to
# rjitlink's lazy link.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20}
OBJECTS=${2:-400}
FUNCTIONS=${3:-60}
CALLED=${4:-2}
CLANG=clang-22
AR=llvm-ar-22
LJ=$(command -v llvm-jitlink-22 || true)
ORC_RT=/usr/lib/llvm-22/lib/clang/22/lib/linux/liborc_rt-x86_64.a
for tool in python3 $CLANG $AR cc; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

cargo build --release --quiet
ROOT=$PWD
RJ=$ROOT/target/release/rjitlink
hash=$(sha256sum bench/gen_lazy.py | cut -c1-8)
DIR=$ROOT/target/bench-lazy/o$OBJECTS-f$FUNCTIONS-c$CALLED-$hash
if [[ ! -f $DIR/libbig.a ]]; then
  echo "lazy.sh: generating and compiling $OBJECTS objects into $DIR" >&2
  rm -rf "$DIR"
  python3 bench/gen_lazy.py "$DIR" "$OBJECTS" "$FUNCTIONS" "$CALLED"
  (cd "$DIR" && ls ./*.c | xargs -P2 -n16 $CLANG -O1 -g0 -c)
  (cd "$DIR" && $AR rcs libbig.a obj*.o)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=bench/lib.sh
source bench/lib.sh

cc "$DIR/main.o" "$DIR/libbig.a" -o "$tmp/native"
"$tmp/native" >"$tmp/want"

declare -a NAMES CMDS
add() { # name command...
  local name=$1
  shift
  if ! "$@" >"$tmp/got" 2>"$tmp/err" || ! cmp -s "$tmp/got" "$tmp/want"; then
    echo "lazy.sh: $name does not print the native output; skipped:" >&2
    head -3 "$tmp/err" >&2
    return
  fi
  NAMES+=("$name")
  CMDS+=("$*")
}
add "native program (run only)" "$tmp/native"
add "rjitlink lazy" "$RJ" "$DIR/main.o" -lazy "$DIR/libbig.a"
add "rjitlink eager" "$RJ" "$DIR/main.o" "$DIR/libbig.a"
add "rjitlink lazy, executor" "$RJ" -oop-executor "$DIR/main.o" -lazy "$DIR/libbig.a"
add "rjitlink eager, executor" "$RJ" -oop-executor "$DIR/main.o" "$DIR/libbig.a"
if [[ -n $LJ ]]; then
  add "llvm-jitlink-22 eager" "$LJ" "$DIR/main.o" "$DIR/libbig.a"
  if [[ -f $ORC_RT ]]; then
    add "llvm-jitlink-22 -lazy + ORC runtime" "$LJ" -orc-runtime="$ORC_RT" "$DIR/main.o" \
      -lazy "$DIR/libbig.a"
  else
    echo "lazy.sh: $ORC_RT missing (libclang-rt-22-dev): no llvm-jitlink -lazy row" >&2
  fi
fi

echo "lazy.sh: $OBJECTS objects x $FUNCTIONS functions ($(du -k "$DIR/libbig.a" | cut -f1) KiB archive), $CALLED called; N=$N"
declare -a MS
for i in "${!NAMES[@]}"; do
  # shellcheck disable=SC2086
  MS[i]=$(mean_ms ${CMDS[i]})
done
lazy_ms=
for i in "${!NAMES[@]}"; do
  [[ ${NAMES[i]} == "rjitlink lazy" ]] && lazy_ms=${MS[i]}
done
printf '%-38s | %10s | %s\n' "command" "mean ms" "vs rjitlink lazy"
printf '%-38s-|-%10s-|-%s\n' "--------------------------------------" "----------" "----------------"
for i in "${!NAMES[@]}"; do
  ratio=$(awk -v a="${MS[i]}" -v b="${lazy_ms:-0}" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }')
  printf '%-38s | %10s | %s\n' "${NAMES[i]}" "${MS[i]}" "$ratio"
done
