#!/bin/bash
# A/B comparison of two revisions on the four hot paths (reader pages, scheduling, search, inspection).
#
#   bench/compare.sh [--base REV] [--head REV] [--reuse] [--rounds N] [--only "reader sched search insp"] [--out FILE]
#
# BASE defaults to 272b668 (main before issue 12), HEAD to the commit checked out here (uncommitted changes are NOT
# measured). Each revision is exported (git archive, no change to this repository) to /tmp/nmc-bench-src/<sha> and built
# there in Release (the web app and the three bench projects); a built tree is kept and reused by later invocations
# (delete the directory to force a rebuild). Then, per benchmark, the runs alternate A, B, A, B (N rounds, default 2) in
# the same minutes, so that the machine's load hits both sides alike; the table compares the means as B/A ratios.
#
# Generated data lives in /tmp/nmc-bench-data and is shared by both sides (built once by BASE's bench): the search index
# and its SQLite table, the inspection store (copied afresh before every run), the demo site of the reader pages (per
# revision: each revision's app builds its own on first start). --reuse keeps data from an earlier invocation; without
# it the data is generated again. Raw outputs of a run: /tmp/nmc-bench-run-<UTC time>/.
#
# Scale, overridable by environment variables of the same names. Measuring 2 rounds took 20 min at a load average of
# 23-34 with 50 departments (2026-12-03); 20 departments since (estimated, not measured: about 18 min at that load).
# Builds (about 6 min per revision under load) and first-time data (about 4 min) come on top, once.
#   reader:  wrk -t2 -c64, READER_WARMUP=5 s discarded then READER_SECONDS=10 s measured, cached and uncached (two app starts)
#   sched:   SCHED_COUNT=1000 notices over SCHED_DEPTS=20 departments due within SCHED_WINDOW=60 s, SQLite, report at
#            window + SCHED_GRACE=15 s (SCHED_LEAD=50 s from the end of preparation to the window)
#   search:  SEARCH_COUNT=100000 notices, SEARCH_RUNS=20 Lucene runs per query (10 queries, portal and department), LIKE once
#   insp:    INSP_ACCOUNTS=1000 accounts, INSP_POSTS=100000 posts, INSP_MESSAGES=10000 messages, SQLite, 2 runs in one process
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=272b668
HEAD_REV=HEAD
REUSE=0
ROUNDS=2
ONLY="reader sched search insp"
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=$2; shift 2 ;;
    --head) HEAD_REV=$2; shift 2 ;;
    --reuse) REUSE=1; shift ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

READER_PAGE=${READER_PAGE:-/gaj/notices/gaj-n-0035}
READER_SECONDS=${READER_SECONDS:-10}
READER_WARMUP=${READER_WARMUP:-5}
READER_PORT=${READER_PORT:-5197}
SCHED_COUNT=${SCHED_COUNT:-1000}
SCHED_DEPTS=${SCHED_DEPTS:-20}
SCHED_WINDOW=${SCHED_WINDOW:-60}
SCHED_GRACE=${SCHED_GRACE:-15}
SCHED_LEAD=${SCHED_LEAD:-50}
SCHED_DRAIN=${SCHED_DRAIN:-30}
SEARCH_COUNT=${SEARCH_COUNT:-100000}
SEARCH_RUNS=${SEARCH_RUNS:-20}
INSP_ACCOUNTS=${INSP_ACCOUNTS:-1000}
INSP_POSTS=${INSP_POSTS:-100000}
INSP_MESSAGES=${INSP_MESSAGES:-10000}

SRC=/tmp/nmc-bench-src
DATA=/tmp/nmc-bench-data
RUN=/tmp/nmc-bench-run-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$SRC" "$DATA" "$RUN"
cd "$RUN"   # nothing is written where the script was started
RESULTS=$RUN/results.tsv
: >"$RESULTS"
HZ=$(getconf CLK_TCK)
[ -n "$OUT" ] || OUT=$RUN/table.txt

say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$RUN/log.txt"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# result BENCH METRIC BETTER(lower|higher|same) SIDE ROUND VALUE
result() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

A_SHA=$(git -C "$ROOT" rev-parse --verify "$BASE^{commit}")
B_SHA=$(git -C "$ROOT" rev-parse --verify "$HEAD_REV^{commit}")
if [ "$HEAD_REV" = HEAD ] && [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]; then
  say "warning: uncommitted changes in $ROOT are not measured (HEAD = $B_SHA)"
fi
declare -A TREE SHA
SHA[A]=$A_SHA; SHA[B]=$B_SHA
TREE[A]=$SRC/$A_SHA; TREE[B]=$SRC/$B_SHA
START_LOAD=$(load); START_TIME=$(date -u +%H:%M:%S)
say "A = $BASE ($A_SHA), B = $HEAD_REV ($B_SHA); rounds $ROUNDS; benchmarks: $ONLY; load $START_LOAD; outputs $RUN"

# Processes this script started (killed by pid on exit, never by name).
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# ---------------------------------------------------------------- builds
build() { # sha: export the revision and build it in Release, once
  local sha=$1 dir=$SRC/$1
  if [ -f "$dir/.nmc-built" ]; then say "build $sha: reused ($dir)"; return 0; fi
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
  git -C "$ROOT" archive "$sha" | tar -x -C "$dir.tmp"
  say "build $sha: dotnet build -c Release (web app via the scheduling bench, inspection and search benches)"
  local t0=$SECONDS p
  for p in Scheduling Inspection Search; do
    if ! (cd "$dir.tmp" && dotnet build -c Release "bench/NewMediaCms.Bench.$p" -nologo -v q >"$RUN/build-$sha-$p.log" 2>&1); then
      grep -E " error |rror\(s\)" "$RUN/build-$sha-$p.log" | sort -u | head -20
      say "build of $sha failed (bench/NewMediaCms.Bench.$p), see $RUN/build-$sha-$p.log"; exit 1
    fi
  done
  rm -rf "$dir"; mv "$dir.tmp" "$dir"; touch "$dir/.nmc-built"
  say "build $sha: done in $((SECONDS - t0)) s"
}
build "$A_SHA"
[ "$B_SHA" = "$A_SHA" ] || build "$B_SHA"
[ "$B_SHA" != "$A_SHA" ] || say "A and B are the same commit: both sides run the same build (the table shows the noise floor)"

bench_dll() { echo "${TREE[$1]}/bench/NewMediaCms.Bench.$2/bin/Release/net10.0/NewMediaCms.Bench.$2.dll"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# ---------------------------------------------------------------- reader pages
to_ms() { # wrk latency (850.00us, 12.34ms, 1.20s) -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
APP_PID=""
start_app() { # side cache(true|false) log
  local side=$1 cache=$2
  if curl -s -o /dev/null "http://127.0.0.1:$READER_PORT/health"; then say "port $READER_PORT is in use by someone else (set READER_PORT)"; exit 1; fi
  (cd "${TREE[$side]}/src/NewMediaCms.Web" && exec env ASPNETCORE_ENVIRONMENT=Production PublicSite__OutputCache="$cache" \
     Logging__LogLevel__Default=Warning Store__AppDataPath="$DATA/reader-${SHA[$side]}" \
     dotnet bin/Release/net10.0/NewMediaCms.Web.dll --urls "http://127.0.0.1:$READER_PORT") >>"$3" 2>&1 &
  APP_PID=$!; PIDS+=("$APP_PID")
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$READER_PORT/health" && return 0
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 1
  done
  say "app ($side) did not start, see $3"; tail -20 "$3"; exit 1
}
stop_app() {
  kill "$APP_PID" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
  APP_PID=""
}
prepare_reader() { # side: the revision's demo site (App_Data) is built by its app on first start
  local side=$1 dir=$DATA/reader-${SHA[$1]}
  if [ "$REUSE" = 1 ] && [ -f "$dir/.nmc-ready" ]; then return 0; fi
  rm -rf "$dir"; mkdir -p "$dir"
  say "reader: building the demo site for ${SHA[$side]} (first start of its app)"
  start_app "$side" true "$RUN/reader-prepare-$side.log"
  curl -sf -o /dev/null "http://127.0.0.1:$READER_PORT$READER_PAGE" || { say "reader page $READER_PAGE not served"; exit 1; }
  stop_app
  touch "$dir/.nmc-ready"
}
run_reader() { # side round
  local side=$1 round=$2 cache label out before after n rps p99 non2xx
  for cache in true false; do
    [ "$cache" = true ] && label=cached || label=uncached
    out=$RUN/reader-$side-$round-$label
    start_app "$side" "$cache" "$out.app.log"
    curl -sf -o /dev/null "http://127.0.0.1:$READER_PORT$READER_PAGE" || { say "reader page not served ($side)"; exit 1; }
    wrk -t2 -c64 -d"${READER_WARMUP}s" "http://127.0.0.1:$READER_PORT$READER_PAGE" >/dev/null
    before=$(ticks "$APP_PID")
    wrk -t2 -c64 -d"${READER_SECONDS}s" --latency "http://127.0.0.1:$READER_PORT$READER_PAGE" >"$out.wrk"
    after=$(ticks "$APP_PID")
    stop_app
    rps=$(awk '/Requests\/sec/ {print $2}' "$out.wrk")
    p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$out.wrk")")
    n=$(awk '/requests in/ {print $1}' "$out.wrk")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$out.wrk"); non2xx=${non2xx:-0}
    result reader "$label req/s" higher "$side" "$round" "$rps"
    result reader "$label p99 ms" lower "$side" "$round" "$p99"
    result reader "$label app CPU us/request" lower "$side" "$round" "$(awk -v t=$((after - before)) -v n="$n" -v hz="$HZ" 'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
    result reader "$label non-2xx responses" same "$side" "$round" "$non2xx"
    say "reader $side #$round $label: $rps req/s, p99 $p99 ms, $n requests, non-2xx $non2xx (load $(load))"
  done
}

# ---------------------------------------------------------------- scheduling
run_sched() { # side round
  local side=$1 round=$2 out=$RUN/sched-$1-$2 pid last total=0 bench_pid rc=0
  say "sched $side #$round: $SCHED_COUNT notices, $SCHED_DEPTS departments, window $SCHED_WINDOW s (load $(load))"
  : >"$out.out"
  /usr/bin/time -f "%U %S" -o "$out.time" dotnet "$(bench_dll "$side" Scheduling)" --store sqlite --count "$SCHED_COUNT" \
    --departments "$SCHED_DEPTS" --window "$SCHED_WINDOW" --grace "$SCHED_GRACE" --lead "$SCHED_LEAD" --drain "$SCHED_DRAIN" \
    --dir "$out.dir" >"$out.out" 2>&1 &
  bench_pid=$!; PIDS+=("$bench_pid")
  # The worker (the app, a child of the driver) prints its pid; sample its CPU time every second while it lives.
  declare -A worker_ticks=()
  while kill -0 "$bench_pid" 2>/dev/null; do
    for pid in $(sed -n 's/.*worker [0-9]* (pid \([0-9]*\)) answering.*/\1/p' "$out.out"); do
      last=$(ticks "$pid"); [ "$last" = 0 ] || worker_ticks[$pid]=$last
    done
    sleep 1
  done
  wait "$bench_pid" || rc=$?
  for pid in "${!worker_ticks[@]}"; do total=$((total + worker_ticks[$pid])); done
  local block published missed p50 p99 maxl dup
  # The first report (at window + grace) decides missed/lateness; a later "after draining" block is informational.
  block=$(awk '/^== sqlite/ {n++} n == 1' "$out.out")
  published=$(sed -n 's/^published \([0-9]*\), missed \([0-9]*\).*/\1/p' <<<"$block")
  missed=$(sed -n 's/^published \([0-9]*\), missed \([0-9]*\).*/\2/p' <<<"$block")
  p50=$(sed -n 's/^lateness s: p50 \([-0-9.NaN]*\),.*/\1/p' <<<"$block")
  p99=$(sed -n 's/^lateness s: .*p99 \([-0-9.NaN]*\),.*/\1/p' <<<"$block")
  maxl=$(sed -n 's/^lateness s: .*max \([-0-9.NaN]*\)$/\1/p' <<<"$block")
  dup=$(sed -n 's/.*items with more than one: \([0-9]*\).*/\1/p' <<<"$block")
  if [ -z "$published" ]; then say "sched $side #$round: no report (exit $rc), see $out.out"; tail -5 "$out.out"; return 0; fi
  result sched "scheduling the notices s (app's scheduler)" lower "$side" "$round" "$(sed -n 's/.*scheduled [0-9]* notices (.*) in \([0-9.]*\) s;.*/\1/p' "$out.out")"
  result sched "lateness p50 s" lower "$side" "$round" "$p50"
  result sched "lateness p99 s" lower "$side" "$round" "$p99"
  result sched "lateness max s" lower "$side" "$round" "$maxl"
  result sched "missed at window+grace" same "$side" "$round" "$missed"
  result sched "duplicated" same "$side" "$round" "$dup"
  result sched "worker (app) CPU s" lower "$side" "$round" "$(awk -v t="$total" -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }')"
  result sched "driver+app CPU s (incl. preparation)" lower "$side" "$round" "$(awk '{ printf "%.1f", $1 + $2 }' "$out.time")"
  say "sched $side #$round: published $published, missed $missed, duplicated $dup, lateness p50 $p50 p99 $p99 max $maxl s (exit $rc, load $(load))"
  rm -rf "$out.dir"
}

# ---------------------------------------------------------------- search
SEARCH_DIR=$DATA/search-$SEARCH_COUNT
declare -A SEARCH_OF
fingerprint() { # the index's segment files (names and sizes) and its layout; not the lock, not segments_N (every
  # open and close of the writer commits its commit data again, as a new segments_N with the same segments)
  { (cd "$1/lucene" && find . -type f ! -name write.lock ! -name 'segments*' -printf '%P %s\n' | sort); layout_of "$1"; } | md5sum | cut -c1-12
}
layout_of() { # nmc.layout in the commit data of the index in use (last segments_N of the directory named by "current")
  python3 - "$1/lucene" <<'PY'
import glob, os, re, sys
root = sys.argv[1]
current = open(os.path.join(root, "current")).read().strip()
files = sorted(glob.glob(os.path.join(root, current, "segments_*")), key=lambda f: int(f.rsplit("_", 1)[1], 36))
data = open(files[-1], "rb").read() if files else b""
m = re.search(rb"nmc\.layout(.)", data, re.S)
print(data[m.end():m.end() + m.group(1)[0]].decode() if m else "none")
PY
}
build_search() { # side dir
  say "search: building the index of $SEARCH_COUNT notices with ${SHA[$1]}'s code (rebuild path) in $2"
  rm -rf "$2"
  dotnet "$(bench_dll "$1" Search)" --count "$SEARCH_COUNT" --dir "$2" --queries-only --lucene-runs 1 --like-runs 1 >"$RUN/search-build-$1.out" 2>&1 \
    || { say "search index build failed, see $RUN/search-build-$1.out"; exit 1; }
  fingerprint "$2" >"$2/.nmc-fingerprint"
  say "search: index built, layout $(layout_of "$2"), $(du -sh "$2/lucene" | cut -f1) (load $(load))"
}
prepare_search() {
  if [ "$REUSE" = 1 ] && [ -f "$SEARCH_DIR/.nmc-fingerprint" ]; then say "search: reusing $SEARCH_DIR (layout $(layout_of "$SEARCH_DIR"))"
  else build_search A "$SEARCH_DIR"; fi
  SEARCH_OF[A]=$SEARCH_DIR; SEARCH_OF[B]=$SEARCH_DIR
}
search_once() { # side round dir -> parses the bench's table
  local side=$1 round=$2 dir=$3 out=$RUN/search-$1-$2
  dotnet "$(bench_dll "$side" Search)" --count "$SEARCH_COUNT" --dir "$dir" --reuse --queries-only --lucene-runs "$SEARCH_RUNS" --like-runs 1 >"$out.out" 2>&1 \
    || { say "search $side #$round failed, see $out.out"; tail -5 "$out.out"; return 1; }
}
run_search() { # side round
  local side=$1 round=$2 out=$RUN/search-$1-$2 line
  say "search $side #$round (load $(load))"
  search_once "$side" "$round" "${SEARCH_OF[$side]}" || return 0
  # Same index format for both sides: the side's code must leave the index as it found it and find the same documents.
  if [ "$side" = B ] && [ "${SEARCH_OF[B]}" = "$SEARCH_DIR" ]; then
    local a_hits b_hits
    a_hits=$(awk -F'|' '/\| Lucene \|/ {gsub(/ /, "", $8); printf "%s ", $8}' "$RUN/search-A-$round.out" 2>/dev/null || true)
    b_hits=$(awk -F'|' '/\| Lucene \|/ {gsub(/ /, "", $8); printf "%s ", $8}' "$out.out")
    if [ "$(fingerprint "$SEARCH_DIR")" != "$(cat "$SEARCH_DIR/.nmc-fingerprint")" ] || { [ -n "$a_hits" ] && [ "$a_hits" != "$b_hits" ]; }; then
      say "search: B's code changed the shared index or found other documents (hits A: $a_hits B: $b_hits): the index format differs, B gets its own index"
      build_search B "$DATA/search-$SEARCH_COUNT-${SHA[B]}"
      SEARCH_OF[B]=$DATA/search-$SEARCH_COUNT-${SHA[B]}
      search_once B "$round" "${SEARCH_OF[B]}" || return 0
    fi
  fi
  # | kind | engine | p50 | p95 | cpu p50 | cpu p95 | mean hits |
  while IFS='|' read -r _ kind engine p50 p95 c50 c95 hits _; do
    kind=$(echo "$kind" | sed 's/^ *//; s/ *$//; s/portal-wide, relevance/portal/; s/one department, relevance/department/; s/portal-wide, newest first/portal/; s/one department, newest first/department/')
    engine=$(echo "$engine" | sed 's/^ *//; s/ *$//; s/SQL LIKE (SQLite)/LIKE (bench code, control)/')
    result search "$engine $kind p50 ms" lower "$side" "$round" "${p50// /}"
    result search "$engine $kind p95 ms" lower "$side" "$round" "${p95// /}"
    result search "$engine $kind CPU p50 ms" lower "$side" "$round" "${c50// /}"
    result search "$engine $kind CPU p95 ms" lower "$side" "$round" "${c95// /}"
    [[ "$engine" == Lucene ]] && result search "$engine $kind mean hits" same "$side" "$round" "$(echo "${hits// /}" | tr -d ,)"
  done < <(grep -E '^\| (portal-wide|one department)' "$out.out")
  say "search $side #$round: $(grep -E '^\| portal-wide, relevance' "$out.out" | tr -s ' ')"
}

# ---------------------------------------------------------------- inspection
INSP_DIR=$DATA/insp-$INSP_ACCOUNTS-$INSP_POSTS-$INSP_MESSAGES
prepare_insp() {
  if [ "$REUSE" = 1 ] && [ -f "$INSP_DIR/.nmc-asof" ]; then say "inspection: reusing $INSP_DIR (as of $(cat "$INSP_DIR/.nmc-asof"))"; return 0; fi
  rm -rf "$INSP_DIR"
  say "inspection: generating $INSP_ACCOUNTS accounts, $INSP_POSTS posts, $INSP_MESSAGES messages with A's bench"
  local asof; asof=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  env -u Store__Provider -u Store__ConnectionString dotnet "$(bench_dll A Inspection)" generate "$INSP_DIR" "$INSP_ACCOUNTS" "$INSP_POSTS" "$INSP_MESSAGES" \
    >"$RUN/insp-generate.out" 2>&1 || { say "generate failed, see $RUN/insp-generate.out"; exit 1; }
  echo "$asof" >"$INSP_DIR/.nmc-asof"
  say "inspection: $(tail -1 "$RUN/insp-generate.out") (check time pinned to $asof)"
}
run_insp() { # side round: a fresh copy of the generated store, two inspections in one process
  local side=$1 round=$2 out=$RUN/insp-$1-$2 work=$RUN/insp-work r line
  rm -rf "$work"; cp -a "$INSP_DIR" "$work"
  say "inspection $side #$round (load $(load))"
  if ! env -u Store__Provider -u Store__ConnectionString NMC_BENCH_ASOF="$(cat "$INSP_DIR/.nmc-asof")" /usr/bin/time -f "%U %S %M" -o "$out.time" \
      dotnet "$(bench_dll "$side" Inspection)" inspect "$work" 2 >"$out.out" 2>&1; then
    say "inspection $side #$round failed, see $out.out"; tail -5 "$out.out"; rm -rf "$work"; return 0
  fi
  rm -rf "$work"
  for r in 1 2; do
    line=$(grep "^inspection $r of 2" "$out.out")
    local label; [ "$r" = 1 ] && label="first run" || label="later run"
    result insp "$label wall s" lower "$side" "$round" "$(sed -n 's/.*wall time \([0-9.]*\) s.*/\1/p' <<<"$line")"
    result insp "$label process CPU s" lower "$side" "$round" "$(sed -n 's/.*process CPU \([0-9.]*\) s.*/\1/p' <<<"$line")"
  done
  # findings, vetoed, dormant, zombie of each run: must be the same on both sides
  local counts; counts=$(sed -n 's/^accounts \([0-9]*\), inspected \([0-9]*\), findings \([0-9]*\), vetoed \([0-9]*\), dormant \([0-9]*\), zombie \([0-9]*\)/\3 \4 \5 \6/p' "$out.out" | head -1)
  result insp "findings" same "$side" "$round" "$(cut -d' ' -f1 <<<"$counts")"
  result insp "vetoed/dormant/zombie" same "$side" "$round" "$(cut -d' ' -f2- <<<"$counts" | tr ' ' /)"
  result insp "peak working set MB (2 runs)" lower "$side" "$round" "$(awk '{ printf "%.0f", $3 / 1024 }' "$out.time")"
  say "inspection $side #$round: $(grep -h "^inspection [12] of 2" "$out.out" | sed 's/ (as of.*//' | tr '\n' ';') findings $counts"
}

# ---------------------------------------------------------------- run
for b in $ONLY; do
  case "$b" in
    reader) prepare_reader A; [ "$B_SHA" = "$A_SHA" ] || prepare_reader B ;;
    search) prepare_search ;;
    insp) prepare_insp ;;
    sched) ;;
    *) echo "unknown benchmark $b" >&2; exit 2 ;;
  esac
done
MEASURE_START=$SECONDS; MEASURE_LOAD=$(load)
say "measuring (load $MEASURE_LOAD)"
for b in $ONLY; do
  for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do "run_$b" "$side" "$round"; done
  done
done
END_LOAD=$(load)
say "measured in $((SECONDS - MEASURE_START)) s; load $END_LOAD"

python3 "$ROOT/bench/compare-table.py" "$RESULTS" \
  --title "A = $BASE (${A_SHA:0:10}), B = $HEAD_REV (${B_SHA:0:10}); $ROUNDS round(s), alternating A/B; $(date -u +%Y-%m-%d) $START_TIME-$(date -u +%H:%M:%S) UTC; measuring took $((SECONDS - MEASURE_START)) s, the whole invocation $SECONDS s" \
  --load "load average at start $START_LOAD, measuring from $MEASURE_LOAD, at end $END_LOAD (1/5/15 min; 2 cores)" \
  --scale "scale: reader wrk -t2 -c64 ${READER_WARMUP}+${READER_SECONDS} s on $READER_PAGE; sched $SCHED_COUNT notices/$SCHED_DEPTS depts in $SCHED_WINDOW s (SQLite), grace $SCHED_GRACE s; search $SEARCH_COUNT notices, $SEARCH_RUNS Lucene runs per query; inspection $INSP_ACCOUNTS accounts/$INSP_POSTS posts/$INSP_MESSAGES messages (SQLite)" \
  | tee "$OUT"
[ "$OUT" = "$RUN/table.txt" ] || cp "$OUT" "$RUN/table.txt"
echo "raw outputs: $RUN"
