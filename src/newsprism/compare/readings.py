"""Readings: a block's values split into sets that can all be true together, each value an interval from its
qualifier (``values``); dates without a year borrow the year the others agree on; unplaced weekdays and written
days compare as written."""
from __future__ import annotations

from collections import Counter
from datetime import date

from .claims import Claim
from .money import in_usd
from .values import date_interval, number_interval, overlaps, weapons_fit, year_of

BOUNDS = frozenset(("after", "before"))


def intervals(group: list[Claim]) -> list[tuple | None]:
    """Each value's interval; a month without a year borrows the year the other values agree on."""
    if group[0].kind != "date":
        return [_own_interval(c) for c in group]
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
    """The values split into sets that can all be true together (one set: the sources agree).

    A value equal to one already placed (same kind, interval and written day, month and weekday: all that
    ``_fits`` reads) goes where that one went, unchecked: ``_fits`` is symmetric within one kind, so it fits
    every member there and none of the earlier sets. A figure 300 copies repeat made this loop quadratic
    (12 M ``_fits`` calls, 17 of the compare stage's 70 s on a 1,222-article thread)."""
    spans = intervals(group)
    out: list[list[int]] = []
    homes: dict[tuple, int] = {}
    one_kind = len({c.kind for c in group}) == 1
    for i, span in enumerate(spans):
        c = group[i]
        key = (span, repr(c.value), c.extra.get("day"), c.extra.get("month"), c.extra.get("weekday")) if one_kind \
            else None
        n = homes.get(key) if key is not None else None
        if n is None:
            n = next((n for n, r in enumerate(out) if all(_fits(span, spans[j], c, group[j]) for j in r)), len(out))
            if n == len(out):
                out.append([])
            if key is not None:
                homes[key] = n
        out[n].append(i)
    return out


def fits(a: Claim, b: Claim) -> bool:
    """Whether two claims' values can both be true (numbers: from their own intervals, computed once)."""
    if a.kind == "date" or b.kind == "date":
        return len(readings([a, b])) == 1
    return _fits(_own_interval(a), _own_interval(b), a, b)


def fits_all(c: Claim, part: list[Claim]) -> bool:
    return all(fits(c, x) for x in part)


def _own_interval(c: Claim) -> tuple | None:
    if "interval" not in c.extra:
        span = number_interval(c.value, c.qualifier, c.text, c.extra.get("high"), c.unit) \
            if isinstance(c.value, (int, float)) else None
        fx = c.extra.get("fx")
        c.extra["interval"] = in_usd(span, fx) if span is not None and fx else span
    return c.extra["interval"]


def _fits(a, b, ca: Claim, cb: Claim) -> bool:
    if ca.kind == "weapon":
        return weapons_fit(ca.value, cb.value)
    if ca.kind == "rank":  # "Col." for a lieutenant colonel and "Det." for a detective sergeant are usage,
        wa, wb = set(ca.value.split()), set(cb.value.split())  # "Commander" for a commodore is not
        return ca.value.split()[-1:] == cb.value.split()[-1:] or wa <= wb or wb <= wa
    da, db = ca.extra.get("day"), cb.extra.get("day")
    if ca.kind == "date" and da and db and ca.extra.get("month") == cb.extra.get("month") and (a is None or b is None
                                                                                             or a == b):
        return da == db  # "November 18" / "November 19" with no year to place them
    wa, wb = ca.extra.get("weekday"), cb.extra.get("weekday")
    if ca.kind == "date" and wa and wb and (a is None or b is None):
        return wa == wb  # "on Saturday" / "Sunday" with no anchor to place them
    if a is None or b is None:
        return a is not None or b is not None or ca.value == cb.value or ca.kind == "date"
    return overlaps(a, b)
