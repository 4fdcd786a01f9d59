"""Timeline date F1 on Timeline17 (../shared/eval/timeline17-dev), beside a mention-count baseline.

For each topic: ``tl17.py make TOPIC out.jsonl``, ``newsprism analyze out.jsonl --out DIR --db fresh.db``,
``tl17.py score TOPIC DIR/report.json``. The baseline, measured in the same run on the same text, ranks the days
the articles mention (newsprism's own date resolution, ``extract.timex``) by how many mentions each has, cut to
the gold length as the scorer cuts ours. Prints one line per topic and the means.

usage: .venv/bin/python bench/bench_timeline.py [--topics A,B] [--jobs 2] [--work DIR] [--timeline-size N] [--rescore]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TL17 = SHARED / "eval" / "timeline17-dev"
TOOL = SHARED / "tools" / "tl17.py"
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


def topics(names: str | None = None) -> list[Path]:
    found = sorted(p for p in TL17.iterdir() if (p / "articles.json").exists())
    return [p for p in found if names is None or p.name in names.split(",")]


def gold_days(topic: Path) -> set[str]:
    out: set[str] = set()
    for g in glob.glob(str(topic / "*.timeline.json")):
        out |= {e["date"] for e in json.load(open(g))}
    return out


def f1(picked: list[str], gold: set[str]) -> float:
    tp = len(set(picked) & gold)
    p, r = tp / max(1, len(picked)), tp / max(1, len(gold))
    return 2 * p * r / (p + r) if tp else 0.0


def baseline(jsonl: Path, gold: set[str]) -> float:
    """Days the articles mention, ranked by their number of mentions (no cut for publication order)."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsprism.extract.timex import find_dates
    from newsprism.model import Article

    counts: Counter = Counter()
    for n, line in enumerate(open(jsonl)):
        rec = json.loads(line)
        art = Article(id=str(n), path=rec["url"], raw=rec["text"], text=rec["text"], published=rec["date"][:10])
        counts.update(d["value"] for d in find_dates(art)[0] if DAY.match(d["value"] or ""))
    return f1([d for d, _ in counts.most_common(len(gold))], gold)


def run_topic(topic: Path, work: Path, size: int | None, rescore: bool = False) -> dict:
    out = work / topic.name
    out.mkdir(parents=True, exist_ok=True)
    jsonl, db = out / "in.jsonl", out / "fresh.db"
    newsprism = str(ROOT / ".venv" / "bin" / "newsprism")
    sized = ["--timeline-size", str(size)] if size else []
    if rescore:  # the stored corpus again through `newsprism report` (timeline changes without re-reading)
        subprocess.run([newsprism, "report", "--db", str(db), "--out", str(out), "-q"] + sized, check=False)
    else:
        for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            f.unlink(missing_ok=True)
        subprocess.run([sys.executable, str(TOOL), "make", str(topic), str(jsonl)], check=True)
        cmd = [newsprism, "analyze", str(jsonl), "--out", str(out), "--db", str(db), "-q"]
        subprocess.run(cmd + sized, check=False)
    scored = subprocess.run([sys.executable, str(TOOL), "score", str(topic), str(out / "report.json")],
                            check=True, capture_output=True, text=True)
    result = json.loads(scored.stdout)
    result.update(topic=topic.name, baseline=round(baseline(jsonl, gold_days(topic)), 3))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topics", help="comma-separated topic folder names (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default=None, help="folder for the per-topic runs (default: a temp folder)")
    ap.add_argument("--timeline-size", type=int, default=None)
    ap.add_argument("--rescore", action="store_true",
                    help="reuse the databases of an earlier run in --work: `newsprism report` then score")
    args = ap.parse_args(argv)
    if not TL17.exists():
        print(f"no Timeline17 data at {TL17}; this bench needs ../shared")
        return 1
    work = Path(args.work or tempfile.mkdtemp(prefix="bench_timeline_"))
    with ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda t: run_topic(t, work, args.timeline_size, args.rescore), topics(args.topics)))
    print(f"{'topic':24s} {'gold':>5s} {'ours':>5s} {'F1':>6s} {'baseline':>9s}")
    for r in results:
        print(f"{r['topic']:24s} {r['gold_days']:5d} {r['timeline_days']:5d} {r['F1']:6.3f} {r['baseline']:9.3f}")
    mean = sum(r["F1"] for r in results) / len(results)
    base = sum(r["baseline"] for r in results) / len(results)
    print(f"{'mean':24s} {'':5s} {'':5s} {mean:6.3f} {base:9.3f}   (DATEWISE ~0.54; floor 0.55)")
    json.dump(results, open(work / f"results-{args.topics or 'all'}.json" if args.topics else work / "results.json",
                            "w"), indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
