#!/usr/bin/env python3
"""Generate benchmark corpora for rolebook (and an equivalent Hugo site).

    python3 bench/gen_corpus.py --pages N --out DIR [--roles M] [--seed S]

writes

    DIR/rolebook/   a rolebook site: N generic markdown pages (~8 KB each) in 20 sections
    DIR/hugo/       the same pages as a Hugo 0.111 site, with minimal equivalent layouts
    DIR/roles/      (with --roles M) a rolebook site with M full role blueprints, a skill
                    catalogue (~150 skills) and a tool catalogue (~80 tools)

The output is deterministic: the same arguments give byte-identical files. Only the
Python 3 standard library is used. Existing DIR/rolebook, DIR/hugo and DIR/roles folders
are replaced.
"""

import argparse
import json
import math
import os
import random
import shutil
import sys
from datetime import date, timedelta

SECTIONS = 20

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

SECTION_NAMES = [
    "Platform", "Data Pipelines", "Security", "Reliability", "Developer Experience",
    "Search", "Payments", "Identity", "Observability", "Storage", "Networking",
    "Machine Learning", "Mobile", "Frontend", "Billing", "Messaging", "Analytics",
    "Compliance", "Infrastructure", "Release Engineering",
]

TAGS = [
    "Kubernetes", "Observability", "Rust", "Python", "Postgres", "Kafka", "Incident Response",
    "Performance", "Caching", "Security", "Testing", "Migrations", "Terraform", "Networking",
    "Tracing", "Logging", "Metrics", "Alerting", "Capacity Planning", "Cost", "Data Quality",
    "Streaming", "Batch Processing", "Search", "Machine Learning", "Feature Flags", "Deployment",
    "Rollbacks", "API Design", "gRPC", "GraphQL", "Authentication", "Authorization", "Encryption",
    "Compliance", "Storage", "Backups", "Disaster Recovery", "Queues", "Scheduling",
    "Concurrency", "Memory", "Profiling", "Benchmarks", "Code Review", "Documentation",
    "On-call", "Postmortems", "Architecture", "Refactoring",
]

TITLE_VERBS = [
    "Tuning", "Debugging", "Scaling", "Migrating", "Measuring", "Hardening", "Replacing",
    "Simplifying", "Profiling", "Designing", "Operating", "Testing", "Shipping", "Rethinking",
    "Automating", "Sharding", "Caching", "Monitoring", "Securing", "Documenting",
]
TITLE_OBJECTS = [
    "the ingestion pipeline", "consumer lag", "the billing ledger", "cold starts",
    "the session store", "schema migrations", "the search index", "tail latency",
    "the deploy train", "feature flags", "the event bus", "rate limiting",
    "the metrics backend", "connection pools", "the job scheduler", "TLS termination",
    "the artifact cache", "read replicas", "the audit log", "blue-green deploys",
    "the config service", "the retry budget", "the object store", "query planning",
    "the notification fan-out", "backfills", "the feature store", "secret rotation",
]
TITLE_TAILS = [
    "at peak load", "without downtime", "in production", "across regions", "for the next year",
    "on a budget", "the boring way", "with fewer pages", "after the outage", "step by step",
    "under a strict SLO", "in one quarter", "for ten times the traffic", "with Rust",
    "before the holidays", "with a small team",
]

SUBJECTS = [
    "The ingestion service", "Our deployment pipeline", "The billing team", "Each worker",
    "The scheduler", "The storage layer", "The on-call engineer", "The new client library",
    "The query planner", "Every replica", "The platform team", "The load balancer",
    "The cache tier", "The migration tool", "The audit job", "The search cluster",
    "The compaction task", "The API gateway", "The release process", "The metrics agent",
]
VERBS = [
    "batches", "validates", "replays", "shards", "compresses", "retries", "buffers",
    "streams", "deduplicates", "reconciles", "throttles", "indexes", "snapshots",
    "partitions", "prefetches", "checkpoints", "rebalances", "samples", "tags", "routes",
]
OBJECTS = [
    "incoming events", "the write-ahead log", "stale cache entries", "partial uploads",
    "slow queries", "every tenant's quota", "the hot partitions", "expired sessions",
    "idempotency keys", "the dead-letter queue", "large payloads", "pending migrations",
    "the nightly exports", "noisy alerts", "the trace spans", "orphaned objects",
    "duplicate deliveries", "connection handshakes", "the feature vectors", "config changes",
]
TAILS = [
    "before the nightly compaction", "under peak load", "without blocking readers",
    "in a single transaction", "once per deploy", "behind a feature flag", "per region",
    "with bounded memory", "at the edge", "after every failover", "within the error budget",
    "on a fixed schedule", "while the old path stays live", "in constant time",
    "without waking anyone up", "for the largest customers first", "with exponential backoff",
    "across availability zones", "during the canary phase", "as the last step of the rollout",
]
CONNECTIVES = [
    "In practice,", "As a result,", "Meanwhile,", "In our measurements,", "Crucially,",
    "For now,", "At the same time,", "To keep things simple,", "Unsurprisingly,", "In theory,",
]
REMARKS = [
    "This halved the number of pages the on-call rotation received.",
    "Nobody noticed the change, which is exactly what we wanted.",
    "The old behaviour stays available behind a flag for one more release.",
    "We measured the effect for two full weeks before declaring victory.",
    "The dashboards told a different story than the load tests did.",
    "Most of the gain came from removing work, not from doing it faster.",
    "The trade-off is a little more memory on each node.",
    "It is the kind of change that only looks obvious afterwards.",
    "A runbook entry now explains what to do when the check fails.",
    "The rollback path was exercised twice in staging before launch.",
]
INLINE_CODE = [
    "max_in_flight", "retry_budget", "flush_interval", "--dry-run", "SELECT ... FOR UPDATE",
    "p99", "fsync", "Arc<Mutex<_>>", "asyncio.gather", "kubectl rollout undo", "EXPLAIN ANALYZE",
    "batch_size", "idempotency_key", "ttl_seconds", "SIGTERM", "max_connections",
]
H2_TITLES = [
    "Background", "The problem", "Constraints", "Design", "Implementation", "Rollout",
    "Results", "What went wrong", "Lessons learned", "Next steps", "Alternatives considered",
    "Operational notes", "Measuring the change", "Cost", "Open questions", "Testing strategy",
]
H3_TITLES = [
    "Failure modes", "Data model", "Edge cases", "Benchmarks", "Monitoring", "Capacity",
    "Migration plan", "Backwards compatibility", "Security review", "Timeline",
    "Configuration", "Limits", "Ownership", "Runbook", "Dependencies", "Caveats",
]
BULLETS = [
    "Keep the old code path until the new one has run for a full week.",
    "Alert on the ratio of failures, not on the absolute count.",
    "Write the migration so it can be resumed after a crash.",
    "Measure before and after with the same load profile.",
    "Document the flag and who is allowed to flip it.",
    "Cap the batch size so a single tenant cannot starve the others.",
    "Add a dashboard panel before shipping, not after the first incident.",
    "Make the retry idempotent, then make it automatic.",
    "Prefer a boring, well-understood dependency over a clever one.",
    "Delete the feature flag once the rollout is complete.",
    "Run the backfill in the quietest hour of the week.",
    "Ask the storage team to review the access pattern.",
    "Keep the payload format versioned from day one.",
    "Record the decision and its alternatives in the design log.",
    "Load-test with production-shaped data, not synthetic uniform keys.",
    "Give every background job a deadline and a budget.",
]
TABLE_METRICS = [
    "p50 latency (ms)", "p99 latency (ms)", "Throughput (req/s)", "Error rate (%)",
    "CPU per node (%)", "Memory per node (GiB)", "Monthly cost ($)", "Pages per week",
    "Queue depth", "Cache hit rate (%)", "Deploy time (min)", "Replication lag (s)",
]

# --------------------------------------------------------------------------------------
# Code blocks: 19.75 lines on average, like the corpus (196,000 lines in 10,000
# blocks). @@A@@, @@B@@, @@N@@ are replaced per page.
# --------------------------------------------------------------------------------------

CODE = {
    "rust": [
        """use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Keeps the latest value per key and forgets entries older than the TTL.
pub struct @@A@@Cache {
    ttl: Duration,
    entries: HashMap<String, (Instant, u64)>,
}

impl @@A@@Cache {
    pub fn new(ttl_secs: u64) -> Self {
        Self { ttl: Duration::from_secs(ttl_secs), entries: HashMap::new() }
    }

    pub fn get(&self, key: &str) -> Option<u64> {
        let (at, value) = self.entries.get(key)?;
        (at.elapsed() < self.ttl).then_some(*value)
    }
}
""",
        """use std::time::Duration;
pub enum @@A@@Error {
    Transient(String),
    Fatal(String),
}

pub fn with_retries<T>(mut op: impl FnMut() -> Result<T, @@A@@Error>) -> Result<T, @@A@@Error> {
    let mut delay = Duration::from_millis(50);
    let mut attempt = 0;
    loop {
        match op() {
            Ok(value) => return Ok(value),
            Err(@@A@@Error::Transient(reason)) if attempt < @@N@@ => {
                delay *= 2;
                attempt += 1;
            }
            Err(err) => return Err(err),
        }
    }
}
""",
        """use std::io::{self, BufRead};

#[derive(Default, Debug)]
struct @@A@@Stats {
    lines: usize,
    errors: usize,
}

fn main() -> io::Result<()> {
    let mut stats = @@A@@Stats::default();
    for line in io::stdin().lock().lines() {
        let line = line?;
        stats.lines += 1;
        if line.contains(" level=error ") {
            stats.errors += 1;
        }
    }
    println!("{stats:?} (threshold {} ms)", @@N@@);
    Ok(())
}
""",
    ],
    "python": [
        """from dataclasses import dataclass, field
from typing import Iterable, Iterator

@dataclass
class @@A@@Batcher:
    size: int = @@N@@
    max_bytes: int = 1 << 20
    _pending: list = field(default_factory=list)
    _bytes: int = 0

    def feed(self, records: Iterable[bytes]) -> Iterator[list]:
        for record in records:
            if self._pending and self._bytes + len(record) > self.max_bytes:
                yield self._flush()
            self._pending.append(record)
            self._bytes += len(record)

    def _flush(self) -> list:
        batch, self._pending, self._bytes = self._pending, [], 0
        return batch
""",
        """import argparse
import csv
import statistics
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description="Summarise @@B@@ latencies from a CSV export.")
    parser.add_argument("path")
    parser.add_argument("--threshold", type=float, default=@@N@@.0)
    args = parser.parse_args()

    with open(args.path, newline="") as handle:
        values = [float(row["latency_ms"]) for row in csv.DictReader(handle)]
    over = sum(1 for v in values if v > args.threshold)
    print(f"n={len(values)} median={statistics.median(values):.1f} over={over}")
    return 0

if __name__ == "__main__":
    sys.exit(main())
""",
        """import asyncio


async def fetch(session, url: str, attempts: int = 3) -> bytes:
    for attempt in range(1, attempts + 1):
        try:
            async with session.get(url, timeout=@@N@@) as response:
                response.raise_for_status()
                return await response.read()
        except Exception as exc:  # noqa: BLE001 - retried below
            await asyncio.sleep(0.1 * attempt)
    raise RuntimeError(f"giving up on {url}")

async def fetch_all(session, urls: list[str], limit: int = 8) -> list[bytes]:
    gate = asyncio.Semaphore(limit)
    async def one(url: str) -> bytes:
        async with gate:
            return await fetch(session, url)

    return await asyncio.gather(*(one(u) for u in urls))
""",
    ],
    "yaml": [
        """apiVersion: apps/v1
kind: Deployment
metadata:
  name: @@B@@-worker
spec:
  replicas: @@N@@
  selector:
    matchLabels:
      app: @@B@@
  template:
    metadata:
      labels:
        app: @@B@@
    spec:
      containers:
        - name: worker
          image: registry.example.org/@@B@@:1.4.2
          resources:
            requests: {cpu: 500m, memory: 512Mi}
            limits: {memory: 1Gi}
""",
        """# Alerting rules for the @@B@@ service.
groups:
  - name: @@B@@-slo
    rules:
      - alert: @@A@@HighErrorRate
        expr: |
          sum(rate(http_requests_total{job="@@B@@", code=~"5.."}[5m]))
            / sum(rate(http_requests_total{job="@@B@@"}[5m])) > 0.0@@N@@
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "@@B@@ is failing more than its error budget allows"
      - alert: @@A@@SlowRequests
        expr: |
          histogram_quantile(0.99, sum by (le) (
            rate(http_request_duration_seconds_bucket{job="@@B@@"}[5m]))) > 0.5
        annotations:
          summary: "p99 latency of @@B@@ is above 500 ms"
""",
        """name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: @@N@@
    steps:
      - uses: actions/checkout@v4
      - name: Install toolchain
        run: rustup toolchain install stable --profile minimal
      - name: Build
        run: cargo build --locked --all-targets
      - name: Test @@B@@
        run: cargo test --locked -p @@B@@
      - name: Lint
        run: cargo clippy --all-targets -- -D warnings
""",
    ],
    "bash": [
        """#!/usr/bin/env bash
set -euo pipefail

readonly stamp="$(date -u +%Y%m%dT%H%M%SZ)"
readonly target="s3://backups-example/@@B@@/${stamp}.sql.gz"
readonly keep_days=@@N@@

log() { printf '%s %s\\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

log "dumping @@B@@"
pg_dump --no-owner --format=plain "${DATABASE_URL:?}" | gzip -9 > "/tmp/${stamp}.sql.gz"
log "uploading to ${target}"
aws s3 cp --only-show-errors "/tmp/${stamp}.sql.gz" "${target}"
log "pruning backups older than ${keep_days} days"
cutoff="$(date -u -d "-${keep_days} days" +%Y%m%d)"
aws s3 ls "s3://backups-example/@@B@@/" | awk '{print $4}' | while read -r name; do
  if [[ "${name:0:8}" < "${cutoff}" ]]; then
    aws s3 rm --only-show-errors "s3://backups-example/@@B@@/${name}"
  fi
done
""",
        """#!/usr/bin/env bash
# Canary deploy: roll out @@B@@ to one pod, watch the error rate, then continue or undo.
set -euo pipefail
version="${1:?usage: deploy.sh VERSION}"
namespace="${NAMESPACE:-production}"
threshold=@@N@@

kubectl -n "$namespace" set image deployment/@@B@@-canary app="registry.example.org/@@B@@:${version}"
kubectl -n "$namespace" rollout status deployment/@@B@@-canary --timeout=5m

for i in $(seq 1 10); do
  errors="$(curl -fsS "http://metrics.internal/api/errors?service=@@B@@-canary" | jq '.rate')"
  if (( $(echo "$errors > $threshold" | bc -l) )); then
    kubectl -n "$namespace" rollout undo deployment/@@B@@-canary
    exit 1
  fi
  sleep 30
done
kubectl -n "$namespace" set image deployment/@@B@@ app="registry.example.org/@@B@@:${version}"
kubectl -n "$namespace" rollout status deployment/@@B@@ --timeout=15m
""",
        """#!/usr/bin/env bash
# Print the slowest @@B@@ requests from yesterday's access logs.
set -euo pipefail

day="$(date -u -d yesterday +%Y-%m-%d)"
logs="/var/log/@@B@@/access-${day}.log.gz"
limit="${LIMIT:-@@N@@}"

if [[ ! -f "$logs" ]]; then
  echo "no logs for ${day}" >&2
  exit 1
fi

zcat "$logs" \\
  | awk -F'\\t' '$5 ~ /^[0-9]+$/ { print $5, $3, $4 }' \\
  | sort -rn \\
  | head -n "$limit" \\
  | while read -r ms method path; do
      printf '%6d ms  %-6s %s\\n' "$ms" "$method" "$path"
    done
""",
    ],
}
CODE_NAMES = ["Ledger", "Session", "Ingest", "Quota", "Shard", "Upload", "Report", "Token",
              "Invoice", "Search", "Metric", "Schedule", "Replica", "Webhook", "Export"]


def slugify(text):
    """The same slugs rolebook makes (src/slug.rs)."""
    out, pending = [], False
    for c in text:
        if c.isalnum():
            if pending and out:
                out.append("-")
            pending = False
            out.append(c.lower())
        elif c in "'\u2019":
            pass
        else:
            pending = True
    return "".join(out) or "section"


# --------------------------------------------------------------------------------------
# Markdown pages
# --------------------------------------------------------------------------------------

def sentence(rng):
    kind = rng.random()
    if kind < 0.12:
        return rng.choice(REMARKS)
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
    if kind < 0.3:
        s = f"{rng.choice(CONNECTIVES)} {s[0].lower()}{s[1:]}"
    elif kind < 0.42:
        s = s[:-1] + f", controlled by `{rng.choice(INLINE_CODE)}`."
    elif kind < 0.5:
        words = s.split(" ")
        i = rng.randrange(1, len(words) - 1)
        words[i] = f"**{words[i]}**"
        s = " ".join(words)
    return s


def paragraph(rng, n=None, link=None):
    sents = [sentence(rng) for _ in range(n or rng.randint(3, 6))]
    if link is not None:
        text, target = link
        i = rng.randrange(len(sents))
        sents.insert(i, f"See [{text}]({target}) for the details.")
    return " ".join(sents)


def table(rng):
    metrics = rng.sample(TABLE_METRICS, 5)
    rows = ["| Metric | Before | After | Change |", "| --- | ---: | ---: | ---: |"]
    for m in metrics:
        before = rng.randint(20, 2000)
        after = max(1, int(before * rng.uniform(0.4, 1.3)))
        change = (after - before) * 100 // before
        rows.append(f"| {m} | {before} | {after} | {change:+d}% |")
    return "\n".join(rows)


def code_block(rng):
    lang = rng.choice(sorted(CODE))
    body = rng.choice(CODE[lang])
    name = rng.choice(CODE_NAMES)
    body = body.replace("@@A@@", name).replace("@@B@@", name.lower()).replace("@@N@@", str(rng.randint(3, 9)))
    return lang, f"```{lang}\n{body}```"


def bullets(rng, n=None):
    return "\n".join(f"- {b}" for b in rng.sample(BULLETS, n or rng.randint(4, 6)))


def page_body(rng, links, target_bytes):
    """Markdown body: h2/h3 headings, paragraphs, lists, one table, one code block, links."""
    links = list(links)
    h2 = rng.sample(H2_TITLES, 5)
    h3 = rng.sample(H3_TITLES, 6)
    lang, code = code_block(rng)
    blocks = [
        paragraph(rng, link=links.pop()),
        f"## {h2[0]}",
        paragraph(rng),
        paragraph(rng, link=links.pop()),
        f"### {h3[0]}",
        paragraph(rng),
        bullets(rng),
        f"## {h2[1]}",
        paragraph(rng),
        table(rng),
        paragraph(rng, link=links.pop()),
        f"### {h3[1]}",
        paragraph(rng),
        f"## {h2[2]}",
        paragraph(rng),
        f"The core of the change, in {lang}:",
        code,
        paragraph(rng),
        f"### {h3[2]}",
        paragraph(rng, link=links.pop()),
        bullets(rng),
        f"## {h2[3]}",
        paragraph(rng),
        f"### {h3[3]}",
        paragraph(rng, link=links.pop()),
    ]
    size = sum(len(b) + 2 for b in blocks)
    extra_h3 = iter(h3[4:])
    blocks.append(f"## {h2[4]}")
    while size < target_bytes:
        p = paragraph(rng)
        blocks.append(p)
        size += len(p) + 2
        if size < target_bytes and rng.random() < 0.25:
            title = next(extra_h3, None)
            if title:
                blocks.append(f"### {title}")
    return "\n\n".join(blocks) + "\n"


def front_matter(meta):
    tags = ", ".join(meta["tags"])
    return (
        "---\n"
        f"title: {json.dumps(meta['title'])}\n"
        f"date: {meta['date']}\n"
        f"weight: {meta['weight']}\n"
        f"tags: [{tags}]\n"
        "---\n\n"
    )


def page_path(i, width):
    return f"section-{i % SECTIONS + 1:02d}/page-{i:0{width}d}.md"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def gen_pages(n, out, seed):
    width = max(4, len(str(n - 1)))
    rng = random.Random(f"{seed}-pages")
    start = date(2019, 1, 1)
    metas = []
    for i in range(n):
        title = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_OBJECTS)} {rng.choice(TITLE_TAILS)}"
        metas.append({
            "title": f"{title} ({i})",
            "date": (start + timedelta(days=rng.randrange(5 * 365))).isoformat(),
            "weight": rng.randint(1, 1000),
            "tags": rng.sample(TAGS, rng.randint(3, 5)),
        })

    rb = os.path.join(out, "rolebook")
    hg = os.path.join(out, "hugo")
    for d in (rb, hg):
        if os.path.exists(d):
            shutil.rmtree(d)

    write(os.path.join(rb, "rolebook.yaml"),
          "title: Engineering Notes\n"
          "description: A generated benchmark corpus of engineering write-ups.\n"
          "base_url: https://example.org/\n")
    write(os.path.join(hg, "hugo.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(hg, "layouts", rel), text)
    write(os.path.join(hg, "static", "style.css"), "body { font-family: sans-serif; max-width: 50rem; margin: auto; }\n")
    write(os.path.join(hg, "static", "syntax.css"), "/* generate with: hugo gen chromastyles --style=github */\n")

    home = ("---\ntitle: Engineering Notes\n---\n\n"
            "Write-ups from every part of the engineering organisation, generated for benchmarking.\n")
    write(os.path.join(rb, "content", "_index.md"), home)
    write(os.path.join(hg, "content", "_index.md"), home)
    for s in range(SECTIONS):
        name = SECTION_NAMES[s]
        text = (f"---\ntitle: {json.dumps(name)}\nweight: {s + 1}\n---\n\n"
                f"Notes from the {name.lower()} teams: designs, incidents and the lessons they taught us.\n")
        for root in (rb, hg):
            write(os.path.join(root, "content", f"section-{s + 1:02d}", "_index.md"), text)

    for i in range(n):
        prng = random.Random(f"{seed}-page-{i}")
        targets = []
        while len(targets) < min(5, n - 1):
            t = prng.randrange(n)
            if t != i and t not in targets:
                targets.append(t)
        while len(targets) < 5:  # tiny corpora repeat targets; a one-page corpus links to itself
            targets.append(targets[0] if targets else i)
        rb_links = [(metas[t]["title"], "@/" + page_path(t, width)) for t in targets]
        target_bytes = prng.randint(7300, 7900)
        body = page_body(prng, rb_links, target_bytes)
        fm = front_matter(metas[i])
        rel = page_path(i, width)
        write(os.path.join(rb, "content", rel), fm + body)
        hugo_body = body
        for t in targets:
            hugo_body = hugo_body.replace(f"(@/{page_path(t, width)})",
                                          f'({{{{< relref "/{page_path(t, width)}" >}}}})')
        write(os.path.join(hg, "content", rel), fm + hugo_body)


HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Engineering Notes"
languageCode = "en"
disableKinds = ["RSS"]
enableRobotsTXT = true

[taxonomies]
  tag = "tags"

[markup]
  [markup.highlight]
    noClasses = false
  [markup.tableOfContents]
    startLevel = 2
    endLevel = 3
  [markup.goldmark.parser]
    autoHeadingID = true
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="stylesheet" href="{{ "syntax.css" | relURL }}">
</head>
<body>
<header class="site-header">
  <nav class="site-nav" aria-label="Main">
    <a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <ul>
      {{ range site.Sections.ByWeight }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
      {{ end }}<li><a href="{{ "tags/" | relURL }}">Tags</a></li>
    </ul>
  </nav>
</header>
{{ if not .IsHome }}<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ site.Home.RelPermalink }}">Home</a></li>
    {{ with .Parent }}{{ if not .IsHome }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
    <li aria-current="page">{{ .Title }}</li>
  </ol>
</nav>
{{ end }}<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }}</p><p class="generator">Built with Hugo</p></footer>
</body>
</html>
""",
    "index.html": """{{ define "main" }}<article class="section home">
  <header class="page-header"><h1>{{ .Title }}</h1></header>
  <div class="prose">
{{ .Content }}
  </div>
  <h2 id="more">More</h2>
  <ul class="card-list">
    {{ range .Sections.ByWeight }}<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{ end }}
  </ul>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<article class="section">
  <header class="page-header"><h1>{{ .Title }}</h1></header>
  <div class="prose">
{{ .Content }}
  </div>
  {{ with .Sections }}<h2 id="sections">Sections</h2>
  <ul class="card-list">
    {{ range .ByWeight }}<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{ end }}
  </ul>{{ end }}
  {{ with .RegularPages }}<h2 id="pages">Pages</h2>
  <ul class="card-list">
    {{ range .ByWeight }}<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a><div class="summary">{{ .Summary }}</div></li>
    {{ end }}
  </ul>{{ end }}
</article>{{ end }}
""",
    "_default/single.html": """{{ define "main" }}<article class="page">
  <header class="page-header">
    <h1>{{ .Title }}</h1>
    {{ if not .Date.IsZero }}<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>{{ end }}
  </header>
  {{ with .TableOfContents }}<nav class="toc" aria-label="On this page">
    <h2 class="toc-title">On this page</h2>
    {{ . }}
  </nav>{{ end }}
  <div class="prose">
{{ .Content }}
  </div>
  {{ with .GetTerms "tags" }}<p class="tags">Tags: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>{{ end }}
</article>{{ end }}
""",
    "_default/taxonomy.html": """{{ define "main" }}<article class="section">
  <header class="page-header"><h1>{{ .Title }}</h1></header>
  <ul class="tag-cloud">
    {{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">({{ .Count }})</span></li>
    {{ end }}
  </ul>
</article>{{ end }}
""",
    "_default/term.html": """{{ define "main" }}<article class="section">
  <header class="page-header"><h1>Tagged “{{ .Title }}”</h1></header>
  <ul class="card-list">
    {{ range .Pages.ByWeight }}<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{ end }}
  </ul>
</article>{{ end }}
""",
    "404.html": """{{ define "main" }}<article class="section"><h1>Page not found</h1>
<p><a href="{{ site.Home.RelPermalink }}">Back to the home page</a></p></article>{{ end }}
""",
}


# --------------------------------------------------------------------------------------
# Role blueprints
# --------------------------------------------------------------------------------------

SKILL_CATALOGUE = {
    "Software engineering": [
        "API design", "Distributed systems", "Concurrency and parallelism", "Code review",
        "Testing strategy", "Refactoring legacy code", "Performance profiling",
        "Domain-driven design", "Event-driven architecture", "Systems programming",
        "Dependency management", "Secure coding",
    ],
    "Data": [
        "SQL", "Data modeling", "Stream processing", "Batch ETL", "Data quality engineering",
        "Data governance", "Dimensional modeling", "Query optimization", "Data contracts",
        "Metadata management", "Lakehouse architecture", "Change data capture",
    ],
    "Machine learning": [
        "Supervised learning", "Deep learning", "Feature engineering", "Model evaluation",
        "Recommender systems", "Natural language processing", "Computer vision",
        "LLM application development", "Model serving", "MLOps", "Reinforcement learning",
        "Responsible AI",
    ],
    "Cloud and infrastructure": [
        "Infrastructure as code", "Container orchestration", "Cloud networking",
        "Cloud cost management", "Linux administration", "Service mesh", "Storage systems",
        "Identity and access management", "Serverless architecture", "Multi-region design",
        "Capacity planning", "Build systems",
    ],
    "Security": [
        "Threat modeling", "Application security", "Vulnerability management",
        "Security monitoring", "Incident forensics", "Cryptography fundamentals",
        "Cloud security posture", "Secrets management", "Penetration testing",
        "Security compliance", "Supply chain security", "Zero trust architecture",
    ],
    "Reliability and operations": [
        "Observability", "Incident management", "SLO design", "Chaos engineering",
        "Release engineering", "On-call practice", "Postmortem facilitation",
        "Load testing", "Disaster recovery", "Runbook automation", "Change management",
        "Database operations",
    ],
    "Product and design": [
        "Product discovery", "Roadmap planning", "User research", "Interaction design",
        "Visual design", "Prototyping", "Accessibility", "Design systems",
        "Pricing and packaging", "Requirements writing", "Content design", "Usability testing",
    ],
    "Analytics and experimentation": [
        "A/B testing", "Causal inference", "Statistical modeling", "Forecasting",
        "Dashboard design", "Metric design", "Product analytics", "Survey analysis",
        "Cohort analysis", "Attribution modeling", "Data storytelling", "Anomaly detection",
    ],
    "Frontend and mobile": [
        "TypeScript", "Web performance", "State management", "Component architecture",
        "iOS development", "Android development", "Cross-platform mobile", "Offline-first design",
        "Web security", "Internationalization", "Frontend testing", "Progressive web apps",
    ],
    "Leadership": [
        "Technical strategy", "Hiring and interviewing", "Coaching and mentoring",
        "Performance management", "Organizational design", "Budget planning",
        "Stakeholder management", "Vendor management", "Delivery management",
        "Cross-team alignment", "Decision making", "Change leadership",
    ],
}
SOFT_SKILLS = [
    "Problem framing", "Clear written communication", "Influence without authority",
    "Systems thinking", "Ownership and accountability", "Collaboration", "Curiosity",
    "Prioritization", "Resilience under pressure", "Customer empathy", "Giving feedback",
    "Receiving feedback", "Negotiation", "Facilitation", "Attention to detail",
    "Pragmatism", "Adaptability", "Teaching", "Conflict resolution", "Calm judgment",
]
SOFT_CATEGORY = "Soft skills and behaviours"

TOOL_CATALOGUE = {
    "Cloud platforms": ["AWS", "Microsoft Azure", "Google Cloud", "Cloudflare"],
    "Containers and orchestration": ["Docker", "Kubernetes", "Helm", "Argo CD", "Nomad"],
    "Infrastructure as code": ["Terraform", "Pulumi", "Ansible", "Packer"],
    "Languages and runtimes": ["Rust", "Go", "Python", "Java", "TypeScript", "Kotlin", "Swift", "Node.js"],
    "Data platforms": ["PostgreSQL", "MySQL", "Redis", "Apache Kafka", "Apache Spark", "Snowflake",
                       "BigQuery", "dbt", "Apache Airflow", "Elasticsearch", "ClickHouse", "Apache Flink"],
    "Machine learning": ["PyTorch", "TensorFlow", "scikit-learn", "MLflow", "Hugging Face Transformers",
                         "Jupyter", "Ray", "Weights & Biases"],
    "Observability": ["Prometheus", "Grafana", "OpenTelemetry", "Jaeger", "Loki", "Sentry", "Datadog"],
    "CI/CD": ["GitHub Actions", "GitLab CI", "Jenkins", "Buildkite", "Bazel"],
    "Source control": ["Git", "GitHub", "GitLab"],
    "Security tooling": ["HashiCorp Vault", "Snyk", "Trivy", "Burp Suite", "Wireshark", "OSQuery"],
    "Design and research": ["Figma", "Miro", "Dovetail", "Maze"],
    "Analytics": ["Looker", "Tableau", "Amplitude", "Mixpanel", "Jupyter Notebooks"],
    "Collaboration": ["Slack", "Confluence", "Notion", "Google Workspace"],
    "Project tracking": ["Jira", "Linear", "Asana"],
    "Incident response": ["PagerDuty", "Opsgenie", "Statuspage"],
}

# discipline: (family suffix, IC title, manager noun, skill categories, tool categories, artifacts)
DISCIPLINES = [
    ("Software Engineering", "Software Engineer", "Engineering",
     ["Software engineering", "Cloud and infrastructure", "Reliability and operations"],
     ["Languages and runtimes", "CI/CD", "Source control", "Containers and orchestration", "Observability"],
     ["service", "API", "codebase", "design document"]),
    ("Data Engineering", "Data Engineer", "Data Engineering",
     ["Data", "Software engineering", "Cloud and infrastructure"],
     ["Data platforms", "Languages and runtimes", "CI/CD", "Cloud platforms", "Observability"],
     ["pipeline", "data model", "warehouse", "data contract"]),
    ("Machine Learning Engineering", "Machine Learning Engineer", "Machine Learning",
     ["Machine learning", "Software engineering", "Data"],
     ["Machine learning", "Data platforms", "Languages and runtimes", "Cloud platforms"],
     ["model", "feature pipeline", "evaluation suite", "training job"]),
    ("Site Reliability Engineering", "Site Reliability Engineer", "Reliability",
     ["Reliability and operations", "Cloud and infrastructure", "Software engineering"],
     ["Observability", "Incident response", "Containers and orchestration", "Infrastructure as code"],
     ["SLO", "runbook", "alerting policy", "capacity plan"]),
    ("Security Engineering", "Security Engineer", "Security",
     ["Security", "Cloud and infrastructure", "Software engineering"],
     ["Security tooling", "Cloud platforms", "Observability", "Incident response"],
     ["threat model", "detection rule", "security review", "hardening guide"]),
    ("Data Science", "Data Scientist", "Data Science",
     ["Analytics and experimentation", "Machine learning", "Data"],
     ["Analytics", "Machine learning", "Data platforms", "Languages and runtimes"],
     ["analysis", "experiment", "forecast", "metric definition"]),
    ("Product Management", "Product Manager", "Product",
     ["Product and design", "Analytics and experimentation", "Leadership"],
     ["Project tracking", "Analytics", "Collaboration", "Design and research"],
     ["roadmap", "product brief", "launch plan", "pricing proposal"]),
    ("Product Design", "Product Designer", "Design",
     ["Product and design", "Frontend and mobile", "Analytics and experimentation"],
     ["Design and research", "Collaboration", "Project tracking", "Analytics"],
     ["prototype", "design spec", "research report", "component library"]),
    ("Platform Engineering", "Platform Engineer", "Platform",
     ["Cloud and infrastructure", "Software engineering", "Reliability and operations"],
     ["Containers and orchestration", "Infrastructure as code", "CI/CD", "Cloud platforms"],
     ["golden path", "platform API", "paved road", "cluster"]),
    ("Frontend Engineering", "Frontend Engineer", "Frontend",
     ["Frontend and mobile", "Software engineering", "Product and design"],
     ["Languages and runtimes", "CI/CD", "Source control", "Observability"],
     ["web app", "component", "performance budget", "design system"]),
    ("Mobile Engineering", "Mobile Engineer", "Mobile",
     ["Frontend and mobile", "Software engineering", "Reliability and operations"],
     ["Languages and runtimes", "CI/CD", "Source control", "Observability"],
     ["mobile app", "release train", "SDK", "crash dashboard"]),
    ("Quality Engineering", "Quality Engineer", "Quality",
     ["Software engineering", "Reliability and operations", "Frontend and mobile"],
     ["CI/CD", "Languages and runtimes", "Project tracking", "Source control"],
     ["test plan", "test harness", "quality report", "release checklist"]),
    ("Analytics Engineering", "Analytics Engineer", "Analytics",
     ["Data", "Analytics and experimentation", "Software engineering"],
     ["Data platforms", "Analytics", "CI/CD", "Source control"],
     ["semantic layer", "dbt model", "dashboard", "metric store"]),
    ("Research Science", "Research Scientist", "Research",
     ["Machine learning", "Analytics and experimentation", "Data"],
     ["Machine learning", "Languages and runtimes", "Cloud platforms", "Data platforms"],
     ["paper", "prototype", "benchmark", "research agenda"]),
    ("Technical Program Management", "Technical Program Manager", "Programs",
     ["Leadership", "Product and design", "Reliability and operations"],
     ["Project tracking", "Collaboration", "Incident response", "Analytics"],
     ["program plan", "dependency map", "status report", "launch checklist"]),
]
DOMAINS = [
    "Payments", "Search", "Growth", "Identity", "Logistics", "Marketplace", "Ads",
    "Core Platform", "Developer Experience", "Messaging", "Risk", "Health", "Media",
    "Maps", "Commerce", "Billing", "Trust and Safety", "Enterprise", "Insights", "Edge",
]
# Competency areas of the generated framework: (id, name, group).
AREAS = [("craft", "Craft", "Doing"), ("delivery", "Delivery", "Doing"), ("quality", "Quality", "Doing"),
         ("collaboration", "Collaboration", "People"), ("mentoring", "Mentoring", "People"),
         ("influence", "Influence", "People")]

IC_LEVELS = [(1, "Associate {t}", "Associate"), (2, "{t}", "Mid-level"), (3, "Senior {t}", "Senior"),
             (4, "Staff {t}", "Staff"), (5, "Senior Staff {t}", "Senior Staff"),
             (6, "Principal {t}", "Principal"), (7, "Distinguished {t}", "Distinguished")]
MGMT_LEVELS = [(4, "Manager, {m}", "Manager"), (5, "Senior Manager, {m}", "Senior Manager"),
               (6, "Director of {m}", "Director"), (7, "Vice President of {m}", "Vice President")]

ROLE_VERBS = ["Own", "Define", "Improve", "Review", "Coordinate", "Measure", "Document",
              "Automate", "Simplify", "Prioritize", "Design", "Operate", "Deliver", "Evaluate",
              "Standardize", "Champion"]
ROLE_QUALIFIERS = [
    "with clear success criteria agreed up front", "in partnership with product and engineering",
    "so that other teams can reuse it without help", "within the agreed budget and timeline",
    "and report progress in the monthly review", "with measurable impact on customer outcomes",
    "while keeping operational risk low", "using the team's shared standards",
    "and make the trade-offs explicit", "across every region the product serves",
    "before the quarterly planning cycle", "with a written rationale for each decision",
]
ROLE_OBJECTS = [
    "the {d} {a} roadmap", "quality standards for every {a}", "the {d} {a} lifecycle",
    "the team's {a} review process", "{d} reliability targets", "onboarding material for new {t}s",
    "the backlog of {d} {a} improvements", "cost and performance of each {a}",
    "incident follow-ups for the {d} area", "shared tooling for {a} work",
    "the long-term {d} strategy", "risks in the {d} {a} portfolio",
]
KPI_NAMES = ["Cycle time", "Change failure rate", "Customer satisfaction", "Adoption rate",
             "Availability", "Cost per unit", "Defect escape rate", "Time to restore",
             "Forecast accuracy", "Stakeholder satisfaction", "Reuse rate", "Lead time",
             "Coverage", "Throughput", "Review turnaround", "Onboarding time"]
FREQUENCIES = ["Weekly", "Monthly", "Quarterly", "Per release", "Semiannual"]
SCORE_DIMENSIONS = ["Technical depth", "Problem solving", "Communication", "Collaboration",
                    "Ownership", "Domain knowledge", "Execution", "Leadership", "Judgment",
                    "Customer focus"]
SUMMARY_CATEGORIES = ["Role title", "Role purpose", "Top responsibilities", "Top technical skills",
                      "Top soft skills", "Top tools or platforms", "Top KPIs", "Main deliverables",
                      "Main goals", "Career progression options"]


def ystr(s):
    return json.dumps(s, ensure_ascii=False)


def yaml_lines(obj, ind=0):
    pad = " " * ind
    lines = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{k}:")
                lines.extend(yaml_lines(v, ind + 2))
            else:
                lines.append(f"{pad}{k}: {yscalar(v)}")
    elif isinstance(obj, list):
        for item in obj:
            if isinstance(item, dict) and item:
                sub = yaml_lines(item, ind + 2)
                sub[0] = pad + "- " + sub[0][ind + 2:]
                lines.extend(sub)
            elif isinstance(item, list) and item:
                raise ValueError("nested lists are not used")
            else:
                lines.append(f"{pad}- {yscalar(item)}")
    return lines


def yscalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return ystr(v)


def to_yaml(obj):
    return "\n".join(yaml_lines(obj)) + "\n"


def weights_summing_to_100(rng, n):
    w = [5] * n
    for _ in range((100 - 5 * n) // 5):
        w[rng.randrange(n)] += 5
    return w


def gen_roles(m, out, seed):
    rng = random.Random(f"{seed}-roles")
    root = os.path.join(out, "roles")
    if os.path.exists(root):
        shutil.rmtree(root)

    # Catalogues.
    skills = {}  # id -> (name, category)
    for cat, names in SKILL_CATALOGUE.items():
        for name in names:
            skills[slugify(name)] = (name, cat)
    soft_ids = []
    for name in SOFT_SKILLS:
        skills[slugify(name)] = (name, SOFT_CATEGORY)
        soft_ids.append(slugify(name))
    tools = {}
    tools_by_cat = {}
    for cat, names in TOOL_CATALOGUE.items():
        for name in names:
            tid = slugify(name)
            if tid in tools:
                raise SystemExit(f"duplicate tool id {tid}")
            tools[tid] = (name, cat)
            tools_by_cat.setdefault(cat, []).append(tid)
    skills_by_cat = {}
    for sid, (_, cat) in skills.items():
        skills_by_cat.setdefault(cat, []).append(sid)
    all_tool_ids = sorted(tools)

    for cat, ids in sorted(skills_by_cat.items()):
        entries = []
        for sid in ids:
            name, _ = skills[sid]
            e = {"id": sid, "name": name, "category": cat,
                 "description": f"{name}: {rng.choice(ROLE_QUALIFIERS).capitalize()}; "
                                f"applied day to day in {cat.lower()} work."}
            if cat != SOFT_CATEGORY and rng.random() < 0.6:
                e["related_tools"] = rng.sample(all_tool_ids, rng.randint(1, 3))
            entries.append(e)
        write(os.path.join(root, "content", "skills", slugify(cat) + ".yaml"), to_yaml(entries))
    for cat, ids in sorted(tools_by_cat.items()):
        entries = [{"id": tid, "name": tools[tid][0], "category": cat,
                    "description": f"{tools[tid][0]}, used for {cat.lower()} work across the company."}
                   for tid in ids]
        write(os.path.join(root, "content", "tools", slugify(cat) + ".yaml"), to_yaml(entries))

    # Roles: families (domain x discipline), each an IC ladder 1-7 and a management ladder 4-7.
    roles = []  # dicts with id, title, family, track, level, level_name, disc, domain
    families = []
    per_family = len(IC_LEVELS) + len(MGMT_LEVELS)
    n_families = math.ceil(m / per_family) if m else 0
    f = 0
    while len(families) < n_families:
        cycle, rest = divmod(f, len(DOMAINS) * len(DISCIPLINES))
        dom_i, disc_i = divmod(rest, len(DISCIPLINES))
        domain = DOMAINS[dom_i] + (f" {cycle + 1}" if cycle else "")
        families.append((domain, DISCIPLINES[disc_i]))
        f += 1
    for fi, (domain, disc) in enumerate(families):
        fam_name = f"{domain} {disc[0]}"
        specs = [("Individual contributor", lvl, t.format(t=disc[1]), ln) for lvl, t, ln in IC_LEVELS]
        specs += [("Management", lvl, t.format(m=disc[2]), ln) for lvl, t, ln in MGMT_LEVELS]
        for track, lvl, title, ln in specs:
            if len(roles) >= m:
                break
            full_title = f"{title} ({domain})"
            roles.append({"id": slugify(f"{domain} {title}"), "title": full_title, "family": fam_name,
                          "track": track, "level": lvl, "level_name": ln, "disc": disc,
                          "domain": domain, "fi": fi})
    ids = {}
    for r in roles:
        if r["id"] in ids:
            raise SystemExit(f"duplicate role id {r['id']}")
        ids[r["id"]] = r
    by_key = {(r["fi"], r["track"], r["level"]): r["id"] for r in roles}

    # Career edges: up the ladder, and IC 3/4 -> management 4/5. All go up a level: no cycles.
    nxt = {r["id"]: [] for r in roles}
    feeders = {r["id"]: [] for r in roles}
    for r in roles:
        cands = []
        if r["track"] == "Individual contributor":
            cands.append((r["fi"], "Individual contributor", r["level"] + 1))
            if r["level"] in (3, 4):
                cands.append((r["fi"], "Management", r["level"] + 1))
        else:
            cands.append((r["fi"], "Management", r["level"] + 1))
        for key in cands:
            to = by_key.get(key)
            if to:
                nxt[r["id"]].append(to)
                feeders[to].append(r["id"])
    # Adjacent: same discipline and level in another domain; else another discipline, same domain.
    fams_by_disc = {}
    fams_by_domain = {}
    for fi, (domain, disc) in enumerate(families):
        fams_by_disc.setdefault(disc[0], []).append(fi)
        fams_by_domain.setdefault(domain, []).append(fi)

    def same_level(r, family_ids):
        return [by_key[(fi, r["track"], r["level"])] for fi in family_ids
                if fi != r["fi"] and (fi, r["track"], r["level"]) in by_key]

    adjacent = {}
    peers = {}
    for r in roles:
        cands = same_level(r, fams_by_disc[r["disc"][0]]) or same_level(r, range(len(families)))
        adjacent[r["id"]] = rng.sample(cands, min(2, len(cands)))
        cands = same_level(r, fams_by_domain[r["domain"]]) or cands
        peers[r["id"]] = rng.sample(cands, min(3, len(cands)))

    # The framework: competency areas, and one rubric per family and track that every
    # role of it sits on; one role in five also writes its own text for one area.
    frng = random.Random(f"{seed}-framework")
    write(os.path.join(root, "content", "competencies.yaml"),
          to_yaml([{"id": a, "name": n, "group": g, "description": paragraph(frng, 1)} for a, n, g in AREAS]))
    tracks = {}
    for r in roles:
        tracks.setdefault((r["fi"], r["family"], r["track"]), []).append(r)
    for (fi, family, track), members in tracks.items():
        rid = slugify(f"{family} {track}")
        levels = []
        for m in sorted(members, key=lambda x: x["level"]):
            levels.append({"level": m["level"], "name": m["level_name"], "expectations": {
                a: {"summary": sentence(frng), "behaviours": [sentence(frng) for _ in range(3)],
                    "examples": [sentence(frng)]} for a, _, _ in AREAS}})
        write(os.path.join(root, "content", "rubrics", rid + ".yaml"),
              to_yaml({"id": rid, "title": f"{family}, {track.lower()}", "family": family, "track": track,
                       "description": paragraph(frng, 2), "levels": levels}))

    for r in roles:
        rng = random.Random(f"{seed}-role-{r['id']}")
        role = role_blueprint(rng, r, ids, nxt, feeders,
                              adjacent, peers, skills_by_cat, soft_ids, tools_by_cat, skills)
        if rng.random() < 0.2:
            area = rng.choice(AREAS)[0]
            role["expectations"] = {area: {"summary": sentence(rng), "behaviours": [sentence(rng) for _ in range(2)]}}
        write(os.path.join(root, "content", "roles", r["id"] + ".yaml"), to_yaml(role))

    write(os.path.join(root, "rolebook.yaml"),
          "title: Careers at Example\n"
          "description: Generated role blueprints for benchmarking rolebook.\n"
          "base_url: https://example.org/\n")
    featured = "".join(f"- [{ids[rid]['title']}](@/roles/{rid}.yaml)\n" for rid in list(ids)[:3])
    write(os.path.join(root, "content", "_index.md"),
          "---\ntitle: Careers at Example\n---\n\n"
          f"{len(roles)} generated role blueprints, {len(skills)} skills and {len(tools)} tools.\n\n"
          f"Start with:\n\n{featured}")


def role_blueprint(rng, r, ids, nxt, feeders, adjacent, peers, skills_by_cat, soft_ids, tools_by_cat, skills):
    disc = r["disc"]
    d = r["domain"].lower()
    t = disc[1].lower()
    artifacts = disc[5]

    def item():
        obj = rng.choice(ROLE_OBJECTS).format(d=d, a=rng.choice(artifacts), t=t)
        return f"{rng.choice(ROLE_VERBS)} {obj} {rng.choice(ROLE_QUALIFIERS)}."

    def items(lo=3, hi=6):
        return [item() for _ in range(rng.randint(lo, hi))]

    def maybe_note(lst, note):
        return {"note": note, "items": lst} if rng.random() < 0.15 else lst

    def text(n=2):
        return " ".join(sentence(rng) for _ in range(n))

    def link(rid):
        return {"role": rid, "label": ids[rid]["title"]} if rng.random() < 0.5 else {"role": rid}

    tech_pool = [s for cat in disc[3] for s in skills_by_cat[cat]]
    picked = rng.sample(tech_pool, min(len(tech_pool), 20))
    must, good, adv, emerg = picked[:7], picked[7:12], picked[12:15], picked[15:18]

    def need(sid, importance, emerging=False):
        n = {"skill": sid}
        if rng.random() < 0.2:
            n["label"] = f"{skills[sid][0]} ({d} context)"
        n["description"] = f"{skills[sid][0]} as applied to {d} {rng.choice(artifacts)}s."
        if not emerging:
            n["use"] = item()
        n["importance"] = importance
        return n

    tool_rows = []
    for cat in disc[4]:
        ids_in = tools_by_cat[cat]
        for _ in range(rng.randint(1, 3)):
            chosen = rng.sample(ids_in, min(len(ids_in), rng.randint(1, 3)))
            row = {"category": cat, "tools": chosen,
                   "label": ", ".join(TOOL_NAME[c] for c in chosen),
                   "use": item(),
                   "commonality": rng.choice(["Common", "Common", "Optional", "Context-specific"])}
            tool_rows.append(row)

    n_dims = rng.randint(5, 7)
    dims = rng.sample(SCORE_DIMENSIONS, n_dims)
    weights = weights_summing_to_100(rng, n_dims)
    scorecard = [{"dimension": dim, "meets_bar": item(), "weight": w} for dim, w in zip(dims, weights)]

    role = {
        "id": r["id"],
        "title": r["title"],
        "family": r["family"],
        "track": r["track"],
        "level": r["level"],
        "level_name": r["level_name"],
        "scope": item(),
        "summary": {
            "description": f"The {r['title']} {rng.choice(ROLE_VERBS).lower()}s the {d} "
                           f"{rng.choice(artifacts)}s. {text(3)}\n\n{text(3)}\n",
            "horizon": "Current",
            "partners": ", ".join(sorted({ids[p]["disc"][0] for p in peers[r["id"]]})) or "Engineering",
        },
        "mission": {"core": item(), "strategic_importance": items(), "business_outcomes": items()},
        "responsibilities": {
            "strategic": items(), "operational": items(), "technical": items(),
            "cross_functional": items(), "governance": items(2, 4),
            "leadership": maybe_note(items(2, 4), f"{r['level_name']} expectations"),
            "reporting_line": f"Reports to the {r['family']} leadership.",
        },
        "day_to_day": {"daily": items(), "weekly": items(), "monthly_quarterly": items(),
                       "rituals": items(3, 5), "incident": maybe_note(items(2, 4), "when relevant")},
        "deliverables": items(6, 10),
        "goals": {"day_30": items(3, 4), "day_60": items(3, 4), "day_90": items(3, 4),
                  "month_6": items(3, 4), "month_12": items(3, 5),
                  "long_term": maybe_note(items(2, 3), "18-36 months"),
                  "success_definition": text(2), "high_performance": items(3, 5)},
        "kpis": {
            "intro": text(2),
            "metrics": [{"name": k, "measures": item(), "why": text(1),
                         "target": f"{rng.randint(2, 30)}% better than last quarter",
                         "frequency": rng.choice(FREQUENCIES)}
                        for k in rng.sample(KPI_NAMES, rng.randint(6, 10))],
            "notes": items(2, 3),
        },
        "skills": {
            "must_have": [need(s, "Critical") for s in must],
            "good_to_have": [need(s, "Important") for s in good],
            "advanced": [need(s, rng.choice(["Important", "Optional"])) for s in adv],
            "emerging": maybe_note([need(s, "Optional", emerging=True) for s in emerg], "next 2-5 years"),
        },
        "soft_skills": [{"skill": s, "why": text(1), "on_the_job": item(), "strong": item()}
                        for s in rng.sample(soft_ids, rng.randint(5, 8))],
        "tools": tool_rows,
        "environment": {k: items(2, 4) for k in ["infrastructure", "application", "data", "security",
                                                 "delivery_model", "agile_sdlc", "scale_complexity",
                                                 "team_topology"]},
        "stakeholders": {
            "internal": items(), "external": maybe_note(items(2, 3), "context-specific"),
            "peer_roles": [link(p) for p in peers[r["id"]]],
            "upstream": items(2, 4), "downstream": items(2, 4), "collaboration": items(1, 2),
            "decision_authority": items(2, 3), "escalation": items(2, 3),
        },
        "decision_rights": {"independent": items(), "team_approval": items(2, 4),
                            "manager_approval": items(2, 4), "authority": items(3, 5)},
        "experience": {
            "years": [f"Typically {2 * r['level'] - 1}-{2 * r['level'] + 3} years in {disc[0].lower()} or a related field."],
            "education": items(1, 2), "certifications": maybe_note(items(1, 2), "optional"),
            "backgrounds": items(2, 4), "domain_knowledge": items(2, 3), "leadership": items(1, 3),
        },
        "career": {
            "feeders": [link(x) for x in feeders[r["id"]]],
            "next": [link(x) for x in nxt[r["id"]]],
            "adjacent": [link(x) for x in adjacent[r["id"]]],
            "promotion_skills": items(3, 5),
            "evolution": items(2, 3),
        },
        "risks": {k: items(2, 4) for k in ["challenges", "bottlenecks", "anti_patterns",
                                           "underperformance", "business_risks"]},
        "variants": {k: items(2, 3) for k in ["company_size", "industry", "geography",
                                              "product_vs_service", "startup_vs_enterprise", "regulated"]},
        "ai_impact": {"automatable": items(), "human_critical": items(), "changes": items(2, 4),
                      "new_expectations": items(2, 4)},
        "hiring": {
            "assess": items(4, 6),
            "exercises": [{"title": f"{rng.choice(['Case study', 'Design exercise', 'Deep dive', 'Pairing session'])} "
                                    f"on a {d} {rng.choice(artifacts)}",
                           "details": items(1, 3)} for _ in range(rng.randint(2, 4))],
            "strong_signals": items(3, 5), "weak_signals": items(3, 4), "red_flags": items(3, 5),
            "scorecard": scorecard,
        },
        "scorecard_summary": [{"category": c, "summary": r["title"] if c == "Role title" else text(1)}
                              for c in SUMMARY_CATEGORIES],
    }
    # Empty lists are written as [] by the YAML writer; drop them so the blueprint stays tidy.
    for key in ("feeders", "next", "adjacent"):
        if not role["career"][key]:
            del role["career"][key]
    if not role["stakeholders"]["peer_roles"]:
        del role["stakeholders"]["peer_roles"]
    return role


TOOL_NAME = {slugify(n): n for names in TOOL_CATALOGUE.values() for n in names}


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pages", type=int, default=1000, help="number of generic pages (default 1000)")
    p.add_argument("--roles", type=int, default=0, help="also write DIR/roles with this many role blueprints")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = p.parse_args(argv)
    if args.pages < 0 or args.roles < 0:
        p.error("--pages and --roles must not be negative")
    os.makedirs(args.out, exist_ok=True)
    if args.pages:
        gen_pages(args.pages, args.out, args.seed)
    if args.roles:
        gen_roles(args.roles, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
