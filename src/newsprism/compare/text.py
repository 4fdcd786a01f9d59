"""Sentences and words of an article's cleaned text, as character offsets (the text itself never changes)."""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'\-]*")
_SENT_END = re.compile(r"[.!?][”\"’')\]]*(?=\s+[“\"‘'(\[]?[A-Z0-9])|\n+")
# Words a period follows without ending the sentence ("Mr. Xi", "U.S. officials", "Jan. 5").
_ABBREV = frozenset("mr mrs ms dr st jr sr gen col lt sen rep gov prof jan feb mar apr aug sept sep oct nov dec "
                    "no vs etc inc corp co ltd u.s u.k u.n e.g i.e".split())

STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as into onto over under about after
before during than then that this these those there their they them he she his her its it we our us you your i me my
is are was were be been being has have had do does did will would shall should can could may might must not no nor
so such too very just also only own same other another more most some any each all both few many much which who whom
whose what when where why how while said says say told according up out off again further once here said""".split())


SENTENCE_CACHE = 8192  # texts whose sentences are kept: more than a large thread holds (a 1,200-article thread
# read with 512 recomputed every article's sentences for every entity mention: the compare stage's top frame)


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """``(start, end)`` of each sentence, whitespace trimmed: ``text[start:end]`` is a clean sentence."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if m.group().startswith(".") and _abbreviation_before(text, m.start()):
            continue
        spans.append((start, m.end() if not m.group().startswith("\n") else m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return tuple(t for t in (_trim(text, s, e) for s, e in spans) if t[1] > t[0])


@lru_cache(maxsize=SENTENCE_CACHE)
def _starts(text: str) -> tuple[int, ...]:
    return tuple(s for s, _ in sentence_spans(text))


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    w = word.group(1).lower()
    return w in _ABBREV or len(w) == 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence holding character ``offset`` (the whole text when none does)."""
    spans, starts = sentence_spans(text), _starts(text)
    i = bisect_right(starts, offset) - 1
    if i >= 0 and spans[i][0] <= offset < max(spans[i][1], spans[i][0] + 1):
        return spans[i]
    return (0, len(text))


def words(text: str) -> list[str]:
    return [w.lower().strip("’'-") for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """Lower-cased words minus stopwords, with a light plural fold ("talks" -> "talk")."""
    out = []
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(fold(w))
    return out


def fold(word: str) -> str:
    """A crude stem: enough to match "meetings"/"meeting", "sanctions"/"sanction"."""
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + repl
    return word


def overlapping_pairs(bags: list[set[str]], threshold: float, min_shared: int = 1,
                      max_partners: int | None = None) -> dict[tuple[int, int], float]:
    """``{(i, j): overlap}`` for every pair ``i < j`` whose overlap ``|a & b| / min(|a|, |b|)`` is at least
    ``threshold`` (and who share at least ``min(min_shared, |a|, |b|)`` words) — exactly the pairs an all-pairs
    loop finds, without comparing all pairs.

    Prefix filtering: with words ordered rarest first, a set ``a`` that needs ``k`` shared words with any larger
    set must share one of its first ``|a| - k + 1`` words, so only those are looked up (in an index of every word
    of every set at least as large). On a 144-article thread (6,354 sentences) this replaced 12.4 M comparisons.

    ``max_partners``: each set keeps at most that many pairs with the sets indexed before it, so thousands of
    near-identical sets give a bounded output that still links every one of them, not every pair of them
    (26 M pairs, 6.4 GB, for 6,000 copies of one quote); below the cap the result is exact.
    """
    df: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            df[w] = df.get(w, 0) + 1
    order = sorted(range(len(bags)), key=lambda i: (len(bags[i]), i), reverse=True)  # larger sets indexed first
    index: dict[str, list[int]] = {}
    out: dict[tuple[int, int], float] = {}
    cap = max_partners if max_partners is not None else len(bags)
    for i in order:
        a = bags[i]
        if not a:
            continue
        partners = 0  # pairs found for ``i`` among the sets indexed before it
        need = max(math.ceil(threshold * len(a) - 1e-9), min(min_shared, len(a)), 1)
        words = sorted(a, key=lambda w: (df[w], w))
        seen: set[int] = set()
        for w in words[: len(a) - need + 1]:
            for j in index.get(w, ()):
                if j in seen or partners >= cap:
                    continue
                seen.add(j)
                b = bags[j]
                shared = len(a & b)
                if shared >= min(min_shared, len(a), len(b)) and shared / min(len(a), len(b)) >= threshold:
                    out[(min(i, j), max(i, j))] = shared / min(len(a), len(b))
                    partners += 1
        for w in a:
            index.setdefault(w, []).append(i)
    return out
