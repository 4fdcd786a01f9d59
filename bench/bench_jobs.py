"""``analyze --jobs N`` against one process, on the same real dev articles, in the same run.

usage: .venv/bin/python bench/bench_jobs.py [--n 300] [--jobs 2]

Each run analyses the first N PolNeAR + ECB+ dev texts into a fresh database (wall-clock seconds, the machine's
other load included: run it on a quiet machine). ``--jobs`` workers clean and parse the articles (the per-article
steps); the story, reuse, extract and compare stages then run per thread in the main process, reading the parses
from the store's cache. Prints both times, the ratio, and whether the two reports are equal.
"""
from __future__ import annotations

import argparse
import glob
import json
import tempfile
import time
from pathlib import Path

from newsprism import api

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def texts(n: int) -> list[str]:
    files = sorted(glob.glob(str(SHARED / "eval" / "polnear-dev" / "*" / "text" / "*.txt")))
    files += sorted(glob.glob(str(SHARED / "eval" / "ecbplus-facts-dev" / "texts" / "*.txt")))
    return files[:n]


def run(paths: list[str], jobs: int, work: Path) -> tuple[float, dict]:
    start = time.perf_counter()
    report = api.analyze(paths, db=str(work / f"jobs{jobs}.db"), jobs=jobs)
    seconds = time.perf_counter() - start
    data = report.to_json()
    for a in data["articles"]:
        a.pop("path", None)
    return seconds, data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    paths = texts(args.n)
    with tempfile.TemporaryDirectory() as tmp:
        one, a = run(paths, 1, Path(tmp))
        many, b = run(paths, args.jobs, Path(tmp))
    same = json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    print(f"{len(paths)} articles: one process {one:.1f} s, --jobs {args.jobs} {many:.1f} s, "
          f"ratio {one / many:.2f}x; same report: {same}")


if __name__ == "__main__":
    main()
