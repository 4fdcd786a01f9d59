"""The fact layer on real news: dev-gold scores and the compare stage's time, beside a naive baseline measured in
the same run.

Quality: ``newsprism analyze`` over ../shared/eval/ecbplus-facts-dev (10 real events, 109 articles), then
../shared/tools/check_facts.py on (a) newsprism's fact groups and (b) the same report with its fact groups
replaced by the baseline's.

Baseline ("same unit + same head noun"): the extract stage's mentions of a thread grouped by unit and the noun
they attach to (the last word of the value when no noun), verdict ``agree`` when every value's interval meets every
other's, else ``contradict`` — what a fact layer without attributes, scope, subjects or time does.

Speed: ``compare_facts`` and the baseline timed on the typed per-thread reports of ``--n`` articles (Timeline17
developing stories, read once by the other stages), CPU seconds, best of ``--repeat``; both printed as a ratio.

Run: .venv/bin/python bench/bench_facts.py [--n 1000] [--repeat 3] [--skip-speed]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsprism import api
from newsprism.compare.facts import compare_facts
from newsprism.compare.values import number_interval, overlaps
from newsprism.model import FactGroup, FactValue, Report, finding_id, plain
from newsprism.pipeline import partitions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "ecbplus-facts-dev"
TL17 = SHARED / "eval" / "timeline17-dev"
CHECK = SHARED / "tools" / "check_facts.py"


def naive_groups(report: Report) -> list[FactGroup]:
    """The baseline: mentions grouped by thread, unit and head noun; agree when all intervals meet."""
    thread = {a.id: report.field_of(a.id, "thread") for a in report.articles}
    blocks: dict[tuple, list] = {}
    for m in report.section("fact_mentions"):
        head = (m.measures or {}).get("head") or (m.text.split() or [""])[-1].lower()
        blocks.setdefault((thread.get(m.article), m.unit, head), []).append(m)
    out = []
    for (t, unit, head), ms in blocks.items():
        spans = [number_interval(m.value, m.qualifier, m.text, m.high) if isinstance(m.value, (int, float))
                 else None for m in ms]
        clash = any(a and b and not overlaps(a, b) for n, a in enumerate(spans) for b in spans[n + 1:])
        arts = list(dict.fromkeys(m.article for m in ms))
        verdict = "contradict" if clash else "agree" if len(arts) > 1 else "single_source"
        values = [FactValue(m.article, m.start, m.end, m.text, m.value, m.unit, m.qualifier) for m in ms]
        out.append(FactGroup(finding_id("f", t, unit, head), head, unit, values, verdict, arts, len(arts), thread=t))
    return out


def score(report_json: dict, groups: list[FactGroup], tmp: Path) -> str:
    path = tmp / "scored.json"
    path.write_text(json.dumps(dict(report_json, facts=plain(groups))))
    run = subprocess.run([sys.executable, str(CHECK), str(path), str(DEV / "gold")], capture_output=True, text=True)
    return run.stdout.strip().splitlines()[-1]


def per_thread(report: Report) -> list[Report]:
    """The per-thread reports the compare stage sees (sections cut to each thread's articles)."""
    parts = partitions(report)
    for part in parts:
        ids = {a.id for a in part.articles}
        part.sections = {
            "fact_mentions": [m for m in report.section("fact_mentions") if m.article in ids],
            "entities": [e for e in report.section("entities") if any(m.article in ids for m in e.mentions)],
            "events": [e for e in report.section("events") if any(m.article in ids for m in e.mentions)],
            "relations": [r for r in report.section("relations") if r.a in ids],
        }
    return parts


def cpu(fn, parts: list[Report], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for part in parts:
            fn(part)
        best = min(best, time.process_time() - t)
    return best


def quality(tmp: Path) -> Report:
    report = api.analyze([str(DEV / "texts")], out=str(tmp / "dev"), db=str(tmp / "dev.db"))
    data = json.loads((tmp / "dev" / "report.json").read_text())
    print("dev gold (ecbplus-facts-dev, 109 articles)")
    print("  newsprism :", score(data, compare_facts_all(report), tmp))
    print("  baseline  :", score(data, naive_groups(report), tmp))
    return report


def compare_facts_all(report: Report) -> list[FactGroup]:
    return [g for part in per_thread(report) for g in compare_facts(part)]


def speed_corpus(n: int, tmp: Path) -> Path:
    """``n`` Timeline17 articles as one JSONL file (round-robin over the topics, so stories interleave)."""
    topics = sorted(p for p in TL17.iterdir() if (p / "articles.json").is_file())
    pools = [json.loads((t / "articles.json").read_text()) for t in topics]
    rows, i = [], 0
    while len(rows) < n and any(pools):
        pool = pools[i % len(pools)]
        if pool:
            a = pool.pop(0)
            rows.append({"text": a["text"], "date": a["dct"][:10], "url": f"https://example.org/{a['uid']}"})
        i += 1
    path = tmp / "speed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def speed(n: int, repeat: int, tmp: Path, dev: Report) -> None:
    report = api.analyze([str(speed_corpus(n, tmp))], db=str(tmp / "speed.db"))
    parts = per_thread(report)
    claims = len(report.section("fact_mentions"))
    ours, base = cpu(compare_facts, parts, repeat), cpu(naive_groups, parts, repeat)
    print(f"speed ({len(report.articles)} Timeline17 articles, {len(parts)} threads, {claims} mentions, best of "
          f"{repeat}): compare_facts {ours:.2f} s, baseline {base:.2f} s, ratio {ours / max(base, 1e-9):.1f}x; "
          f"{1000 * ours / max(1, len(report.articles)):.1f} ms per article")
    dev_parts = per_thread(dev)
    print(f"speed (dev gold, {len(dev.articles)} articles): compare_facts {cpu(compare_facts, dev_parts, repeat):.2f} s")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    if not DEV.is_dir():
        sys.exit(f"{DEV} is absent: the shared eval sets live beside the repo")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        dev = quality(tmp)
        if not args.skip_speed:
            speed(args.n, args.repeat, tmp, dev)


if __name__ == "__main__":
    main()
