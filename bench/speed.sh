#!/usr/bin/env bash
# Benchmark (not a test) of issue 9 ("Speed"): rjitlink against its peers, each row measured
# side by side in this one run, then a scaling run. Prints mean wall times (hyperfine, N runs,
# default 10; fewer for slow commands, see BUDGET below), peak RSS (/usr/bin/time -f %M, the
# maximum of 3 runs, of the largest process: the controller or the executor it waits for), and a
# summary table with the goals of the issue:
#
#   1. sqlite demo (testdata/real/sqlite_demo.o + Debian's libsqlite3.a), link + run in-process
#      by rjitlink, vs the same objects linked by cc (`cc sqlite_demo.o libsqlite3.a -lm`) and
#      run (goal: rjitlink/native within 2x; also against the run of the prelinked program).
#   2. a synthetic program (bench/gen_synthetic.py: 20,000 functions in 50 objects, clang-22 -O2,
#      ~16 MB of objects, ~185k relocations), link + run and -noexec, rjitlink vs
#      llvm-jitlink-22 (goal: llvm/rjitlink >= 12x), rjitlink's peak RSS (goal <= 50 MiB), and
#      the natively linked program (cc link + run) for reference.
#   3. the sqlite demo in rjitlink-executor over pipes vs in-process (goal within 1.3x).
#   4. testdata/cross/aarch64-linux-gnu/dispatch linked on this host and run in the aarch64
#      rjitlink-executor under qemu-aarch64, vs the same objects linked by aarch64-linux-gnu-gcc
#      and run under qemu-aarch64 (goal within 1.5x).
#   5. one synthetic object (-O0) with 5k vs 40k functions, -noexec: t(40k)/t(5k) for rjitlink
#      (goal <= 9x), and rjitlink vs llvm-jitlink-22 at 40k (goal: rjitlink >= 5x faster).
#   Scaling: -O0, -noexec, one object with 1k, 5k, 20k, 40k functions, and 20k functions in 1,
#      10, 50, 200 objects: µs per function, and the marginal µs per added function, for
#      rjitlink and (where one link takes under 10 s) llvm-jitlink-22.
#
#   bench/speed.sh [N]
#
# Before any timing, every program is checked: the sqlite demo must print
# testdata/real/expected/sqlite_demo.out, dispatch its expected.out and status, and each
# synthetic program the same checksum natively (cc), with rjitlink and with llvm-jitlink-22 (a
# row whose peer fails is reported as n/a). The synthetic objects are generated and compiled
# (clang-22, xargs -P2) once into target/bench-synthetic/<parameters>-<generator hash>/ and
# reused. rjitlink and its executors are built first (cargo build --release; the aarch64
# executor as tests/remote_aarch64.rs builds it) and copied aside, so a rebuild during the run
# does not change what is measured; the commit (and whether src/ has uncommitted changes) is
# printed with the results.
#
# Needs hyperfine (else a date +%s%N loop, bench/lib.sh), /usr/bin/time, python3, clang-22;
# llvm-jitlink-22, libsqlite3-dev, qemu-user, gcc-aarch64-linux-gnu and the rustup target
# aarch64-unknown-linux-gnu for the rows that use them (rows without them are skipped).
# Environment: SPEED_BUDGET (seconds of timed runs per measurement, default 15),
# SPEED_LLVM_MAX (seconds: longest llvm-jitlink link the scaling run times, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-10}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/speed.sh [N]" >&2; exit 2; }
BUDGET=${SPEED_BUDGET:-15}
LLVM_MAX=${SPEED_LLVM_MAX:-10}
ROOT=$PWD
CACHE=$ROOT/target/bench-synthetic
GEN=$ROOT/bench/gen_synthetic.py
LIB=/usr/lib/x86_64-linux-gnu/libsqlite3.a
SQL_OBJ=$ROOT/testdata/real/sqlite_demo.o
SQL_EXPECTED=$ROOT/testdata/real/expected/sqlite_demo.out
DISPATCH=$ROOT/testdata/cross/aarch64-linux-gnu/dispatch
SYSROOT=/usr/aarch64-linux-gnu
CC=${CC:-cc}
CLANG=clang-22
LJ=$(command -v llvm-jitlink-22 || true)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh

note() { echo "speed.sh: $*" >&2; }
have() { command -v "$1" >/dev/null; }
for tool in python3 $CLANG $CC; do
  have "$tool" || { echo "missing $tool" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "missing /usr/bin/time (apt-get install time)" >&2; exit 1; }
[[ -n $LJ ]] || note "llvm-jitlink-22 not found: its columns are n/a"

# ----------------------------------------------------------------------------------------------
# Building (retried: src/ may be mid-edit).

retry() { # what command...
  local what=$1 attempt
  shift
  for attempt in 1 2 3 4 5 6; do
    if "$@" 2>"$tmp/build.err"; then return 0; fi
    note "$what failed (attempt $attempt of 6), retrying in 60 s:"
    tail -5 "$tmp/build.err" >&2
    sleep 60
  done
  cat "$tmp/build.err" >&2
  return 1
}

note "building rjitlink"
retry "cargo build --release" cargo build --release --quiet
COMMIT=$(git log -1 --format=%h)
DIRTY=$(git status --porcelain -- src Cargo.toml Cargo.lock 2>/dev/null | wc -l)
mkdir -p "$tmp/bin"
# RJITLINK_DIR=<dir with rjitlink and rjitlink-executor> measures other binaries (an older
# build, for before/after figures) instead of this checkout's.
cp "${RJITLINK_DIR:-target/release}/rjitlink" "${RJITLINK_DIR:-target/release}/rjitlink-executor" "$tmp/bin/"
RJ=$tmp/bin/rjitlink
RJ_SUM=$(sha256sum "$RJ" | cut -c1-12)

AX=
if have qemu-aarch64 && have aarch64-linux-gnu-gcc && [[ -d $SYSROOT ]] &&
  rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
  note "building the aarch64 rjitlink-executor"
  if CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc \
    retry "cargo build --target aarch64-unknown-linux-gnu" \
    cargo build --release --quiet --target aarch64-unknown-linux-gnu --bin rjitlink-executor \
    --target-dir target/aarch64; then
    cp target/aarch64/aarch64-unknown-linux-gnu/release/rjitlink-executor "$tmp/bin/rjitlink-executor-aarch64"
    AX=$tmp/bin/rjitlink-executor-aarch64
    cat >"$tmp/bin/qemu-executor.sh" <<SH
#!/bin/sh
exec qemu-aarch64 -L $SYSROOT $AX "\$@"
SH
    chmod +x "$tmp/bin/qemu-executor.sh"
  fi
else
  note "qemu-aarch64, aarch64-linux-gnu-gcc or the rustup target aarch64-unknown-linux-gnu missing: row 4 skipped"
fi

# ----------------------------------------------------------------------------------------------
# Measuring.

# check OUT CMD...: runs CMD once (stdout to OUT, stderr to OUT.err), bounded at 10 minutes;
# sets ST (exit status) and T0 (wall seconds).
check() {
  local out=$1 s e
  shift
  s=$(date +%s%N)
  ST=0
  timeout 600 "$@" >"$out" 2>"$out.err" || ST=$?
  e=$(date +%s%N)
  T0=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", (e - s) / 1e9 }')
}

# bench KEY T0 CMD...: mean and standard deviation (ms) of CMD's wall time into MS[KEY], SD[KEY],
# with N runs, or fewer (at least 3) when N runs of T0 seconds would exceed BUDGET seconds.
# Exit statuses are ignored (checked before).
declare -A MS SD NR RSS
bench() {
  local key=$1 t0=$2 runs warm
  shift 2
  runs=$(awk -v n="$N" -v t="$t0" -v b="$BUDGET" \
    'BEGIN { r = n; if (t * n > b) r = int(b / t); if (r < 3) r = 3; if (r > n) r = n; print r }')
  warm=$(awk -v t="$t0" 'BEGIN { print (t > 1) ? 1 : 2 }')
  note "timing $key ($runs runs): $(basename "$1") ${*:2:3}$( (($# > 4)) && echo " ...")"
  if have hyperfine; then
    hyperfine --style none -N -i --warmup "$warm" --runs "$runs" --export-json "$tmp/h.json" \
      -- "$*" >/dev/null 2>"$tmp/h.err" || { cat "$tmp/h.err" >&2; exit 1; }
    read -r "MS[$key]" "SD[$key]" < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.2f %.2f" % (r["mean"] * 1e3, (r["stddev"] or 0) * 1e3))' "$tmp/h.json")
  else
    MS[$key]=$(N=$runs mean_ms "$@")
    SD[$key]=-
  fi
  NR[$key]=$runs
}

# rss KEY CMD...: peak RSS (KiB) of CMD, the maximum over 3 runs, into RSS[KEY].
rss() {
  local key=$1 max=0 k
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1 || true
    k=$(tail -1 "$tmp/rss")
    ((k > max)) && max=$k
  done
  RSS[$key]=$max
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
ms() { # a time in ms, 3 significant digits or so
  awk -v m="$1" 'BEGIN { if (m >= 10000) printf "%.2f s", m / 1000; else if (m >= 100) printf "%.0f ms", m;
                         else if (m >= 10) printf "%.1f ms", m; else printf "%.2f ms", m }'
}
pm() { # "mean ± sd (runs)" of KEY
  printf '%s ± %s (%s runs)' "$(ms "${MS[$1]}")" "$(ms "${SD[$1]}")" "${NR[$1]}"
}
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Summary rows: workload|rjitlink|peer|ratio|goal|met
SUMMARY=()
# row WORKLOAD RJ PEER RATIO OP LIMIT [UNIT]: the goal is RATIO OP LIMIT (OP <= or >=), or
# OP = info for no goal. RATIO n/a: no peer. UNIT: the goal's unit (default x, a ratio).
row() {
  local unit=${7:-x} met=- goal=info ratio=$4
  if [[ $5 != info ]]; then
    goal="$5 ${6}x"
    [[ $unit != x ]] && goal="$5 $6 $unit"
    [[ $4 != n/a ]] && met=$(awk -v r="$4" -v l="$6" -v op="$5" \
      'BEGIN { ok = (op == "<=") ? r <= l : r >= l; print ok ? "yes" : "NO" }')
  fi
  [[ $ratio != n/a && $unit == x ]] && ratio="${ratio}x"
  [[ $unit != x ]] && ratio=-
  SUMMARY+=("$1|$2|$3|$ratio|$goal|$met")
}

# ----------------------------------------------------------------------------------------------
# Synthetic programs.

# synth FUNCS OBJS OPT: generates and compiles (once) the synthetic program; sets SDIR, SOBJS
# (objects in link order), SBYTES, SRELOCS, SWANT (its checksum, natively linked by cc, whose
# program is SDIR/native).
synth() {
  local funcs=$1 objs=$2 opt=$3 hash dir k
  hash=$(sha256sum <"$GEN" | cut -c1-8)
  dir=$CACHE/f${funcs}-o${objs}-O${opt}-s9-$hash
  if [[ ! -f $dir/done ]]; then
    note "generating and compiling $funcs functions in $objs objects (-O$opt) into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    python3 "$GEN" --funcs "$funcs" --objs "$objs" --seed 9 --out "$dir"
    local s e
    s=$(date +%s)
    (cd "$dir" && for ((k = 0; k < objs; k++)); do echo "obj$k"; done |
      xargs -P2 -I{} "$CLANG" -O"$opt" -c {}.c -o {}.o)
    e=$(date +%s)
    note "  compiled in $((e - s)) s"
    SOBJS=()
    for ((k = 0; k < objs; k++)); do SOBJS+=("$dir/obj$k.o"); done
    "$CC" "${SOBJS[@]}" -o "$dir/native"
    "$dir/native" >"$dir/native.out"
    python3 "$GEN" --count "${SOBJS[@]}" >"$dir/stats"
    touch "$dir/done"
  fi
  SDIR=$dir
  SOBJS=()
  for ((k = 0; k < objs; k++)); do SOBJS+=("$dir/obj$k.o"); done
  read -r SBYTES SRELOCS <"$dir/stats"
  SWANT=$(cat "$dir/native.out")
}

# synth_check LABEL: the program of the last synth must print SWANT with rjitlink (else the
# script stops) and with llvm-jitlink-22 (else LJ_OK=0). Sets T_RJ, T_LJ (seconds of these
# runs: link + run).
synth_check() {
  check "$tmp/s.out" "$RJ" "${SOBJS[@]}"
  T_RJ=$T0
  if [[ $ST != 0 ]] || [[ $(cat "$tmp/s.out") != "$SWANT" ]]; then
    echo "$1: rjitlink printed '$(cat "$tmp/s.out")' (status $ST), native '$SWANT'" >&2
    head -5 "$tmp/s.out.err" >&2
    exit 1
  fi
  LJ_OK=0 T_LJ=0
  if [[ -n $LJ ]]; then
    check "$tmp/s.out" "$LJ" "${SOBJS[@]}"
    T_LJ=$T0
    if [[ $ST == 0 && $(cat "$tmp/s.out") == "$SWANT" ]]; then
      LJ_OK=1
    else
      note "$1: llvm-jitlink-22 printed '$(cat "$tmp/s.out")' (status $ST), native '$SWANT': n/a"
      head -5 "$tmp/s.out.err" >&2
    fi
  fi
  local peer=", llvm-jitlink-22 n/a"
  ((LJ_OK)) && peer=" = llvm-jitlink-22"
  note "$1: $SWANT (native = rjitlink$peer)"
}

describe() { # funcs objs opt
  awk -v f="$1" -v o="$2" -v p="$3" -v b="$SBYTES" -v r="$SRELOCS" 'BEGIN {
    printf "%d functions in %d object%s (-O%s): %.1f MB of objects, %d relocations\n",
      f, o, o == 1 ? "" : "s", p, b / 1e6, r }'
}

# ----------------------------------------------------------------------------------------------
# 1. sqlite demo: rjitlink (link + run) vs cc (link + run) and the prelinked program.

out() { echo "$*"; }
out "bench/speed.sh, N=$N: rjitlink $COMMIT$( ((DIRTY)) && echo " + uncommitted changes in src/") (binary sha256 $RJ_SUM)"
out

if [[ -f $LIB ]]; then
  out "1. sqlite demo in-process (testdata/real/sqlite_demo.o + libsqlite3.a) vs cc -lm"
  cat >"$tmp/sqlite-cc.sh" <<SH
#!/bin/sh
$CC $SQL_OBJ $LIB -lm -o $tmp/sqlite-native && exec $tmp/sqlite-native
SH
  chmod +x "$tmp/sqlite-cc.sh"
  check "$tmp/o" "$tmp/sqlite-cc.sh"
  cmp -s "$tmp/o" "$SQL_EXPECTED" || { echo "native sqlite demo: wrong output (status $ST)" >&2; exit 1; }
  t_cc=$T0
  check "$tmp/o" "$RJ" "$SQL_OBJ" "$LIB"
  [[ $ST == 0 ]] && cmp -s "$tmp/o" "$SQL_EXPECTED" ||
    { echo "rjitlink sqlite demo: wrong output (status $ST)" >&2; head -5 "$tmp/o.err" >&2; exit 1; }
  t_rj=$T0
  bench sql_rj "$t_rj" "$RJ" "$SQL_OBJ" "$LIB"
  bench sql_cc "$t_cc" "$tmp/sqlite-cc.sh"
  bench sql_native 0.01 "$tmp/sqlite-native"
  rss sql_rj "$RJ" "$SQL_OBJ" "$LIB"
  rss sql_native "$tmp/sqlite-native"
  out "   rjitlink link + run        $(pm sql_rj)   peak $(mib "${RSS[sql_rj]}")"
  out "   cc link + run              $(pm sql_cc)"
  out "   run of the cc-linked prog  $(pm sql_native)   peak $(mib "${RSS[sql_native]}")"
  r1=$(div "${MS[sql_rj]}" "${MS[sql_cc]}")
  r1b=$(div "${MS[sql_rj]}" "${MS[sql_native]}")
  out "   rjitlink / (cc link + run) = ${r1}x; rjitlink / run of the cc-linked program = ${r1b}x"
  # The goal (issue 9) is against the natively linked program's run: JIT link + run should
  # cost at most twice what running the prelinked program costs.
  row "1 sqlite: rjitlink vs native run" "$(ms "${MS[sql_rj]}")" "$(ms "${MS[sql_native]}") run" "$r1b" "<=" 2
  row "1 sqlite: rjitlink vs cc link + run" "$(ms "${MS[sql_rj]}")" "$(ms "${MS[sql_cc]}") cc+run" "$r1" info
  out
else
  note "missing $LIB (apt-get install libsqlite3-dev): rows 1 and 3 skipped"
fi

# ----------------------------------------------------------------------------------------------
# 2. The synthetic program, -O2.

synth 20000 50 2
out "2. synthetic: $(describe 20000 50 2)"
synth_check "synthetic 20000/50 -O2"
cat >"$tmp/synth-cc.sh" <<SH
#!/bin/sh
$CC ${SOBJS[*]} -o $tmp/synth-native && exec $tmp/synth-native
SH
chmod +x "$tmp/synth-cc.sh"
check "$tmp/o" "$tmp/synth-cc.sh"
[[ $(cat "$tmp/o") == "$SWANT" ]] || { echo "cc link + run of the synthetic program differs" >&2; exit 1; }
t_cc=$T0
bench s2_rj "$T_RJ" "$RJ" "${SOBJS[@]}"
bench s2_rj_noexec "$T_RJ" "$RJ" -noexec "${SOBJS[@]}"
rss s2_rj "$RJ" "${SOBJS[@]}"
rss s2_rj_noexec "$RJ" -noexec "${SOBJS[@]}"
if ((LJ_OK)); then
  bench s2_lj "$T_LJ" "$LJ" "${SOBJS[@]}"
  bench s2_lj_noexec "$T_LJ" "$LJ" -noexec "${SOBJS[@]}"
  rss s2_lj "$LJ" "${SOBJS[@]}"
fi
bench s2_cc "$t_cc" "$tmp/synth-cc.sh"
bench s2_native 0.01 "$SDIR/native"
out "   ${SWANT/checksum /checksum: } (native = rjitlink$( ((LJ_OK)) && echo " = llvm-jitlink-22"))"
out "   rjitlink link + run        $(pm s2_rj)   peak $(mib "${RSS[s2_rj]}")"
out "   rjitlink -noexec           $(pm s2_rj_noexec)   peak $(mib "${RSS[s2_rj_noexec]}")"
if ((LJ_OK)); then
  out "   llvm-jitlink link + run    $(pm s2_lj)   peak $(mib "${RSS[s2_lj]}")"
  out "   llvm-jitlink -noexec       $(pm s2_lj_noexec)"
  r2=$(div "${MS[s2_lj]}" "${MS[s2_rj]}")
  r2n=$(div "${MS[s2_lj_noexec]}" "${MS[s2_rj_noexec]}")
  out "   llvm/rjitlink: link + run ${r2}x, -noexec ${r2n}x"
  lj2="$(ms "${MS[s2_lj]}") llvm"
  lj2n="$(ms "${MS[s2_lj_noexec]}") llvm"
else
  r2=n/a r2n=n/a lj2=n/a lj2n=n/a
fi
out "   cc link + run              $(pm s2_cc)"
out "   run of the cc-linked prog  $(pm s2_native)"
row "2 synth 20k/50 -O2: link + run" "$(ms "${MS[s2_rj]}")" "$lj2" "$r2" ">=" 12
row "2 synth 20k/50 -O2: -noexec" "$(ms "${MS[s2_rj_noexec]}")" "$lj2n" "$r2n" ">=" 12
lj_rss=n/a
((LJ_OK)) && lj_rss="$(mib "${RSS[s2_lj]}") llvm"
row "2 synth 20k/50: peak RSS, link + run" "$(mib "${RSS[s2_rj]}")" "$lj_rss" \
  "$(awk -v k="${RSS[s2_rj]}" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 50 MiB
row "2 synth: cc link + run (reference)" "$(ms "${MS[s2_rj]}")" "$(ms "${MS[s2_cc]}") cc+run" \
  "$(div "${MS[s2_rj]}" "${MS[s2_cc]}")" info
out

# ----------------------------------------------------------------------------------------------
# 3. sqlite demo in rjitlink-executor over pipes vs in-process.

if [[ -f $LIB ]]; then
  out "3. sqlite demo: rjitlink -oop-executor (rjitlink-executor on a pipe pair) vs in-process"
  check "$tmp/o" "$RJ" -oop-executor "$SQL_OBJ" "$LIB"
  [[ $ST == 0 ]] && cmp -s "$tmp/o" "$SQL_EXPECTED" ||
    { echo "rjitlink -oop-executor sqlite demo: wrong output (status $ST)" >&2; head -5 "$tmp/o.err" >&2; exit 1; }
  bench sql_oop "$T0" "$RJ" -oop-executor "$SQL_OBJ" "$LIB"
  rss sql_oop "$RJ" -oop-executor "$SQL_OBJ" "$LIB"
  r3=$(div "${MS[sql_oop]}" "${MS[sql_rj]}")
  out "   rjitlink -oop-executor     $(pm sql_oop)   peak $(mib "${RSS[sql_oop]}") (largest process)"
  out "   rjitlink in-process        $(pm sql_rj)   (row 1)"
  out "   executor / in-process = ${r3}x"
  row "3 sqlite: executor vs in-process" "$(ms "${MS[sql_oop]}")" "$(ms "${MS[sql_rj]}") in-proc" "$r3" "<=" 1.3
  out
fi

# ----------------------------------------------------------------------------------------------
# 4. aarch64 under qemu.

if [[ -n $AX ]]; then
  out "4. aarch64 dispatch (testdata/cross/aarch64-linux-gnu/dispatch): rjitlink + aarch64 rjitlink-executor under qemu vs aarch64-linux-gnu-gcc, run under qemu"
  DOBJS=("$DISPATCH/main.o" "$DISPATCH/ops.o" "$DISPATCH/table.o")
  want_status=$(cat "$DISPATCH/expected.status")
  aarch64-linux-gnu-gcc "${DOBJS[@]}" -lm -o "$tmp/dispatch"
  cat >"$tmp/dispatch-cc.sh" <<SH
#!/bin/sh
aarch64-linux-gnu-gcc ${DOBJS[*]} -lm -o $tmp/dispatch2 && exec qemu-aarch64 -L $SYSROOT $tmp/dispatch2
SH
  chmod +x "$tmp/dispatch-cc.sh"
  for c in "qemu-aarch64 -L $SYSROOT $tmp/dispatch" "$tmp/dispatch-cc.sh" \
    "$RJ -oop-executor=$tmp/bin/qemu-executor.sh ${DOBJS[*]}"; do
    read -r -a cmd <<<"$c"
    check "$tmp/o" "${cmd[@]}"
    if [[ $ST != "$want_status" ]] || ! cmp -s "$tmp/o" "$DISPATCH/expected.out"; then
      echo "dispatch: wrong output or status $ST (want $want_status): $c" >&2
      head -5 "$tmp/o.err" >&2
      exit 1
    fi
  done
  bench a64_rj "$T0" "$RJ" -oop-executor="$tmp/bin/qemu-executor.sh" "${DOBJS[@]}"
  bench a64_native 0.05 qemu-aarch64 -L "$SYSROOT" "$tmp/dispatch"
  bench a64_cc 0.1 "$tmp/dispatch-cc.sh"
  rss a64_rj "$RJ" -oop-executor="$tmp/bin/qemu-executor.sh" "${DOBJS[@]}"
  rss a64_native qemu-aarch64 -L "$SYSROOT" "$tmp/dispatch"
  r4=$(div "${MS[a64_rj]}" "${MS[a64_native]}")
  r4b=$(div "${MS[a64_rj]}" "${MS[a64_cc]}")
  out "   rjitlink -> qemu executor  $(pm a64_rj)   peak $(mib "${RSS[a64_rj]}") (largest process)"
  out "   qemu, gcc-linked program   $(pm a64_native)   peak $(mib "${RSS[a64_native]}")"
  out "   gcc link + qemu run        $(pm a64_cc)"
  out "   rjitlink / native under qemu = ${r4}x; rjitlink / (gcc link + qemu run) = ${r4b}x"
  row "4 aarch64 qemu: executor vs native" "$(ms "${MS[a64_rj]}")" "$(ms "${MS[a64_native]}") qemu" "$r4" "<=" 1.5
  row "4 aarch64 qemu: vs gcc link + run" "$(ms "${MS[a64_rj]}")" "$(ms "${MS[a64_cc]}") gcc+qemu" "$r4b" info
  out
fi

# ----------------------------------------------------------------------------------------------
# 5 and scaling: -O0, -noexec.

# scale KEY FUNCS OBJS: checks and times rjitlink -noexec (and llvm-jitlink-22 -noexec if it
# works and one link takes under LLVM_MAX seconds, or always when FORCE_LJ=1) into MS[KEY.rj],
# MS[KEY.lj]; FUNCS[KEY], OBJS[KEY], BYTES[KEY], RELOCS[KEY].
declare -A FUNCS OBJS BYTES RELOCS
scale() {
  local key=$1
  synth "$2" "$3" 0
  FUNCS[$key]=$2 OBJS[$key]=$3 BYTES[$key]=$SBYTES RELOCS[$key]=$SRELOCS
  synth_check "synthetic $2/$3 -O0"
  check "$tmp/o" "$RJ" -noexec "${SOBJS[@]}"
  bench "$key.rj" "$T0" "$RJ" -noexec "${SOBJS[@]}"
  if ((LJ_OK)); then
    check "$tmp/o" "$LJ" -noexec "${SOBJS[@]}"
    if [[ $ST == 0 ]] && awk -v t="$T0" -v m="$LLVM_MAX" -v f="${FORCE_LJ:-0}" 'BEGIN { exit !(f || t < m) }'; then
      bench "$key.lj" "$T0" "$LJ" -noexec "${SOBJS[@]}"
    else
      note "llvm-jitlink-22 -noexec took $T0 s (status $ST): not timed"
      MS[$key.lj]=-
      LJ_ONE[$key]=$T0
    fi
  else
    MS[$key.lj]=-
  fi
}
declare -A LJ_ONE

out "5. one synthetic object (-O0), -noexec: 5k vs 40k functions"
scale 1x1000 1000 1
scale 1x5000 5000 1
scale 1x20000 20000 1
FORCE_LJ=1 scale 1x40000 40000 1
rss 1x40000.rj "$RJ" -noexec "${SOBJS[@]}"
scale 10x20000 20000 10
scale 50x20000 20000 50
scale 200x20000 20000 200

r5=$(div "${MS[1x40000.rj]}" "${MS[1x5000.rj]}")
out "   rjitlink  5k: $(pm 1x5000.rj)"
out "   rjitlink 40k: $(pm 1x40000.rj)   peak $(mib "${RSS[1x40000.rj]}")"
out "   t(40k)/t(5k) = ${r5}x (8x the functions)"
row "5 one object -O0: t(40k)/t(5k)" "$(ms "${MS[1x40000.rj]}")" "$(ms "${MS[1x5000.rj]}") 5k" "$r5" "<=" 9
if [[ ${MS[1x40000.lj]} != - ]]; then
  r5b=$(div "${MS[1x40000.lj]}" "${MS[1x40000.rj]}")
  out "   llvm-jitlink 40k: $(pm 1x40000.lj); llvm/rjitlink = ${r5b}x"
  row "5 one object -O0 40k: vs llvm" "$(ms "${MS[1x40000.rj]}")" "$(ms "${MS[1x40000.lj]}") llvm" "$r5b" ">=" 5
else
  row "5 one object -O0 40k: vs llvm" "$(ms "${MS[1x40000.rj]}")" n/a n/a ">=" 5
fi
out

out "Scaling (-O0, -noexec): µs per function, and marginal µs per function added since the row above"
printf '%-8s %9s %8s %9s | %10s %8s %9s | %10s %8s %9s\n' objects functions "obj MB" relocs \
  "rjitlink" "µs/fn" "marginal" "llvm" "µs/fn" "marginal"
scaling_row() { # key prev-key
  local k=$1 p=${2:-} rj lj
  rj=$(awk -v m="${MS[$k.rj]}" -v f="${FUNCS[$k]}" 'BEGIN { printf "%.2f", m * 1000 / f }')
  local rjm=- ljm=- ljt=- ljf=-
  if [[ -n $p ]]; then
    rjm=$(awk -v a="${MS[$k.rj]}" -v b="${MS[$p.rj]}" -v fa="${FUNCS[$k]}" -v fb="${FUNCS[$p]}" \
      'BEGIN { printf "%.2f", (a - b) * 1000 / (fa - fb) }')
  fi
  if [[ ${MS[$k.lj]} != - ]]; then
    ljt=$(ms "${MS[$k.lj]}")
    ljf=$(awk -v m="${MS[$k.lj]}" -v f="${FUNCS[$k]}" 'BEGIN { printf "%.2f", m * 1000 / f }')
    if [[ -n $p && ${MS[$p.lj]:--} != - ]]; then
      ljm=$(awk -v a="${MS[$k.lj]}" -v b="${MS[$p.lj]}" -v fa="${FUNCS[$k]}" -v fb="${FUNCS[$p]}" \
        'BEGIN { printf "%.2f", (a - b) * 1000 / (fa - fb) }')
    fi
  elif [[ -n ${LJ_ONE[$k]:-} ]]; then
    ljt=">${LLVM_MAX} s"
  fi
  printf '%-8s %9s %8.1f %9s | %10s %8s %9s | %10s %8s %9s\n' "${OBJS[$k]}" "${FUNCS[$k]}" \
    "$(awk -v b="${BYTES[$k]}" 'BEGIN { print b / 1e6 }')" "${RELOCS[$k]}" \
    "$(ms "${MS[$k.rj]}")" "$rj" "$rjm" "$ljt" "$ljf" "$ljm"
}
scaling_row 1x1000
scaling_row 1x5000 1x1000
scaling_row 1x20000 1x5000
scaling_row 1x40000 1x20000
echo "(20000 functions split over more objects)"
scaling_row 1x20000
scaling_row 10x20000
scaling_row 50x20000
scaling_row 200x20000
out

# ----------------------------------------------------------------------------------------------
out "Summary (rjitlink $COMMIT$( ((DIRTY)) && echo "+dirty"), N=$N; ratio direction: see each goal)"
printf '%-38s | %12s | %20s | %8s | %9s | %s\n' workload rjitlink peer ratio goal met
printf '%s\n' "---------------------------------------|--------------|----------------------|----------|-----------|----"
for r in "${SUMMARY[@]}"; do
  IFS='|' read -r w a b c d e <<<"$r"
  printf '%-38s | %12s | %20s | %8s | %9s | %s\n' "$w" "$a" "$b" "$c" "$d" "$e"
done
out
out "ratio: rjitlink / peer in rows 1, 3, 4 and 2's reference row; llvm-jitlink-22 / rjitlink in 2 and 5's"
out "llvm row; t(40k) / t(5k) in 5's first row. Times are means over the runs shown in the details above."
now=$(git log -1 --format=%h)
[[ $now == "$COMMIT" ]] || note "the commit changed during the run ($COMMIT -> $now); the binary measured is the one built at the start"
