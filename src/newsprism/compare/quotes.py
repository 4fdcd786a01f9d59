"""Quote groups: one statement as several outlets quote it, with the wording compared word by word.

Quotes from different articles are grouped when their words largely coincide (containment of content words).
Each member is diffed against the earliest source's wording: ``identical``, ``reworded`` (variant wording or
translation) or ``misquote`` (a negation or a number differs, which changes what was said).
"""
from __future__ import annotations

from difflib import SequenceMatcher

from ..model import Quote, QuoteGroup, QuoteMember, finding_id
from .text import content_words, overlapping_pairs, words

MIN_WORDS = 3  # content words a quote needs to be compared at all ("the two countries said" has too few)
SAME_STATEMENT = 0.6  # share of the shorter quote's content words found in the other
OTHER_SPEAKER = 0.8
MIN_CLAUSE = 6  # words: shorter fragments say too little to be misquoted by a missing "not"
MIN_SHARED = 3  # ... and at least this many of them (two-word phrases must match whole)
NEGATIONS = frozenset("not no never nor cannot neither".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten hundred thousand million billion".split())


def overlap(a: set[str], b: set[str]) -> float:
    shared = len(a & b)
    if not a or not b or shared < min(MIN_SHARED, len(a), len(b)):
        return 0.0
    return shared / min(len(a), len(b))


def group_quotes(quotes: list[Quote], order: dict[str, int]) -> list[list[Quote]]:
    """Groups of quotes from different articles that say the same thing, closest pairs first; a quote joins a
    group only when it matches most of its members, so one loose likeness does not chain statements together."""
    bags = [set(content_words(q.text or "")) for q in quotes]
    comparable = [b if len(b) >= MIN_WORDS else set() for b in bags]  # too few words: never compared
    extra = _extra_copies(comparable)
    for k in extra:
        comparable[k] = set()
    # only pairs at SAME_STATEMENT or above can join (the loop below stops at the first pair under its threshold)
    pairs = sorted(((score, i, j) for (i, j), score in overlapping_pairs(comparable, SAME_STATEMENT, MIN_SHARED,
                                                                         MAX_PARTNERS).items()
                    if quotes[i].article != quotes[j].article), reverse=True)
    home: dict[int, list[int]] = {}
    hits: dict[int, int] = {}  # member -> how many members of its own group it matches
    for score, i, j in pairs:
        if score < _threshold(quotes[i], quotes[j]):
            break
        gi, gj = home.get(i), home.get(j)
        if gi is not None and gi is gj:
            continue
        merged = _cohesive_merge(gi or [i], gj or [j], bags, hits)
        if merged is not None:
            for k in merged:
                home[k] = merged
    for k, first in extra.items():  # a copy past MAX_COPIES goes where the first quote of its wording went
        group = home.get(first)
        if group is None:
            group = home[first] = [first]
        group.append(k)
        home[k] = group
    groups = {id(g): g for g in home.values()}.values()
    out = [[quotes[k] for k in g] for g in groups if len({quotes[k].article for k in g}) > 1]
    return sorted((sorted(g, key=lambda q: (order.get(q.article, 0), q.start)) for g in out),
                  key=lambda g: (order.get(g[0].article, 0), g[0].start))


MAX_COPIES = 16  # quotes of one wording compared pair by pair; the rest follow the first of them
MAX_PARTNERS = 200  # similar quotes found per quote: a quote near-identical in more articles than that is a flood


def _extra_copies(bags: list[set[str]]) -> dict[int, int]:
    """{quote: the first quote of its exact wording} for the quotes past the first ``MAX_COPIES`` of a wording.
    Six thousand copies of one quote are 18 M pairs that all say the same; up to ``MAX_COPIES`` copies grouping
    is exactly pairwise."""
    seen: dict[frozenset[str], list[int]] = {}
    out = {}
    for k, bag in enumerate(bags):
        if bag:
            ks = seen.setdefault(frozenset(bag), [])
            if len(ks) >= MAX_COPIES:
                out[k] = ks[0]
            else:
                ks.append(k)
    return out


def _threshold(a: Quote, b: Quote) -> float:
    """Quotes put in different mouths need closer wording to count as one statement."""
    sa, sb = a.speaker, b.speaker
    return OTHER_SPEAKER if sa and sb and sa != sb else SAME_STATEMENT


def _cohesive_merge(ga: list[int], gb: list[int], bags: list[set[str]], hits: dict[int, int]) -> list[int] | None:
    """``ga + gb`` when every member of it matches at least half of the others (``hits`` updated for it), else
    None. Only the pairs across the two groups are compared: each member's matches
    inside its own group are kept from when that group formed. Re-checking every pair of the merged group made
    grouping cubic in a quote 300 copies repeat (2.5 M comparisons, 15 s on a 1,222-article thread)."""
    merged = ga + gb
    total = {k: hits.get(k, 0) for k in merged}
    for a in ga:
        for b in gb:
            if overlap(bags[a], bags[b]) >= SAME_STATEMENT:
                total[a] += 1
                total[b] += 1
    if any(n * 2 < len(merged) - 1 for n in total.values()):
        return None
    hits.update(total)
    return merged


def word_diff(a: str, b: str) -> list[dict[str, str]]:
    """The operations turning wording ``a`` into wording ``b``, word by word."""
    wa, wb = a.split(), b.split()
    ops = []
    matcher = SequenceMatcher(a=[_key(w) for w in wa], b=[_key(w) for w in wb], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        ops.append({"op": op, "a": " ".join(wa[i1:i2]), "b": " ".join(wb[j1:j2])})
    return ops


def _key(word: str) -> str:
    return "".join(words(word)) or word


def diff_flag(ops: list[dict[str, str]]) -> str:
    """identical; misquote when one wording negates and the other does not, or both give numbers and they differ
    (a fragment that leaves a number out is an omission, not a misquote); else reworded."""
    if all(o["op"] == "equal" for o in ops):
        return "identical"
    a = words(" ".join(o["a"] for o in ops))
    b = words(" ".join(o["b"] for o in ops))
    if min(len(a), len(b)) >= MIN_CLAUSE and (_negations(a) > 0) != (_negations(b) > 0):
        return "misquote"
    if _numbers(a) and _numbers(b) and _numbers(a) != _numbers(b):
        return "misquote"
    return "reworded"


def _negations(ws: list[str]) -> int:
    return sum(w in NEGATIONS or w.endswith(("n't", "n’t")) for w in ws)


def _numbers(ws: list[str]) -> set[str]:
    return {w for w in ws if w.isdigit() or w in NUMBER_WORDS}


def quote_group(members: list[Quote], names: dict[str, str], sources, thread: str | None = None) -> QuoteGroup:
    """One quote group; the first member is the earliest source, and the group's id derives from its quote."""
    first = members[0]
    diffs = variant_diffs(first, members[1:])
    articles = list(dict.fromkeys(q.article for q in members))
    speakers = list(dict.fromkeys(q.speaker for q in members if q.speaker))
    return QuoteGroup(finding_id("qg", first.id), [_member(q, names) for q in members], articles, speakers,
                      [names.get(s, s) for s in speakers], len(speakers) > 1,
                      {"quote": first.id, "article": first.article}, sources.independent(articles),
                      match(diffs), diffs, thread)


def variant_diffs(first: Quote, others: list[Quote]) -> list[dict]:
    """Each other source's wording diffed against the first source's (``{from, to, flag, ops}``)."""
    diffs = []
    for q in others:
        if q.article == first.article:  # another part of the first source's quote, not a variant of it
            continue
        ops = word_diff(first.text, q.text)
        diffs.append({"from": first.id, "to": q.id, "flag": diff_flag(ops), "ops": ops})
    return diffs


def match(diffs: list[dict]) -> str:
    """The group's verdict on its wordings: misquote if any is one, else reworded if any is, else identical."""
    flags = {d["flag"] for d in diffs}
    return "misquote" if "misquote" in flags else "reworded" if "reworded" in flags else "identical"


def _member(q: Quote, names: dict[str, str]) -> QuoteMember:
    return QuoteMember(q.id, q.article, q.start, q.end, q.text, q.direct, q.speaker,
                       names.get(q.speaker or "", None))
