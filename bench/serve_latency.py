#!/usr/bin/env python3
"""Time from saving a file to `rolebook serve` serving the new HTML.

Starts `rolebook serve --port 0` on a site, listens to its live-reload event stream, then
N times appends a unique marker to one source file and measures how long it takes until
(1) the server announces the reload and (2) a GET of the page returns the marker.
Prints median, p10, p90, min and max in milliseconds.

    python3 bench/serve_latency.py --root SITE --file content/about.md --page /about/ [--runs 30]
    python3 bench/serve_latency.py --root SITE --role ROLE_ID [--runs 30]   # edit a role's summary
"""
import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "rolebook"))
    ap.add_argument("--file", help="source file to edit, relative to the root")
    ap.add_argument("--page", help="site path of the page it renders")
    ap.add_argument("--role", help="edit content/roles/ROLE.yaml (its summary) and fetch /roles/ROLE/")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    if args.role:
        args.file = f"content/roles/{args.role}.yaml"
        args.page = f"/roles/{args.role}/"
    if not args.file or not args.page:
        sys.exit("give --file and --page, or --role")

    path = os.path.join(args.root, args.file)
    original = open(path, encoding="utf-8").read()
    proc = subprocess.Popen([args.bin, "serve", "--port", "0", "--root", args.root],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://([0-9.]+):(\d+)/", line)
        if not m:
            sys.exit(f"unexpected output: {line!r}")
        host, port = m.group(1), int(m.group(2))

        reloads = []
        cond = threading.Condition()

        def listen():
            s = socket.create_connection((host, port))
            s.sendall(f"GET /__rolebook/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            buf = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return
                buf += chunk
                while b"\n\n" in buf:
                    event, buf = buf.split(b"\n\n", 1)
                    if b"event: reload" in event or b"event: build-error" in event:
                        with cond:
                            reloads.append((time.perf_counter(), event))
                            cond.notify_all()

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.5)
        announce, served = [], []
        for i in range(args.runs):
            marker = f"latency-marker-{os.getpid()}-{i}"
            if args.role:
                text = re.sub(r"(summary:\n  description: [|>]?-?\n?\s*)", lambda m: m.group(1) + marker + " ", original, count=1)
                if marker not in text:
                    text = original.replace("\nsummary:\n", f"\nsummary:\n  # {marker}\n", 1)
            else:
                text = original + f"\n\n{marker}\n"
            with cond:
                seen = len(reloads)
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            with cond:
                cond.wait_for(lambda: len(reloads) > seen, timeout=60)
                if len(reloads) == seen:
                    sys.exit("no reload event within 60 s")
                t1, event = reloads[seen]
            if b"build-error" in event:
                sys.exit(f"the edit broke the build: {event.decode()}")
            while marker not in get(host, port, args.page):
                if time.perf_counter() - t0 > 60:
                    sys.exit("the page never showed the edit")
            t2 = time.perf_counter()
            announce.append((t1 - t0) * 1000)
            served.append((t2 - t0) * 1000)
            time.sleep(0.15)

        def row(name, xs):
            xs = sorted(xs)
            q = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]
            print(f"{name:<22} median {statistics.median(xs):7.1f} ms   p10 {q(0.1):7.1f}   p90 {q(0.9):7.1f}   min {xs[0]:7.1f}   max {xs[-1]:7.1f}")

        print(f"{args.runs} edits of {args.file} on {args.root}")
        row("save -> reload event", announce)
        row("save -> new HTML", served)
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
