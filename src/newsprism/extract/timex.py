"""Dates in an article: its own date (stated or from metadata) and relative expressions resolved against it.

"on Monday", "last November", "earlier this month", "in February", "June 22, 2023" -> ISO dates
(``2023-06-19``) or months (``2023-02``) with a confidence. Without an anchor a relative expression keeps
``value: None`` and its ``weekday``/``month`` so a later step can place it from another article.
Hand-written patterns: dateparser takes ~1 ms per call, too slow to run on every candidate phrase.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
FULL_DATE = re.compile(rf"\b(?:{_WEEKDAY},? )?({_MONTH}) (\d{{1,2}})(?:st|nd|rd|th)?(?:,? (\d{{4}}))?\b")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})(?:,? (\d{{4}}))?\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
MONTH_YEAR = re.compile(rf"\b(?:((?i:last|this|next|early|late|mid-|earlier in|in|since|by|until)) )?({_MONTH})"
                        rf"(?: (\d{{4}}))?\b(?! \d)")
WEEKDAY_EXPR = re.compile(rf"\b(?:((?i:last|next|this|earlier on|later on|earlier|late on|on)) )?({_WEEKDAY})"
                          rf"(?: (morning|afternoon|evening|night))?\b")
RELATIVE = re.compile(r"\b(earlier this month|later this month|this month|last month|next month|this year|"
                      r"last year|next year|earlier this year|later this year|this week|last week|next week|"
                      r"yesterday|today|tomorrow|over the weekend|this weekend|last weekend)\b", re.I)
YEAR = re.compile(r"\b(?:in|since|by|from|until|of|early|late) ((?:19|20)\d\d)\b")


def month_number(word: str) -> int:
    w = word.lower().rstrip(".")
    return MONTHS.index(w) + 1 if w in MONTHS else MONTH_ABBR[w[:4] if w.startswith("sept") else w[:3]]


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date_text(text: str) -> str | None:
    """An ISO date from a whole date phrase ("June 22, 2023", "22 June 2023", "2023-06-22"), else None."""
    text = text.strip()
    for rx, order in ((FULL_DATE, "mdy"), (DAY_MONTH, "dmy"), (ISO_DATE, "ymd")):
        m = rx.fullmatch(text) or rx.search(text)
        if not m or not m.group(3):
            continue
        parts = dict(zip(order, m.groups()))
        month = int(parts["m"]) if parts["m"].isdigit() else month_number(parts["m"])
        d = safe_date(int(parts["y"]), month, int(parts["d"]))
        if d:
            return d.isoformat()
    return None


def stated_date(text: str, max_lines: int = 15) -> str | None:
    """The article's own date when a line near the top is only a date (a dateline), else None."""
    for line in text.split("\n")[:max_lines]:
        line = re.sub(r"^(?:published|updated|posted|date)[:\s]+", "", line.strip(), flags=re.I)
        if 6 <= len(line) <= 40 and re.fullmatch(rf"(?:{_WEEKDAY},? )?[\w ,.\-]+", line):
            iso = parse_date_text(line)
            if iso and len(re.sub(r"[\d\W]", "", line.lower()).strip()) <= 20:
                return iso
    return None


def article_anchor(article) -> tuple[date | None, str | None]:
    """(anchor date, how it was found) for an article: metadata/cleaning first, then a stated dateline."""
    if article.published:
        d = parse_iso(article.published)
        if d:
            return d, article.published_via or "metadata"
    iso = stated_date(article.text)
    return (parse_iso(iso), "dateline") if iso else (None, None)


def parse_iso(value: str) -> date | None:
    """An anchor date; none within a year of the calendar's ends (year 1, 9999): "last week" or "yesterday"
    from there would leave ``datetime.date``'s range (OverflowError)."""
    m = ISO_DATE.match(value or "")
    d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    return d if d and 1 < d.year < 9999 else None


def weekday_date(anchor: date, weekday: str, which: str | None) -> date:
    """The weekday nearest before the anchor (or after it for "next"); "on Monday" on a Monday is that day."""
    target = WEEKDAYS.index(weekday.lower())
    if which == "next":
        return anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
    back = (anchor.weekday() - target) % 7
    if which == "last" and back == 0:
        back = 7
    return anchor - timedelta(days=back)


def month_value(anchor: date, month: int, which: str | None) -> str:
    year = anchor.year
    if which == "next":
        year += month <= anchor.month
    elif which == "last":
        year -= month >= anchor.month
    elif month > anchor.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def relative_value(anchor: date, phrase: str) -> str:
    p = phrase.lower()
    if "week" in p and "weekend" not in p:
        shift = {"last": -7, "next": 7}.get(p.split()[0], 0)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=shift)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}"
    if "weekend" in p:
        sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
        return f"{sat.isoformat()}/{(sat + timedelta(days=1)).isoformat()}"
    if p in ("yesterday", "today", "tomorrow"):
        return (anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[p])).isoformat()
    shift = -1 if p.startswith("last") else 1 if p.startswith("next") else 0
    if "month" in p:
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        return f"{y:04d}-{m + 1:02d}"
    return f"{anchor.year + shift:04d}"


def date_item(m, text: str, kind: str, value: str | None, confidence: float, **extra) -> dict:
    return {"start": m.start(), "end": m.end(), "text": text[m.start():m.end()], "kind": kind,
            "value": value, "confidence": confidence if value else 0.0, **extra}


def absolute_dates(text: str, anchor: date | None) -> list[dict]:
    out = []
    for m in FULL_DATE.finditer(text):
        month, day = month_number(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else anchor.year if anchor else None
        d = safe_date(year, month, day) if year else None
        if d and not m.group(3) and anchor and d > anchor + timedelta(days=31):
            d = safe_date(year - 1, month, day)
        out.append(date_item(m, text, "date", d.isoformat() if d else None, 0.95 if m.group(3) else 0.8))
    for m in DAY_MONTH.finditer(text):
        year = int(m.group(3)) if m.group(3) else anchor.year if anchor else None
        d = safe_date(year, month_number(m.group(2)), int(m.group(1))) if year else None
        out.append(date_item(m, text, "date", d.isoformat() if d else None, 0.95 if m.group(3) else 0.8))
    return out


def relative_dates(text: str, anchor: date | None) -> list[dict]:
    out = []
    for m in WEEKDAY_EXPR.finditer(text):
        value = weekday_date(anchor, m.group(2), (m.group(1) or "").lower()).isoformat() if anchor else None
        out.append(date_item(m, text, "weekday", value, 0.8, weekday=m.group(2).lower()))
    for m in MONTH_YEAR.finditer(text):
        if _name_not_month(text, m):
            continue
        month, which = month_number(m.group(2)), (m.group(1) or "").strip().lower()
        if m.group(3):
            value, conf = f"{m.group(3)}-{month:02d}", 0.9
        else:
            value, conf = (month_value(anchor, month, which) if anchor else None), 0.7
        out.append(date_item(m, text, "month", value, conf, month=month, part=which or None))
    for m in RELATIVE.finditer(text):
        out.append(date_item(m, text, "relative", relative_value(anchor, m.group(1)) if anchor else None, 0.7))
    for m in YEAR.finditer(text):
        s = m.start(1)
        out.append({"start": s, "end": m.end(1), "text": m.group(1), "kind": "year", "value": m.group(1),
                    "confidence": 0.9})
    return out


def _name_not_month(text: str, m) -> bool:
    """"Theresa May", "May said": the month word "May" alone, with neither a preposition, a part of the month
    nor a year, is a name or the verb."""
    if m.group(2) != "May" or m.group(1) or m.group(3):
        return False
    return True


def drop_overlaps(items: list[dict]) -> list[dict]:
    """Longest first: "Wednesday, March 29, 2023" wins over "Wednesday" and "March"."""
    kept: list[dict] = []
    for it in sorted(items, key=lambda i: (-(i["end"] - i["start"]), i["start"])):
        if not any(k["start"] < it["end"] and it["start"] < k["end"] for k in kept):
            kept.append(it)
    return sorted(kept, key=lambda i: i["start"])


def find_dates(article) -> tuple[list[dict], dict]:
    """Every date expression of an article, resolved when an anchor exists; plus the anchor record."""
    anchor, how = article_anchor(article)
    text = article.text
    items = drop_overlaps(absolute_dates(text, anchor) + relative_dates(text, anchor))
    for it in items:
        it["article"] = article.id
    return items, {"date": anchor.isoformat() if anchor else None, "via": how}


def nearest_weekday(day: date, weekday: str) -> date:
    """The date with that weekday closest to ``day`` (three days either side; ties go to the earlier)."""
    diff = (WEEKDAYS.index(weekday) - day.weekday()) % 7
    return day + timedelta(days=diff) if diff <= 3 else day - timedelta(days=7 - diff)


INFERRED_CONFIDENCE = 0.75  # share of the usual confidence kept when the anchor comes from another article


def place_by_event(items: list[dict], day_iso: str, source: str) -> dict:
    """Resolve an undated article's expressions around a day fixed by an event it shares with a dated
    article ("on Sunday" here = the Sunday that article dates); returns the anchor record."""
    day = parse_iso(day_iso)
    for it in items:
        if it["value"] is not None:
            continue
        if it["kind"] == "weekday":
            value = nearest_weekday(day, it["weekday"]).isoformat()
        elif it["kind"] == "month":
            value = month_value(day, it["month"], it.get("part") or "")
        elif it["kind"] == "relative":
            value = relative_value(day, it["text"])
        else:
            continue
        it.update(value=value, confidence=round(0.8 * INFERRED_CONFIDENCE, 2), inferred_from=source)
    return {"date": None, "via": f"event shared with article {source}", "event_day": day_iso}
