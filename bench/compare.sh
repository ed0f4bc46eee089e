#!/usr/bin/env bash
# Benchmark (not a test): JIT-links and runs the sqlite demo (testdata/real/sqlite_demo.o +
# Debian's libsqlite3.a) with rjitlink and, when installed, with llvm-jitlink-22, N times each
# (default 20), and prints the mean wall time, the peak RSS and the llvm-jitlink/rjitlink ratios.
#
#   bench/compare.sh [N]
#
# Uses hyperfine when installed (else a loop timed with date +%s%N), and /usr/bin/time -f %M
# for peak RSS (else python3's resource.getrusage(RUSAGE_CHILDREN).ru_maxrss). Both tools are
# checked to print testdata/real/expected/sqlite_demo.out first.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20}
LIB=/usr/lib/x86_64-linux-gnu/libsqlite3.a
OBJ=testdata/real/sqlite_demo.o
EXPECTED=testdata/real/expected/sqlite_demo.out
[[ -f $LIB ]] || { echo "missing $LIB (apt-get install libsqlite3-dev)" >&2; exit 1; }

cargo build --release --quiet
RJITLINK=target/release/rjitlink

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name|command line
TOOLS=("rjitlink|$RJITLINK $OBJ $LIB")
if command -v llvm-jitlink-22 >/dev/null; then
  # llvm-jitlink takes the archive as a positional input; libm/libc symbols resolve from its
  # own process, so no -l options are needed.
  TOOLS+=("llvm-jitlink-22|llvm-jitlink-22 $OBJ $LIB")
else
  echo "llvm-jitlink-22 not found: measuring rjitlink only" >&2
fi

# shellcheck source=bench/lib.sh
source bench/lib.sh

# Peak RSS in KiB of "$@" (maximum over 3 runs).
peak_kib() {
  local max=0 kib
  for _ in 1 2 3; do
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null
      kib=$(tail -1 "$tmp/rss")
    else
      kib=$(python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@")
    fi
    ((kib > max)) && max=$kib
  done
  echo "$max"
}

declare -A MS MIB
names=()
for entry in "${TOOLS[@]}"; do
  name=${entry%%|*}
  read -r -a cmd <<<"${entry#*|}"
  status=0
  "${cmd[@]}" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [[ $status != 0 ]] || ! cmp -s "$tmp/out" "$EXPECTED"; then
    echo "$name: wrong result (status $status), skipped: ${cmd[*]}" >&2
    diff "$EXPECTED" "$tmp/out" | head -5 >&2 || true
    head -5 "$tmp/err" >&2
    continue
  fi
  echo "measuring $name ($N runs): ${cmd[*]}" >&2
  MS[$name]=$(mean_ms "${cmd[@]}")
  MIB[$name]=$(awk -v k="$(peak_kib "${cmd[@]}")" 'BEGIN { printf "%.1f", k / 1024 }')
  names+=("$name")
done

echo
printf '%-16s %10s %10s\n' tool "mean ms" "peak MiB"
for name in "${names[@]}"; do
  printf '%-16s %10s %10s\n' "$name" "${MS[$name]}" "${MIB[$name]}"
done
if [[ -n ${MS[rjitlink]:-} && -n ${MS[llvm-jitlink-22]:-} ]]; then
  awk -v lt="${MS[llvm-jitlink-22]}" -v rt="${MS[rjitlink]}" \
    -v lm="${MIB[llvm-jitlink-22]}" -v rm="${MIB[rjitlink]}" \
    'BEGIN { printf "%-16s %9.2fx %9.2fx\n", "llvm/rjitlink", lt / rt, lm / rm }'
fi
