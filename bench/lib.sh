# Shared by the benchmark scripts: mean_ms N-runs timing of a command (hyperfine when
# installed, else a date +%s%N loop). Needs $N and $tmp.

# Mean wall time in ms of N runs of "$@".
mean_ms() {
  if command -v hyperfine >/dev/null; then
    hyperfine --style none --shell=none --warmup 2 --runs "$N" --export-json "$tmp/h.json" \
      -- "$*" >/dev/null
    local mean
    mean=$(grep -o '"mean": *[0-9.eE+-]*' "$tmp/h.json" | head -1 | sed 's/.*: *//')
    awk -v m="$mean" 'BEGIN { printf "%.2f", m * 1000 }'
  else
    "$@" >/dev/null 2>&1 || true # warm up the page cache
    local start end
    start=$(date +%s%N)
    for ((i = 0; i < N; i++)); do "$@" >/dev/null; done
    end=$(date +%s%N)
    awk -v s="$start" -v e="$end" -v n="$N" 'BEGIN { printf "%.2f", (e - s) / n / 1e6 }'
  fi
}
