"""Peak memory and time of ``newsprism analyze`` on N real dev articles: this checkout vs an earlier one.

usage: bench_memory.py [--n 1000] [--baseline REV]

Runs ``python -m newsprism.cli analyze FILES --db NEW.db --out DIR -q`` in a fresh process for this checkout and
for git revision REV (checked out into a temporary worktree, run with the same interpreter and packages), and
prints each one's peak resident memory (ru_maxrss of the child) and wall time, with the ratio. The files are the
first N PolNeAR (train + dev) and ECB+ facts texts, the same for both.
"""
from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def dev_files(n: int) -> list[str]:
    files = sorted(glob.glob(str(SHARED / "eval" / "polnear-dev" / "*" / "text" / "*.txt")))
    files += sorted(glob.glob(str(SHARED / "eval" / "ecbplus-facts-dev" / "texts" / "*.txt")))
    return files[:n]


CHILD = """
import resource, sys
from newsprism import cli
files = open(sys.argv[1], encoding="utf-8").read().split("\\n")
peak_file = sys.argv[4]
sys.argv = ["newsprism", "analyze", *files, "--db", sys.argv[2], "--out", sys.argv[3], "-q"]
try:
    cli.main()
except SystemExit:
    pass
open(peak_file, "w").write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
"""


def measure(src: Path, files: list[str], work: Path) -> tuple[float, float]:
    """(peak GB, seconds) of one analyze run of the package at ``src``, in a process of its own."""
    env = dict(os.environ, PYTHONPATH=str(src))
    listing, peak = work / "files.txt", work / "peak.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, str(listing), str(work / "m.db"), str(work / "out"), str(peak)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return int(peak.read_text()) / 1024 / 1024, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--baseline", default="1df6f3d", help="git revision to compare with (default: before issue 8)")
    args = ap.parse_args()
    files = dev_files(args.n)
    with tempfile.TemporaryDirectory(prefix="np-mem-") as tmp:
        tmp = Path(tmp)
        old = tmp / "baseline"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(old), args.baseline], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            (tmp / "a").mkdir(), (tmp / "b").mkdir()
            base_gb, base_s = measure(old / "src", files, tmp / "a")
            new_gb, new_s = measure(REPO / "src", files, tmp / "b")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old)], check=False)
    print(f"{len(files)} articles: newsprism {new_gb:.2f} GB peak, {new_s:.0f} s; "
          f"baseline {args.baseline} {base_gb:.2f} GB peak, {base_s:.0f} s; "
          f"memory ratio {base_gb / new_gb:.2f}x, speed ratio {base_s / new_s:.2f}x")


if __name__ == "__main__":
    main()
