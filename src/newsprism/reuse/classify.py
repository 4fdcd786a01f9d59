"""The kind of reuse between two articles, from their aligned passages, and which one is the original."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Passage, Relation
from .align import Run, Side, align_sentences, exact_runs, in_order, quoted_chars

# Thresholds, tuned on bench/planted.py corpora (ECB+ and PolNeAR texts) and checked on the demo seeds.
DUPLICATE_COVERAGE = 0.97
SYNDICATED_MAX, SYNDICATED_MIN = 0.8, 0.5
EDITED = 0.008  # share of words changed inside aligned passages above which a copy was rewritten
REWRITE_SHORT, REWRITE_LONG = 0.4, 0.25
# A rewrite keeps its source's sentences in order, each closely paraphrased; independent reports of one event
# share a few facts in their own order (planted ECB+ corpora: <= 4 pairs in order, mean similarity <= 0.65).
# A heavier paraphrase (similarity below that) still counts when it aligns, in order, this share of sentences.
REWRITE_SENTENCES, REWRITE_SIMILARITY, REWRITE_ORDERED = 5, 0.65, 0.4
PARTIAL_TOKENS, PARTIAL_COVERAGE = 25, 0.06
VERBATIM_SHARE = 0.6  # of the aligned material: above it a copy is partial reuse, below it a rewrite
INDEPENDENT_RUN = 8  # words of a shared run that make two articles worth relating at all
QUOTED_PASSAGE = 0.4  # share of one article in exact runs that is copying even when the runs are quotations
QUOTED = 0.5  # a sentence or run at least this much inside quotation marks is a shared quote, not copying


@dataclass(slots=True)
class Overlap:
    """Measured overlap of two articles (token counts exclude shared quotations)."""

    runs: list[Run]
    sentence_pairs: list[tuple[int, int, float]]
    exact_a: float  # share of a's tokens inside exact runs
    exact_b: float
    fuzzy_a: float  # share of a's tokens inside aligned non-quote sentences
    fuzzy_b: float
    exact_tokens: int  # exact-run tokens, less the share of each run inside quotation marks
    fuzzy_tokens: int
    edited: float  # share of the words inside aligned runs that differ (synonym swaps, small edits)
    ordered: int = 0  # aligned sentence pairs in the same order in both articles
    ordered_similarity: float = 0.0  # their mean similarity
    sentences: int = 1  # sentences in the article with fewer


def measure(sa: Side, sb: Side, sentence_threshold: float = 0.5) -> Overlap:
    runs = exact_runs(sa, sb)
    pairs = align_sentences(sa.sents, sb.sents, sentence_threshold, where=sb.stems)
    na, nb = max(1, len(sa.toks)), max(1, len(sb.toks))
    exact_a = sum(r.a1 - r.a0 for r in runs) / na
    exact_b = sum(r.b1 - r.b0 for r in runs) / nb
    spanned = sum(r.a1 - r.a0 for r in runs)
    edited = 1 - sum(r.matched for r in runs) / spanned if spanned else 0.0
    ordered = in_order(pairs)
    own = [(i, j) for i, j, _ in ordered if sa.sents[i].quoted < QUOTED]
    fuzzy_tok_a = sum(sa.sents[i].last - sa.sents[i].first for i, _ in own)
    fuzzy_tok_b = sum(sb.sents[j].last - sb.sents[j].first for _, j in own)
    exact_tokens = round(sum(r.matched * (1 - _quoted_share(sa, r)) for r in runs))
    return Overlap(runs, pairs, exact_a, exact_b, fuzzy_tok_a / na, fuzzy_tok_b / nb, exact_tokens,
                   max(fuzzy_tok_a, 1), edited, len(ordered), sum(p[2] for p in ordered) / max(1, len(ordered)),
                   max(1, min(len(sa.sents), len(sb.sents))))


def _quoted_share(side: Side, run: Run) -> float:
    s, e = side.toks[run.a0].start, side.toks[run.a1 - 1].end
    return quoted_chars(side.quotes, s, e) / max(1, e - s)


def kind_of(o: Overlap, same_text: bool, same_wrapper: bool = True) -> tuple[str | None, float]:
    """(kind, score) of an overlap; kind None when the two articles share nothing worth reporting.

    Runs bridge small gaps, so a lightly spun copy still aligns end to end: ``edited`` (the share of
    changed words inside the runs) is what separates a rewrite from a syndicated copy.
    """
    hi, lo = max(o.exact_a, o.exact_b), min(o.exact_a, o.exact_b)
    if same_text:
        return ("duplicate" if same_wrapper else "syndicated"), 1.0
    if lo >= DUPLICATE_COVERAGE and o.edited < EDITED / 3:
        return ("duplicate" if same_wrapper else "syndicated"), 1.0
    f_hi, f_lo = max(o.fuzzy_a, o.fuzzy_b, hi), max(min(o.fuzzy_a, o.fuzzy_b), lo)
    if hi >= SYNDICATED_MAX and lo >= SYNDICATED_MIN and o.edited < EDITED:
        return "syndicated", (hi + lo) / 2
    verbatim = o.exact_tokens / o.fuzzy_tokens
    paraphrased = o.ordered >= REWRITE_SENTENCES and (o.ordered_similarity >= REWRITE_SIMILARITY
                                                      or o.ordered / o.sentences >= REWRITE_ORDERED)
    if f_hi >= REWRITE_SHORT and f_lo >= REWRITE_LONG and paraphrased and (o.edited >= EDITED or verbatim < VERBATIM_SHARE):
        return "rewrite", (f_hi + f_lo) / 2
    if o.exact_tokens >= PARTIAL_TOKENS and hi >= PARTIAL_COVERAGE:
        return "partial", hi
    if hi >= QUOTED_PASSAGE and sum(r.matched for r in o.runs) >= 2 * PARTIAL_TOKENS:
        return "partial", hi  # most of one article, even if much of it is quotation
    if o.sentence_pairs or any(r.matched >= INDEPENDENT_RUN for r in o.runs):
        return "independent", max(f_hi, hi)  # same story: shared quotes, readouts or stock phrases
    return None, 0.0


def passages(a: Side, b: Side, o: Overlap, kind: str) -> list[Passage]:
    """Exact runs as passages; for rewrites and independent pairs also the aligned sentences."""
    out = [Passage(a.toks[r.a0].start, a.toks[r.a1 - 1].end, b.toks[r.b0].start, b.toks[r.b1 - 1].end,
                   a.text[a.toks[r.a0].start:a.toks[r.a1 - 1].end], True, r.matched / (r.a1 - r.a0))
           for r in o.runs]
    if kind in ("rewrite", "independent"):
        for i, j, sim in o.sentence_pairs:
            s, t = a.sents[i], b.sents[j]
            if not any(p.a_start <= s.start and s.end <= p.a_end for p in out):
                out.append(Passage(s.start, s.end, t.start, t.end, a.text[s.start:s.end], False, round(sim, 3)))
    return sorted(out, key=lambda p: p.a_start)


def relate(a: Article, b: Article, sa: Side, sb: Side, spin: dict[str, float] | None = None) -> Relation | None:
    """The relation between two articles, or None when they share nothing."""
    o = measure(sa, sb)
    kind, score = kind_of(o, _folded(a.text) == _folded(b.text), _folded(a.raw) == _folded(b.raw)
                          or (a.credits, _boiler(a)) == (b.credits, _boiler(b)))
    if kind is None:
        return None
    rel = Relation(a.id, b.id, kind, score, None, passages(sa, sb, o, kind),
                   max(o.exact_a, o.fuzzy_a), max(o.exact_b, o.fuzzy_b))
    if rel.is_copy:
        rel.original, rel.reasons = likely_original(a, b, rel, spin or {}, (sa, sb), o)
    return rel


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


def _boiler(a: Article) -> list[str]:
    return [b.text for b in a.boilerplate]


_WIRE = re.compile(r"\b(Source|Distributed by|Copyright|©|\(c\))\b|\((AP|AFP|Reuters|UPI)\)|\b(Associated Press|Reuters|AFP)\b",
                   re.IGNORECASE)


def _credit_lines(a: Article) -> str:
    return " ".join(list(a.credits) + [bp.text for bp in a.boilerplate])


RARER_WORDING = 0.3  # zipf difference of the words two paraphrases do not share


def rarer_wording(sa: Side, sb: Side, o: Overlap) -> float:
    """Mean word frequency (zipf) of a's words missing from b's aligned sentences, minus the same for b.
    Spinners swap common words for rarer synonyms, so the spun copy has the lower mean."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return 0.0
    only_a, only_b = [], []
    for i, j, _ in in_order(o.sentence_pairs):
        wa = {t.norm for t in sa.toks[sa.sents[i].first:sa.sents[i].last]}
        wb = {t.norm for t in sb.toks[sb.sents[j].first:sb.sents[j].last]}
        only_a += [w for w in wa - wb if w.isalpha()]
        only_b += [w for w in wb - wa if w.isalpha()]
    if len(only_a) < 5 or len(only_b) < 5:
        return 0.0
    mean = lambda ws: sum(zipf_frequency(w, "en") for w in ws) / len(ws)  # noqa: E731
    return mean(only_a) - mean(only_b)


def likely_original(a: Article, b: Article, rel: Relation, spin: dict[str, float],
                    sides: tuple[Side, Side] | None = None, overlap: Overlap | None = None) -> tuple[str | None, list[str]]:
    """Vote on the original: earlier date, credits naming the other side or a wire, spinning, rarer wording
    (rewrites), fuller text (syndication). None when the evidence is silent or balanced."""
    votes, reasons = 0.0, []  # > 0: a is the original
    if a.published and b.published and a.published != b.published:
        votes += 2 if a.published < b.published else -2
        reasons.append(f"published {min(a.published, b.published)} first")
    for x, y, sign in ((a, b, -1), (b, a, 1)):  # evidence that x is the copy
        v, why = _copy_evidence(x, y, spin)
        votes += sign * v
        reasons += why
    if rel.kind == "rewrite" and sides is not None and overlap is not None:
        rarer = rarer_wording(*sides, overlap)
        if abs(rarer) >= RARER_WORDING:
            votes += 2 if rarer > 0 else -2  # rarer > 0: b's swapped words are rarer, so b is the spun one
            reasons.append("the other side swapped common words for rarer synonyms")
    if rel.kind == "syndicated" and abs(rel.coverage_a - rel.coverage_b) > 0.1:
        votes += 1 if rel.coverage_a < rel.coverage_b else -1  # the fuller text holds more beyond the shared part
        reasons.append("fuller text")
    if votes == 0:
        return None, reasons
    return (a.id if votes > 0 else b.id), reasons


SPIN_MARGIN = 0.5  # spin weight by which one side must exceed the other to count as the spun one


def more_spun(x: float, y: float) -> bool:
    """Whether spin weight ``x`` marks its article as the spun one against ``y`` (all ``relate`` reads of spin)."""
    return x > y + SPIN_MARGIN


def _copy_evidence(x: Article, y: Article, spin: dict[str, float]) -> tuple[float, list[str]]:
    """Votes that ``x`` copied ``y``: x credits y's outlet or a wire y lacks, or x is the spun one."""
    votes, why = 0.0, []
    credits = _credit_lines(x)
    if y.outlet and y.outlet.lower() in credits.lower():
        votes += 3
        why.append(f"{x.id} credits {y.outlet}")
    elif _WIRE.search(credits) and not _WIRE.search(_credit_lines(y)):
        votes += 1
        why.append(f"{x.id} carries a wire or source credit")
    if more_spun(spin.get(x.id, 0), spin.get(y.id, 0)):
        votes += 2
        why.append(f"{x.id} shows spinning artefacts")
    return votes, why
