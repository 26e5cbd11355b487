#!/usr/bin/env python3
"""Summarise the measurements that bench/run.sh records.

    python3 bench/summarize.py RESULTS.tsv [--no-cache-flag FLAG]

RESULTS.tsv has one row per timed run: corpus, size, tool, run, wall_s, cpu_s, rss_kb and
other_cpu_s (CPU time that other processes used during the run). Prints medians with
min–max, the rolebook/Hugo ratios and the per-page cost at the smallest and largest size.
"""

import argparse
import csv
import statistics
import sys


def noisy(row):
    """Other processes used more than a tenth of a core on average during the run."""
    return float(row.get("other_cpu_s") or 0) > 0.1 * float(row["wall_s"]) + 0.05


def stat(rows, key, scale=1.0):
    v = [float(r[key]) * scale for r in rows]
    return statistics.median(v), min(v), max(v)


def fmt(m, lo, hi, digits):
    return f"{m:.{digits}f} ({lo:.{digits}f}–{hi:.{digits}f})"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("results")
    p.add_argument("--no-cache-flag", default="", help="the flag the cold runs passed, if any")
    args = p.parse_args(argv)

    with open(args.results, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    groups = {}
    for r in rows:
        groups.setdefault((r["corpus"], int(r["size"]), r["tool"]), []).append(r)
    if not groups:
        print("no measurements")
        return 0
    runs = max(len(rs) for rs in groups.values())

    print(f"Medians of {runs} runs, (min–max). CPU = user + sys. RSS = peak resident memory.")
    print("ms/item = median wall per page (per role for the roles corpus).")
    print("noisy = runs during which other processes used more than a tenth of a core on average;")
    print("quiet wall = median wall of the other runs.")
    print("rolebook-cold: output folder emptied before each run"
          + (f", `{args.no_cache_flag}` passed" if args.no_cache_flag else ", no --no-cache flag in this build")
          + "; rolebook-warm: rebuild over the previous output; hugo: destination emptied before each run.")
    if any(k[2] == "syntect-floor" for k in groups):
        print("syntect-floor: bench/highlight-floor, syntect alone parsing the corpus's code blocks into scopes on"
              " every core (no HTML, no markdown, no templates, no output): the floor under a cold build.")
    print()
    head = (f"{'corpus':<7} {'size':>6}  {'tool':<14} {'wall s':>22} {'CPU s':>22} {'RSS MB':>20}"
            f" {'ms/item':>8} {'noisy':>6} {'quiet wall':>11}")
    print(head)
    print("-" * len(head))
    med, quiet_med = {}, {}
    order = sorted(groups, key=lambda k: (k[0] != "pages", k[0], k[1], k[2]))
    for key in order:
        corpus, size, tool = key
        rs = groups[key]
        w, c, m = stat(rs, "wall_s"), stat(rs, "cpu_s"), stat(rs, "rss_kb", 1 / 1024)
        med[key] = (w[0], c[0], m[0])
        quiet = [r for r in rs if not noisy(r)]
        if quiet:
            quiet_med[key] = statistics.median(float(r["wall_s"]) for r in quiet)
        qw = f"{quiet_med[key]:.2f} ({len(quiet)})" if quiet else "-"
        print(f"{corpus:<7} {size:>6}  {tool:<14} {fmt(*w, 2):>22} {fmt(*c, 2):>22} {fmt(*m, 0):>20}"
              f" {w[0] / size * 1000:>8.2f} {f'{len(rs) - len(quiet)}/{len(rs)}':>6} {qw:>11}")

    ratios = [(k, v) for k, v in med.items() if k[2] != "hugo" and (k[0], k[1], "hugo") in med]
    if ratios:
        print()
        print("rolebook / hugo, ratios of medians (below 1: rolebook is faster / smaller):")
        for (corpus, size, tool), (w, c, m) in sorted(ratios):
            hw, hc, hm = med[(corpus, size, "hugo")]
            line = (f"  {size:>6} pages  {tool:<14} wall {w / hw:5.2f}   CPU {c / hc:5.2f}   RSS {m / hm:5.2f}"
                    f"   (Hugo takes {hw / w:.1f}x the wall time")
            if (corpus, size, tool) in quiet_med and (corpus, size, "hugo") in quiet_med:
                qr = quiet_med[(corpus, size, "hugo")] / quiet_med[(corpus, size, tool)]
                line += f"; {qr:.1f}x over quiet runs only"
            print(line + ")")

    history = sorted(k for k in med if k[0] == "history")
    if history:
        print()
        print("History: the same roles built in a git repository and outside git (ms added by history):")
        size = history[0][1]
        for kind in ("cold", "warm"):
            with_git, without = ("history", size, f"rolebook-{kind}"), ("history", size, f"no-git-{kind}")
            if with_git in med and without in med:
                added = (med[with_git][0] - med[without][0]) * 1000
                line = f"  {kind:<5} {added:+7.0f} ms wall, {(med[with_git][1] - med[without][1]) * 1000:+7.0f} ms CPU"
                tenk = ("pages", 10000, "hugo")
                if tenk in med:
                    line += f"   ({added / 1000 / med[tenk][0]:+.3f} of Hugo's 10000-page wall time)"
                print(line)

    sizes = sorted({k[1] for k in med if k[0] == "pages"})
    if len(sizes) >= 2:
        lo, hi = sizes[0], sizes[-1]
        print()
        print(f"Per-page cost (median wall / pages), {lo} vs {hi} pages (1.00 = linear scaling):")
        for tool in sorted({k[2] for k in med if k[0] == "pages"}):
            if ("pages", lo, tool) in med and ("pages", hi, tool) in med:
                a = med[("pages", lo, tool)][0] / lo * 1000
                b = med[("pages", hi, tool)][0] / hi * 1000
                print(f"  {tool:<14} {a:6.2f} ms/page -> {b:6.2f} ms/page   ({b / a:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
