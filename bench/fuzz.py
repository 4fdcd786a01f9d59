"""Fuzz newsprism with generated hostile inputs (tests/fuzz/generators.py) through the real CLI.

    .venv/bin/python bench/fuzz.py --cases 2000 [--seed 0] [--batch 50] [--scale 1.0] [--analyze-every 10]

Cases go in batches of --batch files (a third of them good articles, mixed with hostile ones), each batch one
`newsprism ingest` (every --analyze-every-th batch `newsprism analyze`, all stages) on a fresh database, with a
time budget per batch. Prints: cases, crashes (a traceback or exit >= 2), hangs (batch over its budget), peak memory
(largest process), good inputs lost; exit 1 when any of those is not zero.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fuzz.harness import fuzz  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--scale", type=float, default=1.0, help="size of the huge cases (1.0 = issue 10's sizes)")
    ap.add_argument("--budget", type=float, default=300, help="seconds one batch may take")
    ap.add_argument("--analyze-every", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsprism-fuzz-") as root:
        out = fuzz(Path(root), args.cases, args.seed, args.batch, args.scale, args.budget, args.analyze_every,
                   progress=lambda o: print(f"  {o.summary()}", file=sys.stderr, flush=True))
    print(f"cases: {out.cases}")
    print(f"crashes: {len(out.crashes)}")
    print(f"hangs: {len(out.hangs)} (budget {args.budget:.0f} s a batch of {args.batch})")
    print(f"peak memory: {out.peak_mb:.0f} MB")
    print(f"good inputs lost: {len(out.lost)}")
    print(f"skips without a reason: {len(out.unexplained)}")
    print(f"time: {out.seconds:.0f} s")
    for line in out.crashes + out.hangs + out.lost + out.unexplained:
        print("  " + line)
    return 0 if out.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
