"""Quote attribution on PolNeAR (dev split): newsprism's extract stage beside textacy's direct_quotations.

usage: python bench/bench_polnear.py [POLNEAR_DIR] [--split dev|train] [--limit N]

Prints, for direct quotes with a named source (the acceptance check's rule): how many were found and how
often the speaker is right; and for indirect (reported) attributions: precision and recall of the content
spans (a match overlaps by at least half of the shorter span) and speaker accuracy on the matches.
Baselines: textacy 0.13 ``direct_quotations`` for direct quotes (it resolves no pronouns and has no
indirect extractor); for indirect speech a naive rule (every sentence with a speech verb, its subject as
speaker) so the numbers have something to stand beside.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.extract import stage  # noqa: E402
from newsprism.extract.lexicon import SPEECH_VERBS  # noqa: E402
from newsprism.model import Article, normalize_text  # noqa: E402
from newsprism.nlp import load_nlp  # noqa: E402

PRONOUNS = ("He", "She", "They", "The", "It", "We")


def read_ann(path: Path) -> list[dict]:
    """Attribution events of one brat file: {content, source, cue} spans as (start, end, text)."""
    spans, events = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, *offs = parts[1].split()
            spans[parts[0]] = (int(offs[0]), int(offs[-1]), parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(x.split(":") for x in parts[1].split()[1:] if ":" in x))
    out = []
    for e in events:
        if e.get("Content") in spans and e.get("Source") in spans:
            out.append({"content": spans[e["Content"]], "source": spans[e["Source"]]})
    return out


def source_surname(source_text: str) -> str | None:
    """The acceptance check's rule: last capitalised word of the source's head ("Rep. Jerry Nadler, a ...")."""
    head = re.split(r",|\(| of | at | for | from | who ", source_text)[0]
    names = [w for w in re.findall(r"[A-Z][a-z]+", head) if w not in PRONOUNS]
    return names[-1].lower() if names else None


def norm(s: str) -> str:
    return " ".join(s.split())


def is_direct(content: str) -> bool:
    return bool(re.match(r'^\s*[“"]', content))


def load(pdir: Path, split: str, limit: int | None):
    texts = sorted((pdir / split / "text").glob("*.txt"))[:limit]
    articles, gold = [], {}
    for t in texts:
        anns = sorted((pdir / split / "attributions").glob(f"{t.stem}_*.ann"))
        if not anns:
            continue
        raw = t.read_text(encoding="utf-8")
        text = normalize_text(raw)
        if len(text) != len(raw):  # keep the annotation offsets valid
            text = raw.replace("\u00a0", " ")
        articles.append(Article(id=t.stem, path=str(t), raw=raw, text=text))
        gold[t.stem] = [read_ann(a) for a in anns]
    return articles, gold


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


MARKS = re.compile(r'[“”"]')
SPLIT_GAP = 150  # characters of attribution ("X," said Y, a spokesman, "Z.") between two parts of one quotation


def direct_scores(gold, found, joined: bool = True) -> tuple[int, int, int]:
    """(gold direct quotes with a named source, found, speaker right) — every annotator file counts.

    ``found``: article -> [(start, end, text, speaker blob)]. A gold quotation split by its attribution ("This is a
    disgusting day," said X. "Y is a fraud.") is one discontinuous content span whose brat text joins the parts
    with their inner quotation marks; ``joined`` compares it, marks removed, with our parts of one quotation joined
    (consecutive direct quotes of one speaker, ``SPLIT_GAP`` apart at most). ``joined=False`` is the earlier rule
    (the first 40 characters of the gold text inside one of our quotes), which can never match a split quotation
    whose first part is shorter than 40 characters."""
    n = hit = right = 0
    unmark = lambda x: norm(MARKS.sub(" ", x))  # noqa: E731
    for aid, files in gold.items():
        quotes = sorted(found.get(aid, []))
        cands_all = [(text, sp) for _, _, text, sp in quotes] + (_chains(quotes) if joined else [])
        for events in files:
            for e in events:
                c, surname = e["content"][2], source_surname(e["source"][2])
                if not is_direct(c) or not surname:
                    continue
                n += 1
                if joined:
                    head = unmark(c)[:40]
                    cands = [sp for text, sp in cands_all if head in unmark(text)]
                else:
                    head = norm(c).strip('“”" ')[:40]
                    cands = [sp for text, sp in cands_all if head in norm(text)]
                hit += bool(cands)
                right += any(surname in sp for sp in cands)
    return n, hit, right


def _chains(quotes: list[tuple]) -> list[tuple[str, str]]:
    """The parts of one quotation joined: each quote with the next ones of the same speaker close after it."""
    out = []
    for i, (start, end, text, sp) in enumerate(quotes):
        parts, last = [text], end
        for s2, e2, t2, sp2 in quotes[i + 1:]:
            if s2 - last > SPLIT_GAP or sp2 != sp:
                break
            parts.append(t2)
            last = e2
        if len(parts) > 1:
            out.append((" ".join(parts), sp))
    return out


def indirect_scores(gold, found) -> dict:
    """Precision/recall of reported-speech content spans against the first annotator of each article."""
    tp_pred = tp_gold = n_pred = n_gold = spk_n = spk_right = 0
    for aid, files in gold.items():
        events = [e for e in files[0] if not is_direct(e["content"][2])]
        preds = found.get(aid, [])
        n_pred += len(preds)
        n_gold += len(events)
        for e in events:
            g = e["content"][:2]
            match = [p for p in preds if overlap(g, p[:2])]
            tp_gold += bool(match)
            surname = source_surname(e["source"][2])
            if match and surname:
                spk_n += 1
                spk_right += any(surname in p[2] for p in match)
        tp_pred += sum(1 for p in preds if any(overlap(p[:2], e["content"][:2]) for e in events))
    return {"precision": tp_pred / max(1, n_pred), "recall": tp_gold / max(1, n_gold), "gold": n_gold,
            "predicted": n_pred, "speaker_right": spk_right, "speaker_n": spk_n}


def speaker_blob(entity: dict | None) -> str:
    if not entity:
        return ""
    forms = [entity["name"]] + [a["text"] for a in entity["aliases"]] + [m["text"] for m in entity["mentions"]]
    return " ".join(forms).lower()


def newsprism_found(reading):
    ents = {e.id: e.to_dict() for e in reading.entities}
    direct, indirect = {}, {}
    for q in reading.quotes:
        blob = speaker_blob(ents.get(q.speaker))
        if q.direct:
            direct.setdefault(q.article, []).append((q.start, q.end, q.text, blob))
        else:
            indirect.setdefault(q.article, []).append((q.start, q.end, blob))
    return direct, indirect


def textacy_found(articles, docs):
    from textacy.extract.triples import direct_quotations

    out, bailed = {}, 0
    for a, doc in zip(articles, docs):
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy gives up on a document with an odd number of quotation marks
            bailed += 1
            continue
        for q in triples:
            out.setdefault(a.id, []).append((q.content.start_char, q.content.end_char, q.content.text,
                                             " ".join(t.text for t in q.speaker).lower()))
    print(f"  (textacy bailed out on {bailed} of {len(articles)} articles: unbalanced quotation marks)")
    return out


def naive_indirect(articles, docs):
    out = {}
    for a, doc in zip(articles, docs):
        for sent in doc.sents:
            cue = next((t for t in sent if t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB"), None)
            if cue is None:
                continue
            subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
            blob = " ".join(t.text for t in subj.subtree).lower() if subj is not None else ""
            out.setdefault(a.id, []).append((sent.start_char, sent.end_char, blob))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdir", nargs="?", default=str(ROOT.parent / "shared" / "eval" / "polnear-dev"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    articles, gold = load(Path(args.pdir), args.split, args.limit)
    nlp = load_nlp()
    t0 = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=stage.BATCH_SIZE))
    reading = stage.read_corpus(articles, docs)
    secs = time.perf_counter() - t0
    direct, indirect = newsprism_found(reading)
    print(f"PolNeAR {args.split}: {len(articles)} articles, parsed and read in {secs:.1f}s")
    report_direct("newsprism", direct_scores(gold, direct))
    report_direct("newsprism, earlier rule (no split quotations)", direct_scores(gold, direct, joined=False))
    try:
        found = textacy_found(articles, docs)
        report_direct("textacy 0.13 direct_quotations", direct_scores(gold, found))
        report_direct("textacy, earlier rule", direct_scores(gold, found, joined=False))
    except ImportError:
        print("  textacy not installed: pip install textacy==0.13.0 (baseline skipped)")
    report_indirect("newsprism", indirect_scores(gold, indirect))
    report_indirect("naive (speech-verb sentences)", indirect_scores(gold, naive_indirect(articles, docs)))


def report_direct(name: str, scores: tuple[int, int, int]) -> None:
    n, hit, right = scores
    print(f"  direct quotes, named source [{name}]: {n} gold, found {hit} ({hit / max(1, n):.2f}), "
          f"speaker right {right} ({right / max(1, n):.2f} of all, {right / max(1, hit):.2f} of found)")


def report_indirect(name: str, s: dict) -> None:
    f1 = 2 * s["precision"] * s["recall"] / max(1e-9, s["precision"] + s["recall"])
    print(f"  indirect attributions [{name}]: precision {s['precision']:.2f} recall {s['recall']:.2f} F1 {f1:.2f} "
          f"({s['predicted']} predicted, {s['gold']} gold); speaker right on matches "
          f"{s['speaker_right']}/{s['speaker_n']} ({s['speaker_right'] / max(1, s['speaker_n']):.2f})")


if __name__ == "__main__":
    main()
