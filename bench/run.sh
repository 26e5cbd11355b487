#!/usr/bin/env bash
# Build-time benchmark: rolebook against Hugo on generated corpora.
#
#   bench/run.sh                         # sizes 1000 and 10000 pages, 1000 roles, 5 runs each
#   RUNS=3 SIZES="1000" ROLES=0 bench/run.sh
#
# Environment (all optional):
#   SIZES      page counts to benchmark, space separated   (default "1000 10000")
#   ROLES      role blueprints in the roles corpus, 0 = skip (default 1000)
#   RUNS       timed runs per tool and size                 (default 5)
#   SEED       corpus seed                                  (default 42)
#   ROLEBOOK   the rolebook binary        (default target/release/rolebook, built if missing)
#   BENCH_DIR  where corpora and outputs go (default a new folder in /dev/shm, else $TMPDIR)
#   KEEP=1     keep BENCH_DIR afterwards (it is removed by default)
#   RESULTS    also copy the raw measurements (TSV) and the summary to RESULTS and RESULTS.txt
#
# Every run is measured with /usr/bin/time (wall, user+sys CPU, peak RSS). Runs of the
# tools alternate (rolebook cold, rolebook warm, hugo, rolebook cold, ...) so a slow
# phase of the machine hits every tool alike. See docs/performance.md.
set -euo pipefail

SIZES="${SIZES:-1000 10000}"
ROLES="${ROLES:-1000}"
RUNS="${RUNS:-5}"
SEED="${SEED:-42}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROLEBOOK="${ROLEBOOK:-$REPO/target/release/rolebook}"
GEN="$REPO/bench/gen_corpus.py"
TIME=/usr/bin/time

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ "$ROLES" =~ ^[0-9]+$ ]] || die "ROLES must be a number, not '$ROLES'"
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

# --- work folder -----------------------------------------------------------------------
if [[ -n "${BENCH_DIR:-}" ]]; then
  WORK="$BENCH_DIR"
  mkdir -p "$WORK"
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
printf 'corpus\tsize\ttool\trun\twall_s\tcpu_s\trss_kb\n' >"$RESULTS_TSV"

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
# measure CORPUS SIZE TOOL RUN CMD...: runs CMD under /usr/bin/time and records one row.
measure() {
  local corpus="$1" size="$2" tool="$3" run="$4"
  shift 4
  local tf="$WORK/time.out" ef="$WORK/stderr.out"
  if ! "$TIME" -f '%e %U %S %M' -o "$tf" -- "$@" >/dev/null 2>"$ef"; then
    cat "$ef" >&2
    die "$tool failed on the $corpus corpus ($size): $*"
  fi
  local wall user sys rss
  read -r wall user sys rss < <(tail -n 1 "$tf")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$size" "$tool" "$run" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" "$rss" >>"$RESULTS_TSV"
  printf '    %-14s run %d/%d: %6.2f s wall, %6.2f s CPU, %5d MB\n' "$tool" "$run" "$RUNS" "$wall" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$((rss / 1024))" >&2
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
load_end="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# --- summary ---------------------------------------------------------------------------
SUMMARY="$WORK/summary.txt"
python3 - "$RESULTS_TSV" "$RUNS" "${NO_CACHE[*]:-}" >"$SUMMARY" <<'PY'
import csv, statistics, sys

path, runs, no_cache = sys.argv[1], sys.argv[2], sys.argv[3]
rows = list(csv.DictReader(open(path), delimiter="\t"))
groups = {}
for r in rows:
    groups.setdefault((r["corpus"], int(r["size"]), r["tool"]), []).append(r)
if not groups:
    print("no measurements")
    sys.exit(0)

def stat(rs, key, scale=1.0):
    v = [float(r[key]) * scale for r in rs]
    return statistics.median(v), min(v), max(v)

def fmt(m, lo, hi, digits):
    return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"

print(f"Medians of {runs} runs, (min–max). CPU = user + sys. RSS = peak resident memory. ms/item = wall per page (per role for the roles corpus).")
print("rolebook-cold: output folder emptied before each run"
      + (f", `{no_cache}` passed" if no_cache else ", no --no-cache flag in this build")
      + "; rolebook-warm: rebuild over the previous output; hugo: destination emptied before each run.")
print()
head = f"{'corpus':<7} {'size':>6}  {'tool':<14} {'wall s':>22} {'CPU s':>22} {'RSS MB':>20} {'ms/item':>8}"
print(head)
print("-" * len(head))
med = {}
for (corpus, size, tool), rs in sorted(groups.items(), key=lambda kv: (kv[0][0] != "pages", kv[0][1], kv[0][2])):
    w, c, m = stat(rs, "wall_s"), stat(rs, "cpu_s"), stat(rs, "rss_kb", 1 / 1024)
    med[(corpus, size, tool)] = (w[0], c[0], m[0])
    print(f"{corpus:<7} {size:>6}  {tool:<14} {fmt(*w, 2):>22} {fmt(*c, 2):>22} {fmt(*m, 0):>20} {w[0] / size * 1000:>8.2f}")

print()
print("rolebook / hugo (median wall, median peak RSS; below 1 means rolebook is faster / smaller):")
for (corpus, size, tool), (w, c, m) in sorted(med.items()):
    if tool == "hugo" or (corpus, size, "hugo") not in med:
        continue
    hw, hc, hm = med[(corpus, size, "hugo")]
    print(f"  {size:>6} pages  {tool:<14} wall {w / hw:5.2f}   CPU {c / hc:5.2f}   RSS {m / hm:5.2f}   (hugo/rolebook wall: {hw / w:.1f}x)")

sizes = sorted({s for (corpus, s, _) in med if corpus == "pages"})
if len(sizes) >= 2:
    lo, hi = sizes[0], sizes[-1]
    print()
    print(f"Per-page cost (median wall / pages), {lo} vs {hi} pages (1.00 = linear scaling):")
    for tool in sorted({t for (corpus, _, t) in med if corpus == "pages"}):
        if (("pages", lo, tool) in med) and (("pages", hi, tool) in med):
            a = med[("pages", lo, tool)][0] / lo * 1000
            b = med[("pages", hi, tool)][0] / hi * 1000
            print(f"  {tool:<14} {a:6.2f} ms/page -> {b:6.2f} ms/page   ({b / a:.2f}x)")
PY
{
  echo
  echo "machine: ${cpu:-unknown CPU}, $cores cores, ${mem:-?}; load average $load_start at start, $load_end at end"
  echo "rolebook: $("$ROLEBOOK" --version) built $ROLEBOOK_BUILT (sha256 $ROLEBOOK_SUM), hugo: $(hugo version 2>/dev/null | cut -d' ' -f1-2)"
} >>"$SUMMARY"
echo
cat "$SUMMARY"
if [[ -n "${RESULTS:-}" ]]; then
  cp "$RESULTS_TSV" "$RESULTS" && cp "$SUMMARY" "$RESULTS.txt" && say "raw figures in $RESULTS, summary in $RESULTS.txt"
fi
