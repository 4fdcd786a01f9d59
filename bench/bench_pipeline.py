"""The whole pipeline per corpus size beside bare spaCy, in-process and on Dask, in the same run.

usage: bench_pipeline.py [--sizes 100,300] [--dask] [--workers 2] [--jobs N]

For each size N, the first N PolNeAR + ECB+ dev texts (as bench_incremental.py reads them; ~570 words each) are
analysed into a fresh database as ``newsprism analyze`` does it (``api.analyze(findings=False)``, report.json /
.html / .md written from the store; ``--jobs`` parse processes, default the machine's cores) and, with ``--dask``, by ``analyze --engine dask`` on a LocalCluster of ``--workers`` processes
(its start included); the baseline is bare spaCy ``nlp.pipe`` over the same texts in one process (model load not
counted). Each measurement runs in a fresh subprocess so its peak memory is its own. Prints articles/s, the ratio
to bare spaCy, seconds per stage (in-process: clean, stories, parse (the main process waiting for the workers'
parses, which run beside the other stages), reuse, extract, compare; Dask: clean and stories here, parse and
thread tasks as worker-seconds from the scheduler's task stream), peak memory (main process; the largest parse
worker or Dask worker) and whether the Dask report equals the in-process one.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
HERE = Path(__file__).resolve().parent


def dev_files(n: int) -> list[str]:
    files = sorted(glob.glob(str(SHARED / "eval" / "polnear-dev" / "*" / "text" / "*.txt")))
    files += sorted(glob.glob(str(SHARED / "eval" / "ecbplus-facts-dev" / "texts" / "*.txt")))
    if len(files) < n:
        raise SystemExit(f"only {len(files)} dev texts under {SHARED / 'eval'}; pick a size up to that")
    return files[:n]


def peak_rss(who: int) -> int:
    return resource.getrusage(who).ru_maxrss * 1024  # Linux: KiB


# --- one measurement, in its own process ---

def bare_spacy(files: list[str]) -> dict:
    from newsprism.nlp import load_nlp

    texts = [Path(f).read_text(encoding="utf-8").replace("\u00a0", " ") for f in files]
    nlp = load_nlp()
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return {"seconds": time.perf_counter() - start}


class StageClock:
    """Seconds per stage of an in-process run, by wrapping the functions that run them."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)

    def wrap(self, module, name: str, label=None) -> None:
        fn = getattr(module, name)

        def timed(*a, **kw):
            start = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                key = label(*a) if label else name
                self.seconds[key] += time.perf_counter() - start
        setattr(module, name, timed)


def newsprism_run(files: list[str], db: str, engine: str, jobs: int, workers: int) -> dict:
    from newsprism import api, corpus, pipeline

    clock = StageClock()
    clock.wrap(api, "ingest_into", lambda *a: "clean")
    clock.wrap(corpus, "_place_articles", lambda *a: "stories")
    clock.wrap(corpus.ParseAhead, "wait_for", lambda *a: "parse")  # the main process waiting for parses
    clock.wrap(corpus.ParseAhead, "close", lambda *a: "parse")
    clock.wrap(pipeline, "run_stage", lambda stage, *a: stage.name)  # in-process thread stages only
    if engine == "dask":
        return dask_run(files, db, workers, clock)
    start = time.perf_counter()
    api.analyze(files, db=db, jobs=jobs, out=db + ".out", findings=False)  # as `newsprism analyze` runs
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "stages": dict(clock.seconds), "children_rss": peak_rss(resource.RUSAGE_CHILDREN),
            "report": comparable(db + ".out")}


def dask_run(files: list[str], db: str, workers: int, clock: StageClock) -> dict:
    from distributed import Client, get_task_stream

    from bench_dask_copies import MemorySampler
    from newsprism import api
    from newsprism.scale.cluster import local_cluster

    start = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        with MemorySampler(client) as memory, get_task_stream(client=client) as stream:
            api.analyze(files, db=db, engine="dask", scheduler=cluster.scheduler_address, out=db + ".out",
                        findings=False)
        seconds = time.perf_counter() - start
        tasks = stream.data
    stages = dict(clock.seconds)
    for task in tasks:  # worker-seconds of the parse and thread tasks
        name = str(task["key"][0] if isinstance(task["key"], tuple) else task["key"])
        kind = "parse (workers)" if name.startswith("_parse_chunk") else "threads (workers)"
        stages[kind] = stages.get(kind, 0.0) + sum(s["stop"] - s["start"] for s in task["startstops"]
                                                   if s["action"] == "compute")
    return {"seconds": seconds, "stages": stages, "children_rss": max(memory.peaks.values(), default=0),
            "report": comparable(db + ".out")}


def comparable(out: str) -> str:
    """A digest of the report.json a run wrote (every run reads the same input files, so even the paths agree)."""
    import hashlib

    digest = hashlib.sha256()
    with open(os.path.join(out, "report.json"), "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def child(args) -> None:
    files = dev_files(args.n)
    if args.mode == "spacy":
        out = bare_spacy(files)
    else:
        out = newsprism_run(files, os.path.join(args.work, f"{args.mode}-{args.n}.db"), args.mode, args.jobs,
                            args.workers)
    out["rss"] = peak_rss(resource.RUSAGE_SELF)
    print(json.dumps(out))


def measure(mode: str, n: int, args, work: str) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--n", str(n), "--work", work, "--jobs", str(args.jobs),
           "--workers", str(args.workers)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{mode} at {n} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the table ---

COLUMNS = ("clean", "stories", "parse", "reuse", "extract", "compare", "parse (workers)", "threads (workers)")


def row(n: int, label: str, m: dict, bare: dict) -> str:
    rate, bare_rate = n / m["seconds"], n / bare["seconds"]
    stages = " | ".join(f"{m['stages'][c]:.1f} s" if c in m["stages"] else "–" for c in COLUMNS)
    return (f"| {n:,} | {label} | {m['seconds']:.1f} s | {rate:.2f} | {rate / bare_rate:.2f}x | {stages} | "
            f"{m['rss'] / 1e9:.2f} GB | {m['children_rss'] / 1e9:.2f} GB |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,300", help="comma-separated corpus sizes")
    ap.add_argument("--dask", action="store_true", help="add a row for --engine dask (LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="Dask workers (one thread each)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="in-process parse workers")
    ap.add_argument("--child", choices=("spacy", "local", "dask"), dest="mode", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--work", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        return child(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = tempfile.mkdtemp(prefix="np-pipe-")
    print(f"dev texts from {SHARED / 'eval'}; in-process --jobs {args.jobs}; Dask: LocalCluster, {args.workers} "
          f"workers x 1 thread; bare spaCy: nlp.pipe in one process (model load not counted)\n")
    print("| articles | run | time | articles/s | vs bare spaCy | " + " | ".join(COLUMNS) +
          " | peak memory (main) | peak memory (largest worker) |")
    print("|" + "---|" * (7 + len(COLUMNS)))
    for n in sizes:
        bare = measure("spacy", n, args, work)
        print(f"| {n:,} | bare spaCy | {bare['seconds']:.1f} s | {n / bare['seconds']:.2f} | 1.00x | "
              + " | ".join("–" for _ in COLUMNS) + f" | {bare['rss'] / 1e9:.2f} GB | – |", flush=True)
        local = measure("local", n, args, work)
        print(row(n, f"newsprism (--jobs {args.jobs})", local, bare), flush=True)
        if args.dask:
            dask = measure("dask", n, args, work)
            print(row(n, f"newsprism --engine dask ({args.workers} workers)", dask, bare), flush=True)
            print(f"|  | Dask report equals in-process: {dask['report'] == local['report']} |", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
