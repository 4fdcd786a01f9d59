"""Run generated cases through `newsprism ingest` (or `analyze`) in batches and check each case's contract:
no traceback, exit 0 or 1, a reason for every skip, every good input kept, bounded time and memory."""
from __future__ import annotations

import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .generators import Case, case


@dataclass(slots=True)
class Outcome:
    cases: int = 0
    batches: int = 0
    crashes: list[str] = field(default_factory=list)  # traceback or exit >= 2
    hangs: list[str] = field(default_factory=list)  # batch over its time budget
    lost: list[str] = field(default_factory=list)  # good inputs not stored
    unexplained: list[str] = field(default_factory=list)  # skipped without a reason
    peak_mb: float = 0.0
    seconds: float = 0.0

    def ok(self) -> bool:
        return not (self.crashes or self.hangs or self.lost or self.unexplained)

    def summary(self) -> str:
        return (f"cases {self.cases} (in {self.batches} batches), crashes {len(self.crashes)}, hangs {len(self.hangs)}, "
                f"peak memory {self.peak_mb:.0f} MB, good inputs lost {len(self.lost)}, "
                f"skips without a reason {len(self.unexplained)}, {self.seconds:.0f} s")


def write_batch(folder: Path, cases: list[Case]) -> dict[str, Case]:
    """The cases as files in ``folder``; file name -> case."""
    folder.mkdir(parents=True)
    written = {}
    for c in cases:
        name = c.name.replace("/", "_")[:250]
        (folder / name).write_bytes(c.data)
        written[name] = c
    return written


def run_batch(folder: Path, written: dict[str, Case], out: Outcome, budget_s: float, analyze: bool = False) -> None:
    db = str(folder.parent / (folder.name + ".db"))
    cmd = [sys.executable, "-m", "newsprism.cli", "analyze" if analyze else "ingest", str(folder), "--db", db, "-q"]
    if analyze:
        cmd += ["--out", str(folder.parent / (folder.name + "-out"))]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=budget_s, errors="replace")
    except subprocess.TimeoutExpired:
        out.hangs.append(f"{folder.name}: over {budget_s:.0f} s")
        return
    finally:
        out.seconds += time.monotonic() - started
        out.peak_mb = max(out.peak_mb, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    if proc.returncode >= 2 or "Traceback" in proc.stderr or proc.returncode < 0:
        out.crashes.append(f"{folder.name}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}")
        return
    _check_store(db, folder, written, proc.stderr, out)


def _check_store(db: str, folder: Path, written: dict[str, Case], stderr: str, out: Outcome) -> None:
    con = sqlite3.connect(db)
    try:
        sources = {r[0] for r in con.execute("SELECT source FROM sources")}
        reasons = dict(con.execute("SELECT source, reason FROM skipped"))
    finally:
        con.close()
    out.unexplained += [s for s, r in reasons.items() if not (r or "").strip()]
    stored_names = {os.path.basename(s.split("#")[0]) for s in sources}
    for name, c in written.items():
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if c.good and shown not in stored_names:
            out.lost.append(f"{folder.name}/{shown!r}: {reasons.get(str(folder / shown), 'not stored')}")


def fuzz(root: Path, cases: int, seed: int = 0, batch: int = 50, scale: float = 1.0, budget_s: float = 300,
         analyze_every: int = 0, progress=None) -> Outcome:
    """``cases`` generated cases in batches of ``batch`` files under ``root``; every ``analyze_every``-th batch
    runs ``analyze`` (all stages) instead of ``ingest``."""
    rng = random.Random(seed)
    out = Outcome()
    for b in range(0, cases, batch):
        chunk = [case(rng, n, scale) for n in range(b, min(cases, b + batch))]
        folder = root / f"batch-{b // batch:04d}"
        written = write_batch(folder, chunk)
        analyze = bool(analyze_every) and (b // batch) % analyze_every == 0
        run_batch(folder, written, out, budget_s, analyze)
        out.cases += len(chunk)
        out.batches += 1
        if progress:
            progress(out)
    return out


def as_json(out: Outcome) -> str:
    return json.dumps({"cases": out.cases, "crashes": out.crashes, "hangs": out.hangs, "lost": out.lost,
                       "unexplained": out.unexplained, "peak_mb": round(out.peak_mb), "seconds": round(out.seconds)})
