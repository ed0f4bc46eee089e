#!/usr/bin/env bash
# Benchmark (not a test): a loop of thread-local increments (testdata/tls/tls_loop: 1.2e9
# `counter++` on a __thread variable defined in another object, initial-exec and local-exec
# code from clang -O2 -fPIE), natively linked with cc and JIT-linked by rjitlink, in-process and
# in rjitlink-executor, run side by side N times each (default 10). Prints the mean wall times
# and the ratios against the native program. llvm-jitlink-22 cannot run this program (it
# rejects R_X86_64_GOTTPOFF), so it is not measured.
#
#   bench/tls.sh [N] [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10}
ITER=${2:-1200000000}
OBJS=(testdata/tls/x86_64/tls_loop/main.o testdata/tls/x86_64/tls_loop/counter.o)

cargo build --release --quiet
RJITLINK=target/release/rjitlink

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -pthread "${OBJS[@]}" -o "$tmp/tls_loop"

# All three must print the same.
want=$("$tmp/tls_loop" "$ITER" 1)
for cmd in "$RJITLINK ${OBJS[*]} -- $ITER 1" "$RJITLINK -oop-executor ${OBJS[*]} -- $ITER 1"; do
  got=$($cmd)
  [[ $got == "$want" ]] || { echo "output differs: $cmd" >&2; echo "$got" >&2; exit 1; }
done

# shellcheck source=bench/lib.sh
source bench/lib.sh

native=$(mean_ms "$tmp/tls_loop" "$ITER" 1)
inproc=$(mean_ms $RJITLINK "${OBJS[@]}" -- "$ITER" 1)
remote=$(mean_ms $RJITLINK -oop-executor "${OBJS[@]}" -- "$ITER" 1)
printf '%-34s %10s %8s\n' "thread-local loop ($ITER)" "mean ms" "ratio"
printf '%-34s %10s %8s\n' "native (cc)" "$native" "1.00"
printf '%-34s %10s %8.2f\n' "rjitlink in-process" "$inproc" "$(awk -v a="$inproc" -v b="$native" 'BEGIN{print a/b}')"
printf '%-34s %10s %8.2f\n' "rjitlink -oop-executor" "$remote" "$(awk -v a="$remote" -v b="$native" 'BEGIN{print a/b}')"
