"""Verdicts on a block of aligned claims: agree, contradict (with a confidence), update (with which way the value
moved) or single_source; a block that one article itself splits is two quantities, not a disagreement.

- ``agree``: every value fits every other within its qualifier ("about 6" ~ "6", "at least 14" ~ "17").
- ``update``: the readings follow the articles' dates (every article of a later reading is dated after every
  article of an earlier one) and the change fits the attribute: a toll or a count that rises, an age one year
  later, any other figure revised. ``change`` is rose, fell or revised.
- ``contradict``: incompatible values at the same moment of the story. ``confidence`` grows with the gap between
  the readings, with how many articles state each, and with how specific the attribute is; a clash below
  ``MIN_CONFIDENCE`` (values a rounding apart, a vague count noun) is not shown as a contradiction: its readings
  become groups of their own.
"""
from __future__ import annotations

from dataclasses import dataclass

from .claims import BARE, LIGHT_VERBS, Claim, lead_key
from .readings import fits, fits_all, intervals
from .values import CLOCK
from .readings import readings as split_readings

MONOTONE = frozenset(("killed", "injured", "arrested", "evacuated", "rescued"))  # only rise over a story
# ("missing" falls as people are found: any change of it over the days is an update)
MIN_CONFIDENCE = 0.5
MAX_COUNT_RATIO = 10  # two counts of a thing this far apart ("23 pirates" / "1,500 pirates") are two quantities:
# the dev gold's count contradictions are all within 4x (crowd sizes, a specific attribute, vary more)
# Attributes whose value moves over a story and is re-reported as it does (a toll, a magnitude revised, a price).
UPDATABLE = MONOTONE | frozenset(("missing", "age", "magnitude", "depth", "amount", "price", "share", "record", "distance"))
SPECIFIC = frozenset(("killed", "injured", "arrested", "missing", "crowd", "magnitude", "depth", "age", "duration",
                      "sentence", "amount", "price", "share", "time", "record", "phone", "date", "rank",
                      "weapon"))


@dataclass(slots=True)
class Judged:
    claims: list[Claim]
    attribute: str
    verdict: str
    readings: list[list[Claim]]
    change: str | None = None
    confidence: float | None = None
    note: str | None = None


def judge(block: list[Claim], leads: dict | None = None, known: dict | None = None) -> list[Judged]:
    """The verdict(s) on one aligned block; ``leads`` maps (article, subject, attribute) to the article's first
    claim of that attribute (its own figure for the story)."""
    attribute = block[0].attribute or block[0].kind
    parts = [[block[i] for i in r] for r in split_readings(block)]
    if len(parts) == 1:
        return [_agreeing(block, attribute)]
    if _self_split(parts):
        return _by_leads(block, attribute, leads, known)
    return _clash(parts, attribute, leads, known)


def _by_leads(block: list[Claim], attribute: str, leads: dict | None, known: dict | None) -> list[Judged]:
    """One article states values of several readings: the block held several quantities. Each article's first
    statement (its lead: the story's own figure) is compared with the other leads; the article's other values join
    a lead reading they fit, and the rest is judged again as a block of its own."""
    first: dict[str, Claim] = {}
    for c in sorted(block, key=lambda c: c.start):
        first.setdefault(c.article, c)
    heads = list(first.values())
    parts = [[heads[i] for i in r] for r in split_readings(heads)]
    rest = [c for c in block if first[c.article] is not c]
    leftover = []
    for c in rest:
        home = next((p for p in parts if _fits_all(c, p)), None)
        home.append(c) if home is not None else leftover.append(c)
    judged = [_agreeing(parts[0], attribute)] if len(parts) == 1 else _clash(parts, attribute, leads, known)
    return judged + (judge(leftover, leads, known) if leftover else [])


def _fits_all(c: Claim, part: list[Claim]) -> bool:
    return fits_all(c, part)


def _clash(parts: list[list[Claim]], attribute: str, leads: dict | None = None,
           known: dict | None = None) -> list[Judged]:
    block = [c for p in parts for c in p]
    if BARE in block[0].scope:
        return [_agreeing(p, attribute) for p in parts]
    if not _same_thing(parts, attribute):
        return [_agreeing(p, attribute, "values differ but nothing shows they count the same thing: kept apart")
                for p in parts]
    if known is not None and _both_known(parts, known):
        return [_agreeing(p, attribute, "an article of one reading states the other reading's value too: "
                                        "different quantities, kept apart") for p in parts]
    if leads is not None and not all(any(leads.get(lead_key(c), c) is c for c in p)
                                     for p in parts):
        return [_agreeing(p, attribute, "a value its article gives after another figure of the same kind: "
                                        "likely a different quantity, kept apart") for p in parts]
    if attribute == "date" and not _explicit_days(parts):
        return [_agreeing(p, attribute, "dates of different precision or unplaced weekdays: kept apart")
                for p in parts]
    if attribute == "phone" and not _near_variants(parts):
        return [_agreeing(p, attribute) for p in parts]
    change = update_change(parts, attribute)
    if change:
        ordered = sorted(parts, key=lambda p: min(c.as_of for c in p if c.as_of))
        return [Judged(block, attribute, "update", ordered, change=change)]
    if attribute.startswith("count:") and _apart(parts) > MAX_COUNT_RATIO:
        return [_agreeing(p, attribute, "counts an order of magnitude apart: different quantities, kept apart")
                for p in parts]
    conf = confidence(parts, attribute)
    if conf < MIN_CONFIDENCE:
        return [_agreeing(p, attribute, "values near another reading's: possibly a different quantity")
                for p in parts]
    return [Judged(block, attribute, "contradict", parts, confidence=round(conf, 2))]


def _both_known(parts: list[list[Claim]], known: dict) -> bool:
    """Whether an article of one reading also states (anywhere, for this subject and attribute) a value that
    fits another reading: it knows both figures, so they are two quantities, not a disagreement."""
    for n, a in enumerate(parts):
        for b in parts[n + 1:]:
            for mine, other in ((a, b), (b, a)):
                for c in mine:
                    mates = [x for x in known.get((c.article, c.subject, c.attribute), ())
                             if x is not c and x.unit == c.unit and x.scope == c.scope and not _bound(x)]
                    if any(not _bound(o) and fits(x, o) for x in mates for o in other):
                        return True
    return False


def _bound(c: Claim) -> bool:
    return c.qualifier in ("lower_bound", "upper_bound") or c.extra.get("high") is not None


def _explicit_days(parts: list[list[Claim]]) -> bool:
    """Whether every reading holds a date placed on the calendar ("November 18", "early January" of a dated
    article), not an unplaced weekday or month, a year or a relative phrase."""
    return all(any(c.extra.get("kind") in ("date", "month") and (c.value or c.extra.get("day")) for c in p)
               for p in parts)


def _near_variants(parts: list[list[Claim]]) -> bool:
    """Two readings one typing slip apart ("0845 125 2222" / "0845 125 222"); distinct numbers are two facts."""
    values = [{str(c.value) for c in p} for p in parts]
    return any(_one_edit(a, b) for n, xs in enumerate(values) for ys in values[n + 1:] for a in xs for b in ys)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


def _agreeing(claims: list[Claim], attribute: str, note: str | None = None) -> Judged:
    verdict = "agree" if len({c.article for c in claims}) > 1 else "single_source"
    return Judged(claims, attribute, verdict, [claims], note=note if verdict == "agree" else None)


def _self_split(parts: list[list[Claim]]) -> bool:
    """Whether one article states values of two readings (then the block held two quantities)."""
    seen: dict[str, int] = {}
    for n, part in enumerate(parts):
        for c in part:
            if seen.setdefault(c.article, n) != n:
                return True
    return False


def _same_thing(parts: list[list[Claim]], attribute: str) -> bool:
    """Whether the clashing readings measure one thing: a single-valued attribute of the subject (its toll, its
    magnitude), or two clashing claims that go with the same verb ("seized two boats" / "seized three boats")."""
    if not attribute.startswith("count:") and attribute not in ("record", "score"):
        return True  # its scope says which: the noun or verb a duration or amount goes with, whose age
    for n, a in enumerate(parts):
        for b in parts[n + 1:]:
            if any(_verbs_fit(x, y) for x in a for y in b):
                return True
    return False


def _verbs_fit(a: Claim, b: Claim) -> bool:
    """The same verb, or one side with no telling verb ("in three boats", "included three rifles")."""
    va = a.verb if a.verb not in LIGHT_VERBS else None
    vb = b.verb if b.verb not in LIGHT_VERBS else None
    return va == vb or va is None or vb is None


def update_change(parts: list[list[Claim]], attribute: str) -> str | None:
    """rose / fell / revised when the readings follow the articles' dates and the change fits, else None.

    The readings are ordered by their articles' median date; those medians must differ from one reading to the
    next, a later reading may not start before the earlier one starts, and a toll or a count only rises."""
    if attribute not in UPDATABLE:
        return None
    dated = [[c for c in p if c.as_of] for p in parts]  # an undated article fits a reading but cannot order it
    if not all(dated) or sum(len(p) for p in dated) < sum(len(p) for p in parts) / 2:
        return None
    ordered = sorted(dated, key=_median_day)
    for earlier, later in zip(ordered, ordered[1:]):
        if _median_day(earlier) >= _median_day(later) or min(c.as_of for c in later) < min(c.as_of for c in earlier):
            return None
    values = [_central(p) for p in ordered]
    if any(v is None for v in values):
        return "revised"
    rises = all(b > a for a, b in zip(values, values[1:]))
    falls = all(b < a for a, b in zip(values, values[1:]))
    if attribute == "age":
        years = int(_median_day(ordered[-1])[:4]) - int(_median_day(ordered[0])[:4])
        return "rose" if rises and 0 < values[-1] - values[0] <= max(1, years) else None
    if attribute in MONOTONE:
        return "rose" if rises else None  # a toll that falls is a correction: a contradiction
    return "rose" if rises else "fell" if falls else "revised"


def _median_day(part: list[Claim]) -> str:
    days = sorted(c.as_of for c in part)
    return days[len(days) // 2]


def _apart(parts: list[list[Claim]]) -> float:
    """The smallest ratio between two readings' central values (1.0 when not numbers)."""
    values = [v for v in (_central(p) for p in parts) if v]
    if len(values) < 2:
        return 1.0
    values.sort()
    return min(b / a for a, b in zip(values, values[1:]) if a > 0) if values[0] > 0 else 1.0


def _central(part: list[Claim]) -> float | None:
    vals = [c.value * (sum(c.extra["fx"]) / 2 if c.extra.get("fx") else 1) for c in part
            if isinstance(c.value, (int, float))]
    return sorted(vals)[len(vals) // 2] if vals else None


def confidence(parts: list[list[Claim]], attribute: str) -> float:
    """How sure the readings really clash: the relative gap between them, how many articles state each reading,
    how specific the attribute is, how exact the values are."""
    gap = _gap(parts, intervals)
    support = sorted(len({c.article for c in p}) for p in parts)
    specific = attribute in SPECIFIC or attribute.startswith("role:")
    exact = all(c.qualifier == "exact" for p in parts for c in p)
    score = 0.3 + min(0.3, gap) + (0.2 if specific else 0.0) + (0.1 if support[0] >= 2 else 0.0) \
        + (0.1 if exact else 0.0)
    if not specific and support[-1] < 2:
        score -= 0.3  # two lone counts of some noun ("three jurors" / "eight of the jurors"): rarely one quantity
    return max(0.0, min(1.0, score))


def _gap(parts: list[list[Claim]], intervals) -> float:
    """The smallest relative distance between two readings' intervals (0: touching; strings: 0.3)."""
    # distinct intervals only: the smallest gap is the same, and 3,000 copies of a figure are one interval
    spans = [list(dict.fromkeys(i for i in intervals(p) if i is not None)) for p in parts]
    clock = parts[0][0].unit == CLOCK
    best = None
    for n, a in enumerate(spans):
        for b in spans[n + 1:]:
            for x in a:
                for y in b:
                    lo, hi = (x, y) if x[1] < y[0] else (y, x)
                    if isinstance(lo[1], (int, float)) and clock:
                        d = (hi[0] - lo[1]) / 60  # times of day: the gap in hours, not relative to midnight
                    elif isinstance(lo[1], (int, float)):
                        d = (hi[0] - lo[1]) / max(abs(hi[0]), abs(lo[1]), 1e-9)
                    else:
                        d = min(1.0, (hi[0] - lo[1]).days / 30)
                    best = d if best is None else min(best, d)
    return 0.3 if best is None else max(0.0, best)
