"""Page furniture: the parts of an article's text that are not its report — URL lines, datelines, bylines,
captions, "Updated ..." stamps. Numbers there are never claims; the dates there say when the article was written.
"""
from __future__ import annotations

import re
from datetime import date

# A URL, also with the spaces a tokenised copy puts around its punctuation ("http: / / example. com / a").
URL = re.compile(r"\b(?:https?\s?:\s?/\s?/\s?|www\s?\.\s?)[\w-]+(?:\s?[/._\-?=&#:]\s?[\w%-]+)*(?:\s?/)?", re.I)
FURNITURE_LINE = re.compile(
    r"^\s*(?:by\s+[A-Z]|photo\b|image\b|caption\b|pictured?\b|copyright\b|©|\(c\)|updated\b|posted\b|"
    r"published\b|last (?:updated|modified)\b|filed\b|related\b|see also\b|read more\b|share\b|email\b)",
    re.I)
# "ATHENS, May 5 (Reuters) -" / "NEW YORK (AP) --": a city in capitals, maybe a date and an agency, then a dash.
DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’-]{2,40}(?:,\s?[A-Z][a-z]{2,8}\.?\s\d{1,2}(?:,\s?\d{4})?)?"
                      r"\s?(?:\([A-Za-z .]{2,30}\)\s?)?(?:-{1,2}|—|–)\s")
SENTENCE_END = re.compile(r"[.!?\"”’')]\s*$")
# Dates as furniture writes them: in a URL path (2010 - 05 - 05, 2007 / US / 04 / 09) or a stamp.
URL_DATE = re.compile(r"((?:19|20)\d\d)\s?[/-]\s?(?:[A-Za-z]{2,12}\s?/\s?)?(\d{1,2})\s?[/-]\s?(\d{1,2})\b")
MDY_DATE = re.compile(r"\b(\d{1,2})\s?/\s?(\d{1,2})\s?/\s?((?:19|20)\d\d)\b")
_MONTHS = "january february march april may june july august september october november december".split()
WORDY_DATE = re.compile(r"\b(" + "|".join(m[:3].capitalize() for m in _MONTHS) + r")[a-z]*\.? (\d{1,2}),? ((?:19|20)\d\d)\b")
DAY_MONTH_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(m[:3].capitalize() for m in _MONTHS) + r")[a-z]*\.?,? ((?:19|20)\d\d)\b")


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of furniture: every URL, a line that starts with one, stamp/byline/caption lines that do
    not read as sentences, and a dateline prefix."""
    spans = [(m.start(), m.end()) for m in URL.finditer(text)]
    at = 0
    for line in text.split("\n"):
        start, end = at, at + len(line)
        at = end + 1
        if not line.strip():
            continue
        if URL.match(line.lstrip()) or FURNITURE_LINE.match(line) and not _reads_as_sentence(line):
            spans.append((start, end))
            continue
        m = DATELINE.match(line)
        if m:
            spans.append((start, start + m.end()))
    return merged(spans)


def _reads_as_sentence(line: str) -> bool:
    return len(line.split()) > 14 and bool(SENTENCE_END.search(line))


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e or s < end and start < e for s, e in spans)


def furniture_date(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The first date written in the furniture (URL path, stamp, dateline), as an ISO day."""
    for s, e in spans:
        part = text[s:e]
        for rx, order in ((WORDY_DATE, "Mdy"), (DAY_MONTH_DATE, "dMy"), (URL_DATE, "ymd"), (MDY_DATE, "mdy")):
            for m in rx.finditer(part):
                day = _day(dict(zip(order, m.groups())))
                if day:
                    return day
    return None


def _day(parts: dict[str, str]) -> str | None:
    month = int(parts["m"]) if "m" in parts else [m[:3] for m in _MONTHS].index(parts["M"][:3].lower()) + 1
    try:
        return date(int(parts["y"]), month, int(parts["d"])).isoformat()
    except ValueError:
        return None
