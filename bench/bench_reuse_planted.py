"""Precision and recall of the reuse stage on a planted-copy corpus (see bench/planted.py).

usage: bench_reuse_planted.py [DIR] [--seed N] [--report OUT.json]
Builds the corpus in DIR (a temp dir by default), cleans each file like ingest does, runs the reuse stage
and prints, per relation kind: recall of planted copies (found as any copy kind / as the planted kind),
precision of predicted copy relations (a prediction is right when both articles descend from one original),
the false links between independent originals, and whether the original side was named correctly.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import planted  # noqa: E402

from newsprism.model import Article, Report, content_id, normalize_text  # noqa: E402
from newsprism.reuse import stage  # noqa: E402


def load(folder: Path) -> list[Article]:
    try:
        from newsprism.clean.plaintext import clean_plain
    except ImportError:
        clean_plain = None
    arts = []
    for p in sorted(folder.glob("*.txt")):
        raw = normalize_text(p.read_text())
        c = clean_plain(raw) if clean_plain else None
        arts.append(Article(content_id(raw) + "-" + p.stem, str(p), raw, c.text if c else raw,
                            byline=c and c.byline, outlet=c and c.outlet, credits=c.credits if c else [],
                            boilerplate=c.boilerplate if c else []))
    return arts


def status_counts(provenance, arts, truth) -> None:
    """How often provenance says spun/copy for untouched originals (false alarms) and for planted copies."""
    stem = {a.id: Path(a.path).stem for a in arts}
    kind_of = {p["copy"]: p["kind"] for p in truth["pairs"]}
    groups: dict[str, Counter] = {}
    for aid, prov in provenance.items():
        groups.setdefault(kind_of.get(stem[aid], "original"), Counter())[prov.status] += 1
    garbled = sum(1 for aid, p in provenance.items() if stem[aid] in truth["originals"]
                  for s in p.signals if s.kind == "garbled_name")
    for kind, counts in sorted(groups.items()):
        print(f"status of {kind:<10}: {dict(counts)}")
    print(f"garbled-name signals in untouched originals: {garbled}")


def score(relations, arts, truth) -> None:
    stem = {a.id: Path(a.path).stem for a in arts}
    root = {o: o for o in truth["originals"]}
    root.update({p["copy"]: p["original"] for p in truth["pairs"]})
    found = {frozenset((stem[r.a], stem[r.b])): r for r in relations}
    print(f"{'kind':<11} {'planted':>7} {'recall(any copy)':>17} {'recall(kind)':>13} {'predicted':>9} {'precision':>9}")
    for kind in planted.KINDS:
        pairs = [p for p in truth["pairs"] if p["kind"] == kind]
        rels = [found.get(frozenset((p["copy"], p["original"]))) for p in pairs]
        any_copy = sum(1 for r in rels if r is not None and r.is_copy) / max(1, len(pairs))
        same_kind = sum(1 for r in rels if r is not None and r.kind == kind) / max(1, len(pairs))
        predicted = [r for r in relations if r.kind == kind]
        right = sum(1 for r in predicted if root.get(stem[r.a]) == root.get(stem[r.b]))
        print(f"{kind:<11} {len(pairs):>7} {any_copy:>17.3f} {same_kind:>13.3f} {len(predicted):>9} "
              f"{right / max(1, len(predicted)):>9.3f}")
    copies = [r for r in relations if r.is_copy]
    originals = set(truth["originals"])
    false = [r for r in copies if stem[r.a] in originals and stem[r.b] in originals]
    print(f"copy relations {len(copies)}; false links between independent originals: {len(false)} "
          f"(precision {1 - len(false) / max(1, len(copies)):.3f})")
    for r in false[:5]:
        print(f"   false: {stem[r.a]} ~ {stem[r.b]} {r.kind} {r.score:.2f}")
    directed = [(found.get(frozenset((p['copy'], p['original']))), p) for p in truth["pairs"]]
    named = Counter("none" if r.original is None else ("right" if stem[r.original] == p["original"] else "wrong")
                    for r, p in directed if r is not None and r.is_copy)
    print(f"original side named: {dict(named)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--heavy", type=float, default=0.0, help="heavier spinning: share of other words replaced")
    ap.add_argument("--report", type=Path, help="also write the report.json here (for check_provenance.py)")
    args = ap.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="planted-"))
    planted.HEAVY["rate"] = args.heavy
    truth = planted.build(folder, seed=args.seed)
    arts = load(folder)
    t = time.perf_counter()
    relations, provenance = stage.analyse(arts)
    print(f"{len(arts)} articles from {folder}; reuse stage {time.perf_counter() - t:.1f} s")
    score(relations, arts, truth)
    status_counts(provenance, arts, truth)
    if args.report:
        rep = Report(arts)
        stage.assign(rep, relations, provenance)
        args.report.write_text(json.dumps(rep.to_json(), ensure_ascii=False))


if __name__ == "__main__":
    main()
