#!/usr/bin/env bash
# Benchmark (not a test): the sqlite demo (testdata/real/sqlite_demo.o + Debian's
# libsqlite3.a) linked and run in-process and in an executor, by rjitlink and llvm-jitlink-22,
# with each executor: mean wall time of N runs (default 20) of the whole command, the peak RSS
# of the largest process (controller or executor) and of the executor alone, side by side.
#
#   bench/remote.sh [N]
#
# Every command is first checked to print testdata/real/expected/sqlite_demo.out. Times use
# hyperfine when installed (else a date +%s%N loop); memory uses /usr/bin/time -f %M, the
# executor's through a wrapper script (used only for the memory runs, so it adds nothing to
# the times).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20}
LIB=/usr/lib/x86_64-linux-gnu/libsqlite3.a
OBJ=testdata/real/sqlite_demo.o
EXPECTED=testdata/real/expected/sqlite_demo.out
[[ -f $LIB ]] || { echo "missing $LIB (apt-get install libsqlite3-dev)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --quiet
ROOT=$PWD
RJ=$ROOT/target/release/rjitlink
RJX=$ROOT/target/release/rjitlink-executor
LJ=$(command -v llvm-jitlink-22 || true)
LJX=$(command -v llvm-jitlink-executor-22 || true)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A wrapper that records the executor's own peak RSS in $tmp/<name>.rss.
wrap() { # name executor
  cat >"$tmp/$1.sh" <<SH
#!/bin/sh
exec /usr/bin/time -f %M -o "$tmp/$1.rss" "$2" "\$@"
SH
  chmod +x "$tmp/$1.sh"
}
wrap rjx "$RJX"
[[ -n $LJX ]] && wrap ljx "$LJX"

# name|timed command|memory command|executor rss file (or -)
ROWS=("rjitlink in-process|$RJ $OBJ $LIB|$RJ $OBJ $LIB|-"
      "rjitlink -> rjitlink-executor|$RJ -oop-executor $OBJ $LIB|$RJ -oop-executor=$tmp/rjx.sh $OBJ $LIB|rjx")
if [[ -n $LJ && -n $LJX ]]; then
  ROWS+=("rjitlink -> llvm executor|$RJ -oop-executor=$LJX $OBJ $LIB|$RJ -oop-executor=$tmp/ljx.sh $OBJ $LIB|ljx"
         "llvm-jitlink in-process|$LJ $OBJ $LIB|$LJ $OBJ $LIB|-"
         "llvm-jitlink -> llvm executor|$LJ -oop-executor=$LJX $OBJ $LIB|$LJ -oop-executor=$tmp/ljx.sh $OBJ $LIB|ljx"
         "llvm-jitlink -> rjitlink-exec|$LJ -oop-executor=$RJX $OBJ $LIB|$LJ -oop-executor=$tmp/rjx.sh $OBJ $LIB|rjx")
else
  echo "llvm-jitlink-22 or llvm-jitlink-executor-22 not found: measuring rjitlink only" >&2
fi

# shellcheck source=bench/lib.sh
source bench/lib.sh

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

printf '%-32s %9s %12s %12s\n' "sqlite demo, $N runs" "mean ms" "largest MiB" "executor MiB"
for row in "${ROWS[@]}"; do
  IFS='|' read -r name timed memory rss <<<"$row"
  read -r -a tcmd <<<"$timed"
  read -r -a mcmd <<<"$memory"
  status=0
  "${tcmd[@]}" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [[ $status != 0 ]] || ! cmp -s "$tmp/out" "$EXPECTED"; then
    echo "$name: wrong result (status $status), skipped: $timed" >&2
    head -3 "$tmp/err" >&2
    continue
  fi
  ms=$(mean_ms "${tcmd[@]}")
  largest=0 exec_kib=0
  for _ in 1 2 3; do
    /usr/bin/time -f %M -o "$tmp/outer.rss" "${mcmd[@]}" >/dev/null
    k=$(tail -1 "$tmp/outer.rss")
    ((k > largest)) && largest=$k
    if [[ $rss != - ]]; then
      k=$(tail -1 "$tmp/$rss.rss")
      ((k > exec_kib)) && exec_kib=$k
    fi
  done
  exec_col=-
  [[ $rss != - ]] && exec_col=$(mib "$exec_kib")
  printf '%-32s %9s %12s %12s\n' "$name" "$ms" "$(mib "$largest")" "$exec_col"
done
