"""Aligned passages between two articles: exact runs of words (passim-style, with small gaps bridged)
and sentence pairs that survive paraphrase and synonym swaps.

Alignment is lexical: word n-gram seeds extended to maximal runs, and for rewrites a weighted overlap of
content-word stems per sentence pair. No sentence embeddings are installed in this project; the lexical
score already separates planted rewrites from independent same-story articles (bench/bench_reuse_planted.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .shingles import Token, tokens

STOPWORDS = frozenset("""a an the and or but if of at by for with about against between into through during
before after above below to from up down in out on off over under again further then once here there when
where why how all any both each few more most other some such no nor not only own same so than too very s t
can will just don should now is are was were be been being have has had having do does did doing i me my we
our you your he him his she her it its they them their what which who whom this that these those am would
could also said says say told tell according as while since until because very mr ms mrs""".split())

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_QUOTED = re.compile(r"[“\"]([^”\"\n]{3,})[”\"]")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    first: int  # index of its first token in the article's token list
    last: int  # one past its last token
    stems: dict[str, float] = field(default_factory=dict)
    quoted: float = 0.0  # share of its characters inside quotation marks
    weight: float = 0.0  # sum of its stems' weights


@dataclass(slots=True)
class Run:
    """Token ranges ``[a0, a1)`` in a and ``[b0, b1)`` in b that are (nearly) the same words."""

    a0: int
    a1: int
    b0: int
    b1: int
    matched: int  # tokens that are exactly equal (runs bridged over small gaps count only their matches)


def stem(norm: str) -> str:
    """A crude stem: long words cut to 6 letters, so 'relations'/'relationship' and 'agreed'/'agreement' meet."""
    return norm[:6] if len(norm) > 6 else norm


def content_stems(toks: list[Token]) -> dict[str, float]:
    """Content-word stems with weights: names and numbers count double (spinners do not swap them)."""
    out: dict[str, float] = {}
    for t in toks:
        if t.norm in STOPWORDS or len(t.norm) < 2:
            continue
        out[stem(t.norm)] = 2.0 if t.norm[0].isdigit() else 1.0
    return out


def quotations(text: str) -> list[tuple[int, int]]:
    """Character ranges of the text inside quotation marks."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def quoted_chars(quotes: list[tuple[int, int]], s: int, e: int) -> int:
    """How many characters of ``[s, e)`` lie inside ``quotes``."""
    return sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quotes if qs < e and s < qe)


def split_sentences(text: str, toks: list[Token], quoted: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences with their token ranges, content stems and the share of quoted text."""
    bounds, at = [], 0
    for m in _SENTENCE_END.finditer(text):
        bounds.append((at, m.start()))
        at = m.end()
    bounds.append((at, len(text)))
    quoted = quotations(text) if quoted is None else quoted
    out, ti = [], 0
    for s, e in bounds:
        if not text[s:e].strip():
            continue
        while ti < len(toks) and toks[ti].start < s:
            ti += 1
        first = ti
        while ti < len(toks) and toks[ti].end <= e:
            ti += 1
        in_q = quoted_chars(quoted, s, e)
        stems = content_stems(toks[first:ti])
        out.append(Sentence(s, e, first, ti, stems, in_q / max(1, e - s), sum(stems.values())))
    return out


SEED = 6  # words in an exact-match seed


def ngram_index(norms: list[str], n: int = SEED) -> tuple[list[tuple[str, ...]], dict[tuple[str, ...], list[int]]]:
    """The word n-grams of a text in order, and where each occurs."""
    grams = [tuple(norms[j:j + n]) for j in range(len(norms) - n + 1)]
    index: dict[tuple[str, ...], list[int]] = {}
    for j, g in enumerate(grams):
        index.setdefault(g, []).append(j)
    return grams, index


def exact_runs(a: "Side", b: "Side", max_gap: int = 4) -> list[Run]:
    """Maximal runs of >= ``SEED`` equal words, in a's order, merged across gaps of <= ``max_gap`` words."""
    na, nb = a.norms, b.norms
    grams, index = a.grams, b.index
    runs, i = [], 0
    while i < len(grams):
        starts = index.get(grams[i])
        best = _longest_match(na, nb, i, starts) if starts else None
        if best is None:
            i += 1
            continue
        j, length = best
        runs.append(Run(i, i + length, j, j + length, length))
        i += length
    return _bridge(runs, max_gap)


def _longest_match(na, nb, i, starts) -> tuple[int, int] | None:
    best = None
    for j in starts[:8]:
        k = 0
        while i + k < len(na) and j + k < len(nb) and na[i + k] == nb[j + k]:
            k += 1
        if best is None or k > best[1]:
            best = (j, k)
    return best


def _bridge(runs: list[Run], max_gap: int) -> list[Run]:
    merged: list[Run] = []
    for r in runs:
        last = merged[-1] if merged else None
        if last and 0 <= r.a0 - last.a1 <= max_gap and 0 <= r.b0 - last.b1 <= max_gap:
            merged[-1] = Run(last.a0, r.a1, last.b0, r.b1, last.matched + r.matched)
        else:
            merged.append(r)
    return merged


def sentence_similarity(a: dict[str, float], b: dict[str, float]) -> float:
    """Weighted Dice overlap of two stem bags."""
    if not a or not b:
        return 0.0
    shared = sum(min(w, b[s]) for s, w in a.items() if s in b)
    return 2 * shared / (sum(a.values()) + sum(b.values()))


MAX_WEIGHT = 2.0  # the largest weight ``content_stems`` gives


def stem_index(sents: list[Sentence]) -> dict[str, list[int]]:
    """Stem -> the sentences holding it (in order)."""
    where: dict[str, list[int]] = {}
    for j, s in enumerate(sents):
        for st in s.stems:
            where.setdefault(st, []).append(j)
    return where


def align_sentences(sa: list[Sentence], sb: list[Sentence], threshold: float = 0.5,
                    min_stems: int = 4, where: dict[str, list[int]] | None = None) -> list[tuple[int, int, float]]:
    """One-to-one sentence pairs ``(i, j, similarity)`` with similarity >= ``threshold``, best first; ``where``:
    ``stem_index(sb)``, when the caller keeps one per article.

    A pair sharing ``h`` stems shares at most ``min(h * MAX_WEIGHT, weight a, weight b)``; pairs whose bound is
    under the threshold are not scored (weights are 1 and 2, so sums are exact and the bound never drops a pair
    that would pass). On a 1,222-article thread of near-copies this skipped most of 3.7 M similarity sums."""
    where = stem_index(sb) if where is None else where
    scored = []
    for i, s in enumerate(sa):
        if len(s.stems) < min_stems:
            continue
        hits: dict[int, int] = {}
        for st in s.stems:
            for j in where.get(st, ()):
                hits[j] = hits.get(j, 0) + 1
        wa = s.weight
        for j, h in hits.items():
            t = sb[j]
            if h >= 2 and len(t.stems) >= min_stems:
                wb = t.weight
                if 2 * min(h * MAX_WEIGHT, wa, wb) / (wa + wb) < threshold:
                    continue
                sim = sentence_similarity(s.stems, t.stems)
                if sim >= threshold:
                    scored.append((sim, i, j))
    used_a, used_b, out = set(), set(), []
    for sim, i, j in sorted(scored, reverse=True):
        if i not in used_a and j not in used_b:
            used_a.add(i), used_b.add(j)
            out.append((i, j, sim))
    return sorted(out)


@dataclass(slots=True)
class Side:
    """What alignment needs of one article, computed once per article."""

    text: str
    toks: list[Token]
    sents: list[Sentence]
    norms: list[str]
    grams: list[tuple[str, ...]]
    index: dict[tuple[str, ...], list[int]]
    quotes: list[tuple[int, int]]
    stems: dict[str, list[int]] = field(default_factory=dict)  # ``stem_index`` of ``sents``

    @classmethod
    def of(cls, text: str) -> "Side":
        toks = tokens(text)
        norms = [t.norm for t in toks]
        quotes = quotations(text)
        sents = split_sentences(text, toks, quotes)
        return cls(text, toks, sents, norms, *ngram_index(norms), quotes, stem_index(sents))


def in_order(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The longest run of sentence pairs in the same order in both articles (longest increasing subsequence
    over b's index). Copies keep their source's order; independent reports of one event tell it their way."""
    pairs = sorted(pairs)
    tails: list[int] = []  # tails[k]: index into pairs of the smallest tail of an increasing run of length k+1
    back = [-1] * len(pairs)
    for n, (_, j, _) in enumerate(pairs):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if pairs[tails[mid]][1] < j:
                lo = mid + 1
            else:
                hi = mid
        back[n] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(n)
        else:
            tails[lo] = n
    out, k = [], tails[-1] if tails else -1
    while k >= 0:
        out.append(pairs[k])
        k = back[k]
    return out[::-1]
