"""Latency and throughput of `newsprism serve`: the story page against a static file of the same server.

usage: .venv/bin/python bench/bench_serve.py --db corpus.db [--story ID] [--requests 2000] [--concurrency 16]
       [--no-cache]

Starts `newsprism serve --db DB` on a free port of 127.0.0.1 (a process of its own), then sends a bounded load —
``--requests`` GETs, ``--concurrency`` at a time, from 127.0.0.1 only — first to /static/app.css, then to the
story page (the story with the most articles, unless --story). Prints p50 / p99 latency and requests per second
of each, the first (cold) story-page request, and the ratio of the p99s. Floor (issue 12): story-page p99 within
10x of the static file's at a 1,000-article corpus. Without --db it builds a corpus of the bundled articles in a
temp dir (a smoke run; the floor is about 1,000 articles: see bench/README.md for building one).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
FLOOR = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def biggest_story(db: str) -> tuple[str, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return con.execute("SELECT id, size FROM stories ORDER BY size DESC, id LIMIT 1").fetchone()


def start_server(db: str, port: int, cache: bool) -> subprocess.Popen:
    cmd = [str(REPO / ".venv/bin/newsprism") if (REPO / ".venv/bin/newsprism").exists() else "newsprism",
           "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)] + ([] if cache else ["--no-cache"])
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(600):  # up to ~60 s for the server to come up
        if proc.poll() is not None:
            raise SystemExit(f"newsprism serve exited: {proc.stderr.read().decode()[-500:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/app.css", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.terminate()
    raise SystemExit("newsprism serve did not answer")


async def load(url: str, requests: int, concurrency: int) -> tuple[list[float], float]:
    """Latencies (s) of ``requests`` GETs of ``url`` sent ``concurrency`` at a time, and the wall time of all."""
    latencies: list[float] = []
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        async def worker():
            for _ in todo:
                t0 = time.perf_counter()
                r = await client.get(url)
                latencies.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {r.status_code}")
        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, time.perf_counter() - t0


def stats(latencies: list[float], wall: float) -> dict[str, float]:
    q = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"p50": q[49] * 1000, "p99": q[98] * 1000, "rps": len(latencies) / wall}


def line(name: str, s: dict[str, float]) -> str:
    return f"{name:12} p50 {s['p50']:8.1f} ms   p99 {s['p99']:8.1f} ms   {s['rps']:8.1f} requests/s"


def demo_corpus() -> str:
    from newsprism import api

    db = os.path.join(tempfile.mkdtemp(), "demo.db")
    api.analyze(sorted(str(p) for p in (REPO / "examples/blinken-2023").glob("*.txt")), db=db)
    return db


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="corpus database (default: the bundled articles, analysed into a temp dir)")
    ap.add_argument("--story", help="story id (default: the story with the most articles)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--no-cache", action="store_true", help="serve with --no-cache: every page rendered anew")
    args = ap.parse_args()
    db = args.db or demo_corpus()
    story, size = (args.story, "?") if args.story else biggest_story(db)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    port = free_port()
    server = start_server(db, port, cache=not args.no_cache)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.perf_counter()
        httpx.get(f"{base}/stories/{story}", timeout=300).raise_for_status()
        cold = time.perf_counter() - t0
        results = {}
        for name, path in (("static file", "/static/app.css"), ("story page", f"/stories/{story}")):
            asyncio.run(load(base + path, min(50, args.requests), args.concurrency))  # warm-up
            results[name] = stats(*asyncio.run(load(base + path, args.requests, args.concurrency)))
    finally:
        server.terminate()
        server.wait()
    print(f"corpus {articles} articles; story {story} ({size} articles); {args.requests} requests at concurrency "
          f"{args.concurrency}; page cache {'off' if args.no_cache else 'on'}")
    print(f"story page, first request (cold): {cold * 1000:.0f} ms")
    for name, s in results.items():
        print(line(name, s))
    ratio = results["story page"]["p99"] / results["static file"]["p99"]
    print(f"story-page p99 / static-file p99 = {ratio:.1f}x (floor: within {FLOOR:.0f}x at 1,000 articles: "
          f"{'met' if ratio <= FLOOR else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
