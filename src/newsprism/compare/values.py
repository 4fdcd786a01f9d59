"""When two stated values can both be true: each value becomes an interval from its qualifier, and values agree when
their intervals meet. "about six hours" is 5.1-6.9 hours, "more than eight hours" is 8 hours or more, "nearly
700 billion" is 630-700 billion, "early January" is 1-10 January.
"""
from __future__ import annotations

import calendar
import math
import re
from datetime import date

from ..extract.lexicon import WEAPON_CLASS

APPROXIMATE = 0.15  # "about", "around", "some": +-15 %
NEARLY = 0.10  # "nearly", "almost": up to 10 % below
EXACT = 0.01  # rounding slack for a plain figure
CLOCK = "minute of day"  # the unit of a time of day
ABOUT_HOUR, ABOUT_MINUTE = 15, 10  # minutes either side of "about 10 a.m." / "around 10:30"
_NEARLY = re.compile(r"^\s*(nearly|almost|just under|close to|approaching)\b", re.I)
_AT_MOST = re.compile(r"^\s*(up to|at most|less than|fewer than|under|no more than|below)\b", re.I)
_AT_LEAST = re.compile(r"^\s*(more than|over|at least|upwards of|above|in excess of|no less than)\b", re.I)
_ABOUT = re.compile(r"^\s*(about|around|roughly|some|approximately|an estimated|almost|nearly)\b", re.I)
_PARTS = {"early": (1, 10), "mid": (11, 20), "middle": (11, 20), "late": (21, 31), "end": (21, 31)}


def number_interval(value: float, qualifier: str = "exact", text: str = "",
                    high: float | None = None, unit: str = "") -> tuple[float, float]:
    """The interval a stated number allows; ``high`` makes a stated range ("5 to 6 hours")."""
    if unit == CLOCK and high is None:
        return clock_interval(value, qualifier, text)
    if high is not None:
        return (min(value, high), max(value, high))
    if qualifier == "lower_bound" or _AT_LEAST.match(text):
        return (value, math.inf)
    if _NEARLY.match(text):
        return (value * (1 - NEARLY), value)
    if qualifier == "upper_bound" or _AT_MOST.match(text):
        return (0.0 if value >= 0 else -math.inf, value)
    if qualifier == "approximate" or _ABOUT.match(text):
        return (value * (1 - APPROXIMATE), value * (1 + APPROXIMATE))
    return (value * (1 - EXACT), value * (1 + EXACT))


def clock_interval(minute: float, qualifier: str = "exact", text: str = "") -> tuple[float, float]:
    """A time of day, in minutes after midnight: a percentage of the clock means nothing, so "about 10 a.m." is
    9:45-10:15 and "around 10:30" 10:20-10:40 (a round hour is the coarser estimate); "after 9 p.m." is open."""
    if qualifier == "lower_bound" or _AT_LEAST.match(text):
        return (minute, 24 * 60.0)
    if qualifier == "upper_bound" or _AT_MOST.match(text) or _NEARLY.match(text):
        return (0.0, minute)
    if qualifier == "approximate" or _ABOUT.match(text):
        slack = ABOUT_HOUR if minute % 60 == 0 else ABOUT_MINUTE
        return (minute - slack, minute + slack)
    return (minute, minute)


def date_interval(value: str | None, part: str | None = None, month: int | None = None,
                  year: int | None = None) -> tuple[date, date] | None:
    """The days a date value covers: "2023-06-19", "2023-06" (narrowed by ``part``), "2023", "a/b" ranges.

    A month without a resolved year (``value`` None, ``month`` given) takes ``year`` when the caller supplies one.
    """
    if value and "/" in value:
        lo, hi = (date_interval(v) for v in value.split("/", 1))
        return (lo[0], hi[1]) if lo and hi else None
    if value:
        bits = [int(b) for b in value.split("-") if b.isdigit()]
        if len(bits) == 3:
            return (date(*bits),) * 2
        if len(bits) == 2:
            return month_interval(bits[0], bits[1], part)
        if len(bits) == 1:
            return (date(bits[0], 1, 1), date(bits[0], 12, 31))
        return None
    if month and year:
        return month_interval(year, month, part)
    return None


def month_interval(year: int, month: int, part: str | None) -> tuple[date, date]:
    last = calendar.monthrange(year, month)[1]
    lo, hi = _PARTS.get((part or "").lower(), (1, last))
    return (date(year, month, lo), date(year, month, min(hi, last)))


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def year_of(interval: tuple[date, date] | None) -> int | None:
    return interval[0].year if interval and interval[0].year == interval[1].year else None


def weapon_line(weapon: str) -> list[str]:
    """The weapon and the classes above it: "shotgun" -> shotgun, long gun, gun, firearm, weapon."""
    out = [weapon]
    while out[-1] in WEAPON_CLASS and len(out) < 8:
        out.append(WEAPON_CLASS[out[-1]])
    return out


def weapons_fit(a: str, b: str) -> bool:
    """Whether two stated weapons can be the same one: "a gun" and "a shotgun" can, "a rifle" and "a shotgun"
    cannot; "a shotgun or a rifle" can be either."""
    for x in str(a).split("|"):
        for y in str(b).split("|"):
            if x in weapon_line(y) or y in weapon_line(x):
                return True
    return False
