"""Fact groups: one attribute of one subject across the articles of a story thread, and a verdict on each.

``compare_facts(report)`` is the one interface: it reads the typed report (``fact_mentions``, ``entities``,
``events``, ``relations``; article fields ``dates``, ``provenance``, ``group``, ``thread``) and returns typed
``FactGroup``s. Steps:

1. claims: the extract stage's typed mentions, dated expressions (``dated``), places and people in roles
   (``entity_claims``), each with ``attribute``, ``scope``, ``subject`` and ``as_of``;
2. alignment (``align``): numeric claims are blocked by (thread, subject, attribute, scope, unit) — a claim is only
   ever compared with the claims of its own block — and a block is split by weekday (``by_day``) and by clearly
   different extract events (``by_event``); dates align as ``align_dates.group_claims`` says (same event, same
   dated thing, same verb); lone dates and times naming one moment join (``same_moment``);
3. verdicts (``verdicts``): ``agree`` when every value fits every other within its qualifier; when they do not,
   ``update`` if the readings follow the articles' dates and the change fits the attribute (a toll that rises, a
   revised figure, an age a year later), else ``contradict`` with a confidence — or, when one article itself
   states two of the clashing values, the key held two quantities and the readings become groups of their own;
4. independence (``sources.CopiedPassages``): articles whose sentences stating the fact are not copies of each
   other; groups come out contradictions first, most confident first (``ranked``).
"""
from __future__ import annotations

from collections import Counter

from ..model import FactGroup, FactValue, Report, finding_id, plain
from .align_dates import SAME_PARTIES, group_claims
from .claims import Claim, EntityIndex, lead_key, numeric_claims, subjects
from .dated import date_claims
from .entity_claims import entity_claims
from .money import convertible, usd_rate
from .readable import Labels
from .readings import BOUNDS
from .sources import CopiedPassages, Sources  # noqa: F401  (Sources: the compare stage's import point)
from .text import sentence_at
from .verdicts import Judged, judge


def compare_facts(report: Report) -> list[FactGroup]:
    """The fact groups of ``report`` (one story thread, or several: each thread is compared on its own)."""
    texts = {a.id: a.text for a in report.articles}
    threads = _threads(report)
    dates = {aid: plain(report.field_of(aid, "dates") or []) for aid in texts}
    entities = plain(report.section("entities"))
    events = plain(report.section("events"))
    index = EntityIndex(entities)
    as_of = {a.id: a.published or _anchor(report, a.id) for a in report.articles}
    claims = numeric_claims(report.section("fact_mentions"), texts, index, dates, events, as_of)
    subjects(claims, texts, dates)
    dated = date_claims(texts, dates, index, _parser() if any(dates.values()) else None, events, report.parsed,
                        report.date_heads)
    for c in dated:
        c.attribute, c.as_of, c.sentence = "date", as_of.get(c.article), sentence_at(texts[c.article], c.start)
    named = entity_claims(entities, texts)
    sources = Sources(plain(report.article_fields), _order(report))
    copies = CopiedPassages(report.section("relations"))
    labels = Labels(texts, threads, entities)
    leads = lead_claims(claims)
    known: dict[tuple, list[Claim]] = {}
    for c in claims:
        known.setdefault((c.article, c.subject, c.attribute), []).append(c)
    judged: list[Judged] = []
    for thread, members in threads.items():
        inside = lambda cs: [c for c in cs if c.article in members]  # noqa: E731
        blocks = [part for block in align(inside(claims)) for part in by_event(block, index, events)]
        blocks += group_claims(inside(dated), index, [members]) + align(inside(named))
        for block in blocks:
            judged += judge(block, leads, known)
    judged = [j for j in same_moment(judged) if j.verdict != "single_source" or j.claims[0].kind != "entity"]
    # a place or a titled person one article alone names is no cross-source fact: the entities section holds it
    return ranked([fact_group(j, thread_of(report, j.claims[0].article), sources, copies, texts, labels)
                   for j in judged])


def align(claims: list[Claim]) -> list[list[Claim]]:
    """Blocks of claims with one subject, attribute and scope (the key is the block: no pairwise pass); amounts
    in the currencies ``money`` converts share a block and compare in dollars."""
    blocks: dict[tuple, list[Claim]] = {}
    for c in claims:
        unit = "money" if c.kind == "money" and convertible(c.unit) else c.unit
        blocks.setdefault((c.subject, c.attribute, c.scope, unit), []).append(c)
    for block in blocks.values():
        if len({c.unit for c in block}) > 1:
            exchange(block)
    return [part for block in blocks.values() for part in by_day(block)]


def exchange(block: list[Claim]) -> None:
    """Give each amount of a block of several currencies its dollar rate (``extra["fx"]``) for the year its
    article speaks in (else the year most of the block's articles do)."""
    years = Counter(c.as_of[:4] for c in block if c.as_of)
    common = int(years.most_common(1)[0][0]) if years else None
    for c in block:
        c.extra["fx"] = usd_rate(c.unit, int(c.as_of[:4]) if c.as_of else common)
        c.extra.pop("interval", None)


def by_event(block: list[Claim], index: EntityIndex, events: list[dict]) -> list[list[Claim]]:
    """A block whose claims the extract stage tied to clearly different events (two meetings of one visit, on two
    days or with other participants) holds one fact per event; claims of compatible events, or of none, stay."""
    known = {ev["id"]: ev for ev in events or []}
    ids = sorted({c.event for c in block if c.event in known})
    if len(ids) < 2:
        return [block]
    parent = {e: e for e in ids}
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            if _same_event(known[a], known[b], index):
                parent[_root(parent, b)] = _root(parent, a)
    roots = {_root(parent, e) for e in ids}
    if len(roots) == 1:
        return [block]
    parts: dict[str | None, list[Claim]] = {}
    for c in block:
        parts.setdefault(_root(parent, c.event) if c.event in parent else None, []).append(c)
    who = {e: frozenset(known[e].get("participants") or ()) for e in ids}
    for c in parts.pop(None, []):
        best = max(roots, key=lambda e: index.similarity(c.entities, who[e]))
        if c.entities and index.similarity(c.entities, who[best]) >= SAME_PARTIES:
            parts[best].append(c)
        else:
            parts.setdefault(None, []).append(c)
    return list(parts.values())


def _same_event(a: dict, b: dict, index: EntityIndex) -> bool:
    if a.get("date") and b.get("date") and a["date"] != b["date"]:
        return False
    pa, pb = frozenset(a.get("participants") or ()), frozenset(b.get("participants") or ())
    return not pa or not pb or index.similarity(pa, pb) >= SAME_PARTIES


def _root(parent: dict, x: str) -> str:
    while parent[x] != x:
        x = parent[x]
    return x


TIMELESS = frozenset(("age", "rank"))  # a person's age or rank is no one day's event


def by_day(block: list[Claim]) -> list[list[Claim]]:
    """A block whose sentences name different weekdays ("the quake on Sunday", "Monday's quake") holds two
    events: one part per weekday; claims naming none join the part most articles are in. A person's age or rank
    ("Smith, 38, who was fired on Thursday") is not split."""
    if block[0].attribute in TIMELESS:
        return [block]
    days: dict[str, list[Claim]] = {}
    for c in block:
        if c.day:
            days.setdefault(c.day, []).append(c)
    if len(days) < 2:
        return [block]
    main = max(days.values(), key=lambda p: len({c.article for c in p}))
    main.extend(c for c in block if not c.day)
    return list(days.values())


def same_moment(judged: list[Judged]) -> list[Judged]:
    """Lone dates and clock times of one thread that name the same moment ("on Saturday" / "Saturday", "13:36
    GMT" twice) but attach to different words are one fact: the moment of the story they both report."""
    keep, lone = [], {}
    for j in judged:
        c = j.claims[0]
        value = c.value if c.value is not None else c.extra.get("weekday")
        if value is None and c.extra.get("month") and c.extra.get("day"):  # "November 2" with no year to place it
            value = f"--{int(c.extra['month']):02d}-{int(c.extra['day']):02d}"
        if j.verdict != "single_source" or j.attribute not in ("date", "time") or value is None \
                or c.qualifier in BOUNDS:
            keep.append(j)
            continue
        part = c.extra.get("part")  # "early June" and "late June" are not the same moment
        zone = tuple(w for w in c.scope if w in ZONES) if j.attribute == "time" else ()  # the moment, not the verb
        lone.setdefault((c.subject, j.attribute, str(value), part, zone), []).append(j)
    for group in lone.values():
        claims = [c for j in group for c in j.claims]
        if len({c.article for c in claims}) > 1:
            keep.append(Judged(claims, group[0].attribute, "agree", [claims],
                               note="the same moment, stated by several articles about different words"))
        else:
            keep += group
    return keep


ZONES = frozenset(("local", "utc", "et", "bst"))  # the zone scope words of a clock time


def lead_claims(claims: list[Claim]) -> dict[tuple, Claim]:
    """(article, subject, attribute, scope) -> the article's first claim of it: the figure it gives for the story."""
    out: dict[tuple, Claim] = {}
    for c in sorted(claims, key=lambda c: c.start):
        out.setdefault(lead_key(c), c)
    return out


def ranked(groups: list[FactGroup]) -> list[FactGroup]:
    """Contradictions first, most confident first; then the facts most articles state."""
    return sorted(groups, key=lambda g: (g.verdict != "contradict", -(g.confidence or 0.0), -len(g.articles),
                                         g.id))


def fact_group(j: Judged, thread: str | None, sources: "Sources", copies: "CopiedPassages",
               texts: dict[str, str], labels: Labels) -> FactGroup:
    group = sorted(j.claims, key=lambda c: (sources.order.get(c.article, 0), c.start))
    articles = list(dict.fromkeys(c.article for c in group))
    independent = copies.independent(group, texts) if len(articles) > 1 else len(articles)
    support = "strong" if independent >= 2 else sources.support(articles)
    values = [FactValue.from_dict(c.value_dict(texts.get(c.article))) for c in group]
    if j.verdict == "contradict":  # the clashing values side by side: their phrases, not whole sentences that
        for v in values:           # also state the facts the sources agree on
            v.sentence = None
    pos = {id(c): n for n, c in enumerate(group)}
    readings = [{"values": sorted(pos[id(c)] for c in r), "articles": list(dict.fromkeys(c.article for c in r))}
                for r in j.readings] if j.verdict in ("contradict", "update") else None
    events = Counter(c.event for c in group if c.event)
    note = j.note or ("reported only by copied or spun text: weakly supported" if support == "weak" else None)
    if len({c.unit for c in group}) > 1 and any(c.extra.get("fx") for c in group):
        note = (note + "; " if note else "") + "amounts in several currencies, compared at the year's average " \
                                                "exchange rate (±10 %)"
    return FactGroup(finding_id("f", thread or "", j.attribute, group[0].id or (group[0].article, group[0].start)),
                     labels.subject(j.attribute, group, thread), j.attribute, values, j.verdict, articles, independent,
                     support, readings, note, events.most_common(1)[0][0] if events else None, j.change,
                     j.confidence, thread)


def thread_of(report: Report, article_id: str) -> str | None:
    return report.field_of(article_id, "thread")


def _threads(report: Report) -> dict[str | None, set[str]]:
    out: dict[str | None, set[str]] = {}
    for a in report.articles:
        out.setdefault(report.field_of(a.id, "thread"), set()).add(a.id)
    return out


def _anchor(report: Report, article_id: str) -> str | None:
    anchor = report.field_of(article_id, "date_anchor")
    return getattr(anchor, "date", None) if anchor is not None else None


def _order(report: Report) -> dict[str, int]:
    ranked_ = sorted(enumerate(report.articles), key=lambda p: (p[1].published or "9999", p[0]))
    return {a.id: n for n, (_, a) in enumerate(ranked_)}


def _parser():
    """spaCy's ``pipe`` for dated phrases, or None when spaCy is not installed (dates then stay ungrouped)."""
    try:
        from ..nlp import load_nlp

        nlp = load_nlp()
    except Exception:
        return None
    return lambda texts: nlp.pipe(texts, batch_size=32)
