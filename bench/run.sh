#!/usr/bin/env bash
# Build-time benchmark: rolebook against Hugo on generated corpora.
#
#   bench/run.sh                         # sizes 1000 and 10000 pages, 1000 roles, 5 runs each
#   RUNS=3 SIZES="1000" ROLES=0 bench/run.sh
#
# Environment (all optional):
#   SIZES      page counts to benchmark, space separated   (default "1000 10000")
#   ROLES      role blueprints in the roles corpus, 0 = skip (default 1000)
#   HISTORY    commits in the history corpus (HISTORY_ROLES roles with a git history made
#              by bench/gen_history.py), 0 = skip                          (default 1000)
#   HISTORY_ROLES  roles in the history corpus                             (default 100)
#   RUNS       timed runs per tool and size                 (default 5)
#   SEED       corpus seed                                  (default 42)
#   ROLEBOOK   the rolebook binary        (default target/release/rolebook, built if missing)
#   BENCH_DIR  where to make the work folder for corpora and outputs (default /dev/shm, else $TMPDIR)
#   KEEP=1     keep BENCH_DIR afterwards (it is removed by default)
#   RESULTS    also copy the raw measurements (TSV) and the summary to RESULTS and RESULTS.txt
#   FLOOR=0    do not time bench/highlight-floor (syntect alone on the corpus's code blocks;
#              built with cargo if missing) beside the page builds
#   QUIET_WAIT before each timed run, wait up to this many seconds for other processes to
#              leave the CPUs idle (default 120; 0 = do not wait)
#
# Every run is measured with /usr/bin/time (wall, user+sys CPU, peak RSS). Runs of the
# tools alternate (rolebook cold, rolebook warm, hugo, rolebook cold, ...) so a slow
# phase of the machine hits every tool alike. See docs/performance.md.
set -euo pipefail

SIZES="${SIZES:-1000 10000}"
ROLES="${ROLES:-1000}"
HISTORY="${HISTORY:-1000}"
HISTORY_ROLES="${HISTORY_ROLES:-100}"
RUNS="${RUNS:-5}"
SEED="${SEED:-42}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROLEBOOK="${ROLEBOOK:-$REPO/target/release/rolebook}"
GEN="$REPO/bench/gen_corpus.py"
TIME=/usr/bin/time

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

QUIET_WAIT="${QUIET_WAIT:-120}"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ "$QUIET_WAIT" =~ ^[0-9]+$ ]] || die "QUIET_WAIT must be a number of seconds, not '$QUIET_WAIT'"
[[ "$ROLES" =~ ^[0-9]+$ ]] || die "ROLES must be a number, not '$ROLES'"
[[ "$HISTORY" =~ ^[0-9]+$ ]] || die "HISTORY must be a number, not '$HISTORY'"
[[ "$HISTORY_ROLES" =~ ^[1-9][0-9]*$ ]] || die "HISTORY_ROLES must be a positive number, not '$HISTORY_ROLES'"
for n in $SIZES; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SIZES must hold positive integers, not '$n'"; done
command -v python3 >/dev/null || die "python3 is needed to generate the corpora"

# --- tools -----------------------------------------------------------------------------
apt_updated=0
apt_install() {
  local pkg="$1"
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "$pkg is missing and I am not root: install it (apt-get install $pkg)"
    SUDO=sudo
  else
    SUDO=
  fi
  command -v apt-get >/dev/null || die "$pkg is missing and there is no apt-get: install it by hand"
  if [[ $apt_updated -eq 0 ]]; then
    say "apt-get update"
    $SUDO apt-get update -qq || die "apt-get update failed"
    apt_updated=1
  fi
  say "apt-get install -y $pkg"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$pkg" >/dev/null || die "could not install $pkg"
}

[[ -x $TIME ]] || apt_install time
[[ -x $TIME ]] || die "/usr/bin/time is still missing after installing the 'time' package"
command -v hugo >/dev/null || apt_install hugo
command -v hugo >/dev/null || die "hugo is still missing after apt-get install hugo"

if [[ ! -x "$ROLEBOOK" ]]; then
  [[ "$ROLEBOOK" == "$REPO/target/release/rolebook" ]] || die "ROLEBOOK=$ROLEBOOK is not an executable"
  say "building rolebook (cargo build --release)"
  (cd "$REPO" && cargo build --release --quiet) || die "cargo build --release failed"
fi
if [[ "$ROLEBOOK" == "$REPO/target/release/rolebook" ]] && [[ -n "$(find "$REPO/src" "$REPO/themes" -newer "$ROLEBOOK" -type f -print -quit 2>/dev/null)" ]]; then
  warn "$ROLEBOOK is older than some of src/ or themes/: the figures are for that older build"
fi

# The highlighting floor: syntect alone on the same code blocks, timed beside the builds.
# Built every time (a no-op when it is up to date): a floor binary older than its
# sources would silently report the floor of other code.
FLOOR_BIN="$REPO/bench/highlight-floor/target/release/highlight-floor"
if [[ "${FLOOR:-1}" != 0 ]]; then
  [[ -x "$FLOOR_BIN" ]] || say "building bench/highlight-floor (cargo build --release)"
  (cd "$REPO/bench/highlight-floor" && cargo build --release --quiet) || die "cargo build of bench/highlight-floor failed (FLOOR=0 skips it)"
fi
[[ "${FLOOR:-1}" != 0 ]] || FLOOR_BIN=""

# --- work folder -----------------------------------------------------------------------
if [[ -n "${BENCH_DIR:-}" ]]; then
  # A fresh folder inside BENCH_DIR: the clean-up at exit must never remove the user's files.
  mkdir -p "$BENCH_DIR" || die "cannot create BENCH_DIR=$BENCH_DIR"
  WORK="$(mktemp -d "$BENCH_DIR/rolebook-bench.XXXXXX")"
elif [[ -d /dev/shm && -w /dev/shm ]]; then
  WORK="$(mktemp -d /dev/shm/rolebook-bench.XXXXXX)"
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/rolebook-bench.XXXXXX")"
  warn "/dev/shm is not available: $WORK may be on disk, so I/O is part of the figures"
fi
cleanup() {
  if [[ "${KEEP:-0}" == 1 ]]; then say "kept $WORK"; else rm -rf -- "$WORK"; fi
}
trap cleanup EXIT

# Time a private copy of the binary, so a rebuild during the benchmark cannot swap it mid-run.
ROLEBOOK_SRC="$ROLEBOOK"
ROLEBOOK_BUILT="$(date -r "$ROLEBOOK_SRC" '+%Y-%m-%d %H:%M:%S')"
cp -- "$ROLEBOOK_SRC" "$WORK/rolebook" || die "could not copy $ROLEBOOK_SRC to $WORK"
ROLEBOOK="$WORK/rolebook"
ROLEBOOK_SUM="$(sha256sum "$ROLEBOOK" | cut -c1-12)"

NO_CACHE=()
if "$ROLEBOOK" build --help 2>/dev/null | grep -q -- '--no-cache'; then
  NO_CACHE=(--no-cache)
fi
RESULTS_TSV="$WORK/results.tsv"
printf 'corpus\tsize\ttool\trun\twall_s\tcpu_s\trss_kb\tother_cpu_s\n' >"$RESULTS_TSV"

cores="$(nproc 2>/dev/null || echo '?')"
cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
mem="$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || true)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
say "machine: ${cpu:-unknown CPU}, $cores cores, ${mem:-? memory}; load average $load_start"
say "rolebook: $("$ROLEBOOK" --version) ($ROLEBOOK_SRC, built $ROLEBOOK_BUILT, sha256 $ROLEBOOK_SUM)${NO_CACHE:+, cold runs pass --no-cache}"
say "hugo: $(hugo version 2>/dev/null | cut -d' ' -f1-2)"
say "work folder: $WORK; $RUNS runs per tool and size"
if [[ "$cores" =~ ^[0-9]+$ ]] && awk -v l="${load_start%% *}" -v c="$cores" 'BEGIN { exit !(l > c / 2) }'; then
  warn "the machine is busy (load $load_start on $cores cores): the figures will be noisy"
fi

# --- measuring -------------------------------------------------------------------------
TICKS="$(getconf CLK_TCK 2>/dev/null || echo 100)"
# CPU time (in clock ticks) that every process on the machine has used since boot.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# wait_quiet: waits (up to QUIET_WAIT seconds) until the other processes on the machine use
# less than a fifth of one core, so that a concurrent compile does not skew the next run.
wait_quiet() {
  [[ "$QUIET_WAIT" -gt 0 && -r /proc/stat ]] || return 0
  local start=$SECONDS a b
  while :; do
    a="$(busy_ticks)"; sleep 1; b="$(busy_ticks)"
    (( (b - a) * 5 < TICKS )) && return 0
    if (( SECONDS - start >= QUIET_WAIT )); then
      warn "the machine stayed busy for ${QUIET_WAIT}s (other processes use $(( (b - a) * 100 / TICKS ))% of a core): measuring anyway"
      return 0
    fi
    (( (SECONDS - start) % 30 == 1 )) && say "waiting for the machine to go quiet (other processes use $(( (b - a) * 100 / TICKS ))% of a core)"
  done
}

# measure CORPUS SIZE TOOL RUN CMD...: runs CMD under /usr/bin/time and records one row.
measure() {
  local corpus="$1" size="$2" tool="$3" run="$4"
  shift 4
  local tf="$WORK/time.out" ef="$WORK/stderr.out" before after
  wait_quiet
  before="$(busy_ticks 2>/dev/null || echo 0)"
  if ! "$TIME" -f '%e %U %S %M' -o "$tf" -- "$@" >/dev/null 2>"$ef"; then
    cat "$ef" >&2
    die "$tool failed on the $corpus corpus ($size): $*"
  fi
  after="$(busy_ticks 2>/dev/null || echo 0)"
  local wall user sys rss cpu other
  read -r wall user sys rss < <(tail -n 1 "$tf")
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  # CPU that other processes used while this run was going: a sign of a skewed run.
  other="$(awk -v d="$((after - before))" -v t="$TICKS" -v c="$cpu" 'BEGIN { o = d / t - c; printf "%.2f", o < 0 ? 0 : o }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$size" "$tool" "$run" "$wall" "$cpu" "$rss" "$other" >>"$RESULTS_TSV"
  printf '    %-14s run %d/%d: %6.2f s wall, %6.2f s CPU, %5d MB  (others used %s s CPU meanwhile)\n' \
    "$tool" "$run" "$RUNS" "$wall" "$cpu" "$((rss / 1024))" "$other" >&2
}

# prime CMD...: an untimed run that must succeed with no errors or warnings.
prime() {
  local ef="$WORK/prime.out"
  if ! "$@" >"$ef" 2>&1; then
    cat "$ef" >&2
    die "the untimed first build failed: $*"
  fi
  if grep -qiE '(^|[^0-9])[1-9][0-9]* (errors?|warnings?)|^error|^warning|WARN|ERROR' "$ef"; then
    cat "$ef" >&2
    die "the untimed first build reported problems: $*"
  fi
}

bench_rolebook_corpus() { # NAME SIZE SITE [HUGO_SITE]
  local name="$1" size="$2" site="$3" hugo_site="${4:-}"
  local out_cold="$WORK/out/$name-$size-rolebook-cold" out_warm="$WORK/out/$name-$size-rolebook-warm"
  local out_hugo="$WORK/out/$name-$size-hugo"
  mkdir -p "$WORK/out"
  say "$name, $size: untimed first builds (check the corpus builds cleanly, warm the file cache)"
  prime "$ROLEBOOK" build --deny-warnings --root "$site" --output-dir "$out_warm"
  if [[ -n "$hugo_site" ]]; then
    prime hugo --quiet --source "$hugo_site" --destination "$out_hugo"
  fi
  for run in $(seq 1 "$RUNS"); do
    rm -rf -- "$out_cold"
    measure "$name" "$size" rolebook-cold "$run" "$ROLEBOOK" build --quiet "${NO_CACHE[@]}" --root "$site" --output-dir "$out_cold"
    measure "$name" "$size" rolebook-warm "$run" "$ROLEBOOK" build --quiet --root "$site" --output-dir "$out_warm"
    if [[ -n "$hugo_site" ]]; then
      rm -rf -- "$out_hugo"
      measure "$name" "$size" hugo "$run" hugo --quiet --source "$hugo_site" --destination "$out_hugo"
    fi
    if [[ -n "$hugo_site" && -n "$FLOOR_BIN" ]]; then
      measure "$name" "$size" syntect-floor "$run" "$FLOOR_BIN" "$site/content" "${cores//[^0-9]/}"
    fi
  done
  rm -rf -- "$out_cold" "$out_warm" "$out_hugo"
}

for size in $SIZES; do
  corpus="$WORK/pages-$size"
  say "pages, $size: generating the corpus"
  python3 "$GEN" --pages "$size" --seed "$SEED" --out "$corpus" || die "gen_corpus.py failed for $size pages"
  bench_rolebook_corpus pages "$size" "$corpus/rolebook" "$corpus/hugo"
  rm -rf -- "$corpus"
done
# supports_roles: whether this rolebook build knows role blueprints (older builds ignore
# content/roles/ and reject `@/roles/<id>.yaml` links).
supports_roles() {
  local probe="$WORK/probe"
  mkdir -p "$probe/content/roles"
  printf 'id: probe\nstub: true\ntitle: Probe\nfamily: Probe\n' >"$probe/content/roles/probe.yaml"
  "$ROLEBOOK" build --quiet --root "$probe" --output-dir "$WORK/probe-out" >/dev/null 2>&1 \
    && [[ -f "$WORK/probe-out/roles/probe/index.html" ]]
  local ok=$?
  rm -rf -- "$probe" "$WORK/probe-out"
  return $ok
}

if [[ "$ROLES" -gt 0 ]] && ! supports_roles; then
  warn "this rolebook build does not render role blueprints (it predates them): skipping the roles corpus"
  ROLES=0
fi
if [[ "$ROLES" -gt 0 ]]; then
  corpus="$WORK/roles-$ROLES"
  say "roles, $ROLES: generating the corpus"
  python3 "$GEN" --pages 0 --roles "$ROLES" --seed "$SEED" --out "$corpus" || die "gen_corpus.py failed for $ROLES roles"
  bench_rolebook_corpus roles "$ROLES" "$corpus/roles"
  rm -rf -- "$corpus"
fi
# The history corpus: the same roles built from a git repository of HISTORY commits and
# from a copy outside git. Cold runs remove the history cache (.rolebook/cache/history.json)
# as well as the output; warm runs keep both. The difference is what history costs.
bench_history() {
  local corpus="$WORK/history-$HISTORY" site off
  say "history, $HISTORY commits over $HISTORY_ROLES roles: generating the corpus and its repository"
  python3 "$GEN" --pages 0 --roles "$HISTORY_ROLES" --seed "$SEED" --out "$corpus" || die "gen_corpus.py failed"
  site="$corpus/roles" off="$corpus/no-git"
  python3 "$REPO/bench/gen_history.py" "$site" --commits "$HISTORY" --seed "$SEED" || die "gen_history.py failed"
  mkdir -p "$off" && cp -r "$site/rolebook.yaml" "$site/content" "$off/"
  local out="$WORK/out/history" out_off="$WORK/out/history-off"
  mkdir -p "$WORK/out"
  prime "$ROLEBOOK" build --deny-warnings --root "$site" --output-dir "$out-warm"
  prime "$ROLEBOOK" build --deny-warnings --root "$off" --output-dir "$out_off-warm"
  for run in $(seq 1 "$RUNS"); do
    rm -rf -- "$out-cold" "$site/.rolebook/cache/history.json"
    measure history "$HISTORY_ROLES" rolebook-cold "$run" "$ROLEBOOK" build --quiet --root "$site" --output-dir "$out-cold"
    measure history "$HISTORY_ROLES" rolebook-warm "$run" "$ROLEBOOK" build --quiet --root "$site" --output-dir "$out-warm"
    rm -rf -- "$out_off-cold"
    measure history "$HISTORY_ROLES" no-git-cold "$run" "$ROLEBOOK" build --quiet --root "$off" --output-dir "$out_off-cold"
    measure history "$HISTORY_ROLES" no-git-warm "$run" "$ROLEBOOK" build --quiet --root "$off" --output-dir "$out_off-warm"
  done
  rm -rf -- "$corpus" "$out-cold" "$out-warm" "$out_off-cold" "$out_off-warm"
}
if [[ "$HISTORY" -gt 0 ]]; then
  command -v git >/dev/null || die "git is needed for the history corpus (or HISTORY=0)"
  bench_history
fi
load_end="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# --- summary ---------------------------------------------------------------------------
SUMMARY="$WORK/summary.txt"
if [[ -n "${RESULTS:-}" ]]; then
  cp "$RESULTS_TSV" "$RESULTS" && say "raw figures in $RESULTS"
fi
python3 "$REPO/bench/summarize.py" "$RESULTS_TSV" --no-cache-flag="${NO_CACHE[*]:-}" >"$SUMMARY" \
  || { KEEP=1; die "bench/summarize.py failed (the raw figures are in $RESULTS_TSV)"; }
{
  echo
  echo "machine: ${cpu:-unknown CPU}, $cores cores, ${mem:-?}; load average $load_start at start, $load_end at end"
  echo "rolebook: $("$ROLEBOOK" --version) built $ROLEBOOK_BUILT (sha256 $ROLEBOOK_SUM), hugo: $(hugo version 2>/dev/null | cut -d' ' -f1-2)"
} >>"$SUMMARY"
echo
cat "$SUMMARY"
if [[ -n "${RESULTS:-}" ]]; then
  cp "$SUMMARY" "$RESULTS.txt" && say "summary in $RESULTS.txt"
fi
