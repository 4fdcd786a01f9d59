"""The reuse stage: relations between articles, per-article provenance and independent-source groups.

Requires ``articles``; assigns the ``relations`` section and the per-article fields ``provenance`` and
``group``. Lexical throughout (no embeddings are installed); spaCy is loaded only when an article has a
suspicious person slot, and only its story's articles are parsed.
"""
from __future__ import annotations

import hashlib
from collections import deque

from ..model import Article, COPY_KINDS, article_digest, Provenance, Relation, Report, Signal
from .align import Side
from .candidates import candidate_pairs
from .classify import more_spun, relate
from .credits import author_outlets, credit_signals, credited_elsewhere
from .garble import StoryPeople, Words, echoes, garbled_names, suspects
from .groups import independent_groups
from .spin import artefact_rate, grammar_signals

SMALL_CORPUS = 30  # up to this many articles, every article counts as part of every other's story
PARSED_STORY = 12  # at most this many story articles are parsed for one article's people
SPUN_ARTEFACTS, SPUN_RATE = 3, 1.5  # grammar artefacts (count, per 1,000 words) that alone mean "spun"


def run(report: Report) -> None:
    from ..nlp import parse_into

    relations, provenance = analyse(list(report.articles), lambda arts: parse_into(report.parsed, arts),
                                    report.known_pairs, report.new_pairs, report.known_signals, report.new_signals)
    assign(report, relations, provenance)


def assign(report: Report, relations: list[Relation], provenance: dict[str, Provenance]) -> None:
    """Write relations, provenance and groups into the report."""
    arts = report.articles
    report.sections["relations"] = relations
    groups = independent_groups(relations, [a.id for a in arts])
    for a in arts:
        report.set_article_field(a.id, "provenance", provenance[a.id])
        report.set_article_field(a.id, "group", groups[a.id])


def analyse(arts: list[Article], parse=None, known: dict | None = None, new: dict | None = None,
            known_signals: dict | None = None,
            new_signals: dict | None = None) -> tuple[list[Relation], dict[str, Provenance]]:
    """Relations among ``arts`` and the provenance of each; ``parse`` gives spaCy Docs of articles (default: parse
    with the default pipeline). ``known``: results of earlier runs by article pair, ``(a, b) -> (key, relation or
    None)``, used where the key (``pair_key``) still matches; the pairs computed here go into ``new``; the same
    for each article's garbled-name check in ``known_signals`` / ``new_signals`` (see ``_garbled``)."""
    pairs = candidate_pairs([a.text for a in arts]) if len(arts) > 1 else []
    stories = _stories(arts, pairs)
    signals = {a.id: grammar_signals(a) for a in arts}
    digests: dict[str, str] = {}
    signals.update(_garbled(arts, stories, signals, parse or _parse, known_signals, new_signals, digests))
    spin = {i: sum(s.weight for s in sig if s.kind.startswith(("spin_", "garbled"))) for i, sig in signals.items()}
    sides: dict[str, Side] = {}  # made for the articles of the pairs aligned here only

    def side(a: Article) -> Side:
        if a.id not in sides:
            sides[a.id] = Side.of(a.text)
        return sides[a.id]

    order = alignment_order(pairs, len(arts))
    last = {int(x): pos for pos, k in enumerate(order) for x in pairs[k]}  # where each side is needed last
    found: list[Relation | None] = [None] * len(pairs)
    for pos, k in enumerate(order):
        a, b = arts[int(pairs[k][0])], arts[int(pairs[k][1])]
        key = pair_key(a, b, spin, digests)
        held = (known or {}).get((a.id, b.id))
        if held is not None and held[0] == key:
            found[k] = held[1]
        else:
            found[k] = relate(a, b, side(a), side(b), spin)
            if new is not None:
                new[(a.id, b.id)] = (key, found[k])
        for x in pairs[k]:
            if last[int(x)] == pos:
                sides.pop(arts[int(x)].id, None)
    relations = [r for r in found if r is not None]  # in candidate order, whatever the order of alignment
    outlets = author_outlets(arts)
    touching: dict[str, list[Relation]] = {}  # each article's relations (a scan per article was quadratic)
    for r in relations:
        for aid in {r.a, r.b}:
            touching.setdefault(aid, []).append(r)
    return relations, {a.id: provenance_of(a, signals[a.id], touching.get(a.id, []), outlets) for a in arts}


def alignment_order(pairs, n: int) -> list[int]:
    """Indices of ``pairs`` (of ``n`` articles) in an order that keeps few articles' alignment sides alive at
    once: articles numbered breadth-first over the candidate graph, lowest degree first (Cuthill-McKee), pairs
    by their lower then their higher number; a side is dropped after its last pair. In arrival order a
    1,222-article thread of near-copies (bench_incremental.py, 10,000 articles) held every side at once: 0.6 GB
    of the 0.8 GB the reuse stage added to the process."""
    near: list[list[int]] = [[] for _ in range(n)]
    for i, j in pairs:
        near[int(i)].append(int(j)), near[int(j)].append(int(i))
    number: dict[int, int] = {}
    for start in sorted(range(n), key=lambda x: len(near[x])):
        if start in number:
            continue
        number[start], queue = len(number), deque([start])
        while queue:
            for y in sorted(near[queue.popleft()], key=lambda y: len(near[y])):
                if y not in number:
                    number[y] = len(number)
                    queue.append(y)
    ranked = [tuple(sorted((number[int(i)], number[int(j)]))) for i, j in pairs]
    return sorted(range(len(pairs)), key=ranked.__getitem__)


def pair_key(a: Article, b: Article, spin: dict[str, float], digests: dict[str, str]) -> str:
    """A digest of everything ``relate`` reads of a pair: both articles (every field) and which of them, if any,
    the spin weights mark as the spun one (a weight that grows as a story's sources arrive changes nothing else).
    ``digests`` keeps each article's digest across pairs. (The store adds the analysis code's fingerprint.)"""
    x, y = spin.get(a.id, 0.0), spin.get(b.id, 0.0)
    return _key(_digest(a, digests), _digest(b, digests), more_spun(x, y), more_spun(y, x))


def _digest(article: Article, digests: dict[str, str]) -> str:
    if article.id not in digests:
        digests[article.id] = article_digest(article)
    return digests[article.id]


def _key(*parts) -> str:
    return hashlib.sha256(" ".join(map(str, parts)).encode()).hexdigest()[:32]


def _stories(arts: list[Article], pairs) -> dict[str, list[Article]]:
    """Each article's story: itself and the articles it may share material with (all, for small corpora)."""
    if len(arts) <= SMALL_CORPUS:
        return {a.id: arts for a in arts}
    near: dict[int, set[int]] = {i: {i} for i in range(len(arts))}
    for i, j in pairs:
        near[int(i)].add(int(j)), near[int(j)].add(int(i))
    return {arts[i].id: [arts[k] for k in sorted(ks)] for i, ks in near.items()}


def _garbled(arts: list[Article], stories, signals, parse, known: dict | None = None, new: dict | None = None,
             digests: dict[str, str] | None = None) -> dict[str, list[Signal]]:
    """Garbled-name signals; only articles with suspects and the sources that echo them are parsed. ``known``:
    earlier checks by article id, ``(key, garbled-name Signals or None)``, used where the key (``garble_key``:
    the article and its story) still matches; the checks made here go into ``new``."""
    todo, words, out, keys = {}, Words(), {}, {}
    digests = {} if digests is None else digests
    for a in arts:
        keys[a.id] = garble_key(stories[a.id], a, digests)
        held = (known or {}).get(a.id)
        if held is not None and held[0] == keys[a.id]:
            if held[1] is not None:
                out[a.id] = signals[a.id] + held[1]
            continue
        slots = suspects(a, stories[a.id], words)
        if slots:
            echo = {b.id: b for s in slots for b in echoes(s, a, stories[a.id])}
            todo[a.id] = [a] + list(echo.values()) + [b for b in stories[a.id][:PARSED_STORY] if b.id not in echo]
        elif new is not None:
            new[a.id] = (keys[a.id], None)
    if not todo:
        return out
    needed = {b.id: b for story in todo.values() for b in story}
    docs = dict(zip(needed, parse(list(needed.values()))))
    names_of: dict = {}
    for aid, story in todo.items():
        story = list({b.id: b for b in story}.values())
        people = StoryPeople.of({b.id: docs[b.id] for b in story}, names_of)
        found = garbled_names(story[0], story, people)
        out[aid] = signals[aid] + found
        if new is not None:
            new[aid] = (keys[aid], found)
    return out


def garble_key(story: list[Article], article: Article, digests: dict[str, str]) -> str:
    """A digest of what the garbled-name check of ``article`` reads: the article and its story, in order."""
    return _key(*(_digest(x, digests) for x in [article, *story]))


def _parse(arts: list[Article]) -> list:
    from ..nlp import parse_into

    return parse_into({}, arts)


def provenance_of(article: Article, signals: list[Signal], relations: list[Relation],
                  author_outlets: dict[str, str] | None = None) -> Provenance:
    """The article's provenance from its signals and ``relations`` (those touching it; others are ignored)."""
    credit, outlet, author = credit_signals(article)
    own_credit = any(s.kind == "syndication_credit" for s in credit)
    if not own_credit:
        outlet = credited_elsewhere(credit, author, outlet, author_outlets or {}) or outlet
    signals = sorted(credit + signals, key=lambda s: (s.start is None, s.start or 0))
    mine = [r for r in relations if r.kind in COPY_KINDS and article.id in (r.a, r.b)]
    copied = [r for r in mine if r.original and r.original != article.id]
    status = status_of(article, signals, copied)
    if status == "original" and any(r.original is None for r in mine):
        status = "unknown"  # it shares its text with another article and nothing tells which came first
    return Provenance(status, outlet, author, signals, copied[0].original if copied else None)


def status_of(article: Article, signals: list[Signal], copied: list[Relation]) -> str:
    """spun: garbled names, many spinning artefacts, or a rewrite of another article; copy: a copy of
    another article or republished under another name; original otherwise (``provenance_of`` turns that
    into unknown when a copy relation has no known direction)."""
    kinds = [s.kind for s in signals]
    artefacts = sum(1 for k in kinds if k.startswith("spin_"))
    if "garbled_name" in kinds or (artefacts >= SPUN_ARTEFACTS and artefact_rate(article, signals) >= SPUN_RATE):
        return "spun"
    if any(r.kind == "rewrite" for r in copied):
        return "spun"
    if copied or "credit_mismatch" in kinds:
        return "copy"
    return "original"
