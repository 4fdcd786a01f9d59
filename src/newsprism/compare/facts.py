"""Fact groups: the same attribute of the same event or entity across articles, and a verdict on each group.

Two claims are aligned when they state the same kind of value (a duration, an amount, a date) about the same
thing: the extract stage tied them to one event, or they attach to the same kind of event with the same
participants on a compatible day, or (dates) they date the same noun ("balloon") with no clash of entities.
A group ``agree``s when every value fits every other within its qualifier, ``contradict``s otherwise, and is
``single_source`` when one article alone states it.
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, Iterable

from ..model import FactGroup
from .claims import EVENT_CLASSES, Claim, EntityIndex
from .dated import EVENT_NOUNS
from .values import date_interval, number_interval, overlaps, year_of

EVENT_KINDS = frozenset(EVENT_CLASSES.values())
BOUNDS = frozenset(("after", "before"))
SAME_PARTIES = 0.5  # weighted entity overlap that makes two meetings the same meeting
MAX_BLOCK = 400
GENERIC_NOUNS = EVENT_NOUNS | frozenset(EVENT_CLASSES) | frozenset(
    "hour day minute week month year time side country thing people official part".split())


def same_fact(a: Claim, b: Claim, index: EntityIndex) -> bool:
    """Whether two claims state the same attribute of the same thing."""
    if a.kind != b.kind or (a.kind != "date" and a.unit != b.unit):
        return False
    if a.kind == "date":
        return (a.event is not None and a.event == b.event) or _same_dated_thing(a, b, index)
    if a.event and a.event == b.event:
        return True
    if not a.head or a.head_class != b.head_class or not _days_fit(a.when, b.when):
        return False
    if a.entities and b.entities:
        return index.similarity(a.entities, b.entities) >= SAME_PARTIES
    return not a.entities and not b.entities and bool((a.terms & b.terms) - GENERIC_NOUNS)


def _same_dated_thing(a: Claim, b: Claim, index: EntityIndex) -> bool:
    shared = a.terms & b.terms
    same_kind = a.head_class in EVENT_KINDS and a.head_class == b.head_class \
        and not {a.qualifier, b.qualifier} & BOUNDS  # "a meeting" ~ "met"; "since 2018" dates no meeting
    if not shared and not same_kind:
        return False
    both_named = bool(a.entities and b.entities)
    sim = index.similarity(a.entities, b.entities) if both_named else 0.0
    if shared - GENERIC_NOUNS:  # "balloon": the same thing unless the entities say otherwise
        return not both_named or sim > 0
    # "meeting": only a date of the meeting itself, and only with the same participants
    return same_kind and both_named and sim >= SAME_PARTIES


def _days_fit(a: Iterable[str], b: Iterable[str]) -> bool:
    ia = [i for i in (date_interval(v) for v in a) if i]
    ib = [i for i in (date_interval(v) for v in b) if i]
    return not ia or not ib or any(overlaps(x, y) for x in ia for y in ib)


def group_claims(claims: list[Claim], index: EntityIndex, scopes: list[set[str]]) -> list[list[Claim]]:
    """Single-link groups of aligned claims; claims are only compared within one scope (a story thread)."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for scope in scopes:
        members = [i for i, c in enumerate(claims) if c.article in scope]
        for i, j in candidate_pairs(claims, members):
            if find(i) != find(j) and same_fact(claims[i], claims[j], index):
                parent[find(j)] = find(i)
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(find(i), []).append(c)
    return list(groups.values())


def blocking_keys(c: Claim) -> set[tuple]:
    """Every key two claims must share to be aligned at all (``same_fact`` never aligns claims sharing none)."""
    keys = {("head", c.kind, c.unit, c.head_class)}
    if c.event:
        keys.add(("event", c.event))
    if c.kind == "date":
        keys |= {("term", t) for t in c.terms}
    return keys


def candidate_pairs(claims: list[Claim], members: list[int]) -> list[tuple[int, int]]:
    """Pairs of claims sharing a blocking key, so a large story is not compared all against all; a key held by
    more than MAX_BLOCK claims (other than an event) tells nothing and is dropped."""
    blocks: dict[tuple, list[int]] = {}
    for i in members:
        for key in blocking_keys(claims[i]):
            blocks.setdefault(key, []).append(i)
    pairs = set()
    for key, block in blocks.items():
        if len(block) > MAX_BLOCK and key[0] != "event":
            continue
        pairs.update((a, b) for n, a in enumerate(block) for b in block[n + 1:])
    return sorted(pairs)


def intervals(group: list[Claim]) -> list[tuple | None]:
    """Each value's interval; a month without a year borrows the year the other values agree on."""
    if group[0].kind != "date":
        return [number_interval(c.value, c.qualifier, c.text, c.extra.get("high")) for c in group]
    resolved = [date_interval(c.value, c.extra.get("part")) if c.value else None for c in group]
    years = Counter(y for y in (year_of(i) for i in resolved) if y)
    year = years.most_common(1)[0][0] if years else None
    spans = [r or date_interval(None, c.extra.get("part"), c.extra.get("month"), year)
             for r, c in zip(resolved, group)]
    return [_bounded(i, c.qualifier) for i, c in zip(spans, group)]


def _bounded(interval: tuple | None, qualifier: str) -> tuple | None:
    """"since 2018" is any time from 2018 on; "until May" any time up to the end of May."""
    if interval is None or qualifier not in ("after", "before"):
        return interval
    return (interval[0], date.max) if qualifier == "after" else (date.min, interval[1])


def readings(group: list[Claim]) -> list[list[int]]:
    """The values split into sets that can all be true together (one set: the sources agree)."""
    spans = intervals(group)
    out: list[list[int]] = []
    for i, span in enumerate(spans):
        home = next((r for r in out if all(span is None or spans[j] is None or overlaps(span, spans[j])
                                              for j in r)), None)
        home.append(i) if home is not None else out.append([i])
    return out


def verdict(group: list[Claim], split: list[list[int]]) -> str:
    if len(split) > 1:
        return "contradict"
    return "single_source" if len({c.article for c in group}) == 1 else "agree"


def fact_group(n: int, group: list[Claim], sources: "Sources", texts: dict[str, str]) -> dict[str, Any]:
    """The report record of one group of aligned claims."""
    group = sorted(group, key=lambda c: (sources.order.get(c.article, 0), c.start))
    split = readings(group)
    articles = list(dict.fromkeys(c.article for c in group))
    support = sources.support(articles)
    events = Counter(c.event for c in group if c.event)
    return FactGroup(
        f"F{n}", subject(group), attribute(group), [c.value_dict(texts.get(c.article)) for c in group], verdict(group, split), articles,
        sources.independent(articles), support,
        [{"values": r, "articles": list(dict.fromkeys(group[i].article for i in r))} for r in split]
        if len(split) > 1 else None,
        "reported only by copied or spun text: weakly supported" if support == "weak" else None,
        events.most_common(1)[0][0] if events else None).to_dict()


def subject(group: list[Claim]) -> str:
    """What the values are about, in the words of a source: the shortest phrase naming a thing ("the Chinese
    balloon incident") a value attaches to, else the shortest phrase, else the first value."""
    about = [c for c in group if c.about and c.about.get("text")]
    named = [c for c in about if c.head in c.terms and len(c.about["text"].split()) > 1]
    pool = named or about
    return min((c.about["text"] for c in pool), key=len) if pool else group[0].text


def attribute(group: list[Claim]) -> str:
    kind = group[0].kind
    return {"date": "date", "duration": "duration", "money": "amount", "percent": "share",
            "points": "change"}.get(kind, kind)


class Sources:
    """Independent-source groups and provenance of articles, as the reuse stage left them."""

    def __init__(self, fields: dict[str, dict], order: dict[str, int]):
        self.group = {aid: str(f.get("group") or aid) for aid, f in fields.items()}
        self.status = {aid: (f.get("provenance") or {}).get("status") for aid, f in fields.items()}
        self.order = order

    def independent(self, articles: Iterable[str]) -> int:
        return len({self.group.get(a, a) for a in articles})

    def support(self, articles: list[str]) -> str:
        """strong (2+ independent sources), single, or weak (only copied or spun text)."""
        if self.independent(articles) >= 2:
            return "strong"
        return "weak" if all(self.status.get(a) in ("spun", "copy") for a in articles) else "single"


# --- Adapter: the one interface of the facts layer to the rest of compare. It gives today's dict code plain views
# of the typed sections and returns typed fact groups; the typed facts layer replaces it.

def compare_facts(report) -> list[FactGroup]:
    """The fact groups of ``report``'s articles (each story thread compared on its own), typed."""
    from ..model import finding_id, plain
    from .claims import numeric_claims
    from .dated import date_claims

    texts = {a.id: a.text for a in report.articles}
    fields = plain(report.article_fields)
    order = {a.id: n for n, a in enumerate(sorted(report.articles, key=lambda a: a.published or "9999"))}
    threads: dict[Any, set[str]] = {}
    for a in report.articles:
        threads.setdefault(report.field_of(a.id, "thread"), set()).add(a.id)
    index = EntityIndex(plain(report.section("entities")))
    dates = {aid: f.get("dates") or [] for aid, f in fields.items()}
    events = plain(report.section("events"))
    claims = numeric_claims(plain(report.section("fact_mentions")), texts, index, dates, events)
    claims += date_claims(texts, dates, index, _parser() if any(dates.values()) else None, events)
    sources = Sources(fields, order)
    groups = group_claims(claims, index, list(threads.values()))
    groups.sort(key=lambda g: (-len({c.article for c in g}), min(sources.order.get(c.article, 0) for c in g)))
    out = [FactGroup.from_dict(fact_group(0, g, sources, texts)) for g in groups]
    for f in out:
        first = f.values[0]
        f.id = finding_id("f", first.article, first.start, first.end, f.attribute)
        f.thread = report.field_of(first.article, "thread")
    return out


def _parser():
    """spaCy's ``pipe`` for dated phrases, or None when spaCy is not installed (dates then stay ungrouped)."""
    try:
        from ..nlp import load_nlp

        nlp = load_nlp()
    except Exception:
        return None
    return lambda texts: nlp.pipe(texts, batch_size=32)
