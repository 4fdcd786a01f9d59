"""Event mentions against ECB+ dev gold (../shared/eval/ecbplus-dev): ACTION_OCCURRENCE recall and precision of
newsprism's event triggers, and cross-document event clustering (B-cubed over the gold mentions found).

Each topic's documents are read by the extract stage as one report (as one story thread would be). A gold mention
is found when one of our event mentions overlaps its tokens; its predicted cluster is that event, its gold cluster
the ``instance_id`` its CROSS_DOC_COREF relation names (a mention without one is a singleton). B-cubed: for each
found mention, precision = share of its predicted cluster that shares its gold cluster, recall the reverse, over
found mentions only (so it measures clustering, not recall). Precision of mentions: our mentions that overlap any
ACTION_OCCURRENCE (ECB+ marks only the events of its seminal topic in most sentences, so this is a floor).

usage: .venv/bin/python bench/bench_events_ecb.py [--topics 1,2,3]
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ecbplus import DEFAULT_ROOT, load_ecbplus  # noqa: E402


def token_offsets(path: Path, text: str) -> dict[str, tuple[int, int]]:
    """t_id -> (start, end) in the document text ``ecbplus.document_text`` builds (tokens found in order)."""
    out, cursor = {}, 0
    for tok in ElementTree.parse(path).getroot().iter("token"):
        word = {"``": "\u201c", "''": "\u201d"}.get(tok.text or "", tok.text or "")
        at = text.find(word, cursor)
        if at < 0 or at - cursor > 20:
            continue
        out[tok.get("t_id")] = (at, at + len(word))
        cursor = at + len(word)
    return out


def gold_mentions(path: Path, text: str) -> list[tuple[int, int, str]]:
    """(start, end, gold cluster) of each ACTION_OCCURRENCE markable of one document."""
    root = ElementTree.parse(path).getroot()
    offsets = token_offsets(path, text)
    cluster = {}
    for rel in root.iter("CROSS_DOC_COREF"):
        for src in rel.findall("source"):
            cluster[src.get("m_id")] = rel.get("note")
    out = []
    for m in root.find("Markables"):
        spans = [offsets[t.get("t_id")] for t in m if t.get("t_id") in offsets]
        if m.tag == "ACTION_OCCURRENCE" and spans:
            key = cluster.get(m.get("m_id")) or f"{path.stem}/{m.get('m_id')}"
            out.append((min(s for s, _ in spans), max(e for _, e in spans), key))
    return out


def b_cubed(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed P, R, F1 of (predicted, gold) cluster labels, one pair per mention."""
    pred, gold = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(pairs):
        pred[p].add(i)
        gold[g].add(i)
    if not pairs:
        return 0.0, 0.0, 0.0
    P = sum(len(pred[p] & gold[g]) / len(pred[p]) for p, g in pairs) / len(pairs)
    R = sum(len(pred[p] & gold[g]) / len(gold[g]) for p, g in pairs) / len(pairs)
    return P, R, 2 * P * R / (P + R) if P + R else 0.0


def evaluate(topics: set[int] | None) -> dict:
    from newsprism.extract import stage
    from newsprism.model import Report

    docs = load_ecbplus(DEFAULT_ROOT, topics)
    by_topic = defaultdict(list)
    for d in docs:
        by_topic[d.topic].append(d)
    found = total = ours = ours_hit = 0
    pairs = []
    for topic, members in sorted(by_topic.items()):
        report = Report(articles=[d.article for d in members])
        stage.run(report)
        predicted = defaultdict(list)  # article -> [(start, end, event id)]
        for ev in report.sections["events"]:
            for m in ev.mentions:
                predicted[m.article].append((m.start, m.end, ev.id))
        for d in members:
            gold = gold_mentions(Path(d.article.path), d.article.text)
            total += len(gold)
            preds = predicted[d.article.id]
            ours += len(preds)
            ours_hit += sum(any(s < ge and gs < e for gs, ge, _ in gold) for s, e, _ in preds)
            for gs, ge, key in gold:
                hit = next((ev for s, e, ev in preds if s < ge and gs < e), None)
                if hit:
                    found += 1
                    pairs.append((hit, key))
    P, R, F = b_cubed(pairs)
    return {"docs": len(docs), "gold_mentions": total, "recall": found / max(1, total),
            "mention_precision": ours_hit / max(1, ours), "b3_P": P, "b3_R": R, "b3_F1": F}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topics", help="comma-separated topic numbers (default: all)")
    args = ap.parse_args(argv)
    if not DEFAULT_ROOT.exists():
        print(f"no ECB+ data at {DEFAULT_ROOT}; this bench needs ../shared")
        return 1
    r = evaluate({int(t) for t in args.topics.split(",")} if args.topics else None)
    print(f"ECB+ dev: {r['docs']} docs, {r['gold_mentions']} ACTION_OCCURRENCE mentions; "
          f"event-mention recall {r['recall']:.3f}, precision {r['mention_precision']:.3f}; "
          f"cross-document clustering B-cubed P {r['b3_P']:.3f} R {r['b3_R']:.3f} F1 {r['b3_F1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
