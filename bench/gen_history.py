#!/usr/bin/env python3
"""Give a generated roles corpus a git history, for the history benchmark.

    gen_history.py SITE --commits 1000 [--seed 42]

SITE is a site gen_corpus.py wrote (rolebook.yaml, content/roles/*.yaml). It becomes a git
repository whose first commit adds every file and whose next COMMITS-1 commits each edit
one role the way people edit frameworks: a KPI target, a skill's importance, a tool's
commonality, a list item reworded, added or removed. Dates are fixed (one commit an hour
from 2024-01-01), so the same seed gives the same repository. Commits are fed to
`git fast-import`, which writes a thousand commits in well under a second.
"""

import argparse
import os
import random
import re
import subprocess
import sys

EPOCH = 1704067200  # 2024-01-01T00:00:00Z
IMPORTANCE = ["Critical", "Important", "Optional"]
COMMONALITY = ["Common", "Optional", "Context-specific"]


def edit(text, rng):
    """One plausible edit of a role file's text; returns (new text, commit subject)."""
    lines = text.split("\n")
    kinds = ["target", "importance", "commonality", "reword", "add", "remove"]
    rng.shuffle(kinds)
    for kind in kinds:
        if kind == "target":
            spots = [i for i, l in enumerate(lines) if l.lstrip().startswith("target:")]
            if spots:
                i = rng.choice(spots)
                indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
                lines[i] = f'{indent}target: "{rng.randint(2, 40)} weeks"'
                return "\n".join(lines), "Recalibrate a KPI target"
        if kind == "importance":
            spots = [i for i, l in enumerate(lines) if re.match(r"\s*importance: ", l)]
            if spots:
                i = rng.choice(spots)
                head = lines[i].split("importance:")[0]
                lines[i] = f'{head}importance: "{rng.choice(IMPORTANCE)}"'
                return "\n".join(lines), "Change how much a skill matters"
        if kind == "commonality":
            spots = [i for i, l in enumerate(lines) if re.match(r"\s*commonality: ", l)]
            if spots:
                i = rng.choice(spots)
                head = lines[i].split("commonality:")[0]
                lines[i] = f'{head}commonality: "{rng.choice(COMMONALITY)}"'
                return "\n".join(lines), "Change how common a tool is"
        # Sentences only (tool and skill lists hold ids, which an edit would break), and
        # for a removal one with list neighbours on both sides, so no list is emptied.
        items = [i for i, l in enumerate(lines) if re.match(r'\s+- "[A-Z][^"]* [^"]*\."$', l)]
        if kind == "reword" and items:
            i = rng.choice(items)
            lines[i] = lines[i][:-1] + f' (revised {rng.randint(1, 999)})"'
            return "\n".join(lines), "Reword a responsibility"
        if kind == "add" and items:
            i = rng.choice(items)
            indent = lines[i][: lines[i].index("-")]
            lines.insert(i + 1, f'{indent}- "Mentor one new colleague each quarter, note {rng.randint(1, 999)}."')
            return "\n".join(lines), "Add an expectation"
        inner = [i for i in items if i - 1 in items and i + 1 in items]
        if kind == "remove" and inner:
            del lines[rng.choice(inner)]
            return "\n".join(lines), "Drop an outdated item"
    return text + "\n", "Touch a role"


def blob(data):
    raw = data.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    files = {}
    for folder, _, names in os.walk(args.site):
        if ".git" in folder.split(os.sep):
            continue
        for name in names:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, args.site).replace(os.sep, "/")
            with open(path, encoding="utf-8") as f:
                files[rel] = f.read()
    roles = sorted(p for p in files if p.startswith("content/roles/"))
    if not roles:
        sys.exit(f"{args.site}: no content/roles/*.yaml (generate it with gen_corpus.py --roles N)")

    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.site], check=True, env=env)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=args.site, stdin=subprocess.PIPE, env=env)
    out = importer.stdin

    def commit(n, subject, changed):
        when = EPOCH + n * 3600
        message = subject.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Bench Writer <bench@example.org> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(message), message))
        for path in changed:
            out.write(b"M 100644 inline %s\n" % path.encode())
            out.write(blob(files[path]))
        out.write(b"\n")

    commit(0, "Publish the framework", sorted(files))
    for n in range(1, args.commits):
        path = rng.choice(roles)
        files[path], subject = edit(files[path], rng)
        commit(n, subject, [path])
    out.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    # The work tree holds the files of the last commit.
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=args.site, check=True, env=env)


if __name__ == "__main__":
    main()
