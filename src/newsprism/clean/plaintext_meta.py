"""Line features and metadata readers for plain-text cleaning: sentence shape, name-shaped labels, bylines,
date lines and wire datelines. Pure functions of one line's text (plus the word lists in ``Rules``)."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from .plaintext_rules import Rules, count_words

_CLOSERS = "\"'”’»)]」』）"
_TOKEN = re.compile(r"[^\s]+")
_NAME_TOKEN = re.compile(r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*)$")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,5}$")
_NAME_END = re.compile(r"(?:[A-Z]|Jr|Sr|Inc|Ltd|Co|Corp|Bros|LLC|PLC)\.$")
_CAPITALISED = re.compile(r"[\"'‘“(]?[A-Z0-9]")
_BYLINE = re.compile(r"^\W*(?:written |words |story |report(?:ing|ed)? )?by[:\s]+(?P<rest>.+)$", re.IGNORECASE)
_NAME_LIST_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&)\s+", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:[|•·]|\s[-–—]\s|,(?!\s*\d{4}))\s*")
_YEAR = re.compile(r"\b(?:1[89]|20)\d{2}\b")
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_IN_LINE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
_WEEKDAY_TIME = re.compile(r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"
                           r"|\b(?:[ap]\.?m\.?|(?-i:[A-Z]{1,3}T)|UTC)\b|\bat\b|[|•·,]", re.IGNORECASE)
# "WASHINGTON, March 3 (AP) —", "NEW YORK, Dec. 22 (UPI) —", "Philadelphia (AFP) –": place, date, agency.
_WIRE_DATELINE = re.compile(
    r"^(?P<credit>(?-i:[A-Z][A-Za-z0-9.'’ -]{1,40}?)(?:,\s*(?P<date>[\w. ,]{3,30}?))?\s*\((?-i:(?P<agency>[A-Z][\w&. -]{0,30}))\))"
    r"\s*[—–-]{1,2}\s"
)


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty raw line: 1-based number, the raw text (kept verbatim) and its stripped form."""

    no: int
    raw: str
    text: str
    words: int


def make_line(no: int, raw: str) -> Line:
    text = raw.strip()
    return Line(no, raw, text, count_words(text))


def folded(text: str) -> str:
    """Comparison key: case and spacing folded."""
    return " ".join(text.casefold().split())


def is_sentence(text: str) -> bool:
    """Ends the way a sentence (or a quoted sentence) ends."""
    if not text or text[-1] in "\"”’»":
        return bool(text)
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in ".!?…:;。！？；："


def is_paragraph(line: Line, min_words: int) -> bool:
    """Looks like running text: long enough and ending like a sentence, or very long."""
    return (line.words >= min_words and is_sentence(line.text)) or line.words >= 3 * min_words


def label_kind(text: str, rules: Rules) -> str | None:
    """``"person"`` for a name-shaped line ("Jane Doe"), ``"org"`` for an outlet-shaped one, else None.

    A label is a few capitalised words with no sentence end; it is an outlet when it holds an outlet word
    ("News", "Times", "Global" ...) or is a short acronym, a person when it is 2-4 name words.
    """
    tokens = _TOKEN.findall(text)
    if not 1 <= len(tokens) <= rules.limit("label_max_words") or _YEAR.search(text):
        return None
    if text[-1] in "!?:;," or (text[-1] == "." and not _NAME_END.fullmatch(tokens[-1])):
        return None
    lower = [t.lower().strip(",") for t in tokens]
    names = rules.wordset("name_particles")
    if not all(_NAME_TOKEN.match(t.strip(",")) or w in names or w in rules.wordset("org_particles")
               for t, w in zip(tokens, lower)):
        return None
    if len(tokens) == 1:
        return "org" if _ACRONYM.match(tokens[0]) else None
    if any(w in rules.wordset("org") for w in lower):
        return "org"
    if len(tokens) <= 4 and all(_NAME_TOKEN.match(t.strip(",")) or w in names for t, w in zip(tokens, lower)):
        return "person"
    return None


def is_title_case(text: str) -> bool:
    """Most longer words start with a capital, as in many headlines."""
    words = [w for w in _TOKEN.findall(text) if len(w) > 3]
    return bool(words) and sum(bool(_CAPITALISED.match(w)) for w in words) >= 0.8 * len(words)


def is_person_names(text: str, rules: Rules) -> bool:
    """One or more people's names: "Jane Doe", "JANE DOE and JOHN ROE", "Ana de la Cruz, Li Wei"."""
    names = [n for n in _NAME_LIST_SPLIT.split(text.strip()) if n]
    return bool(names) and len(names) <= 4 and all(label_kind(n, rules) == "person" for n in names)


def parse_byline(text: str, rules: Rules, need_by: bool = True) -> tuple[str, str | None, str | None] | None:
    """``"By Jane Doe, Reuters | May 4, 2023"`` -> ``("Jane Doe", "Reuters", "2023-05-04")``; None if no byline.

    With ``need_by=False`` a name line with a role, outlet or date after a separator counts too
    ("Jane Doe | Staff Writer"), but a bare name does not (``label_kind`` reads those).
    """
    m = _BYLINE.match(text)
    rest = m.group("rest").strip() if m else (None if need_by else text)
    if rest is None or count_words(text) > 16:
        return None
    parts = [p for p in _BYLINE_SPLIT.split(rest) if p]
    if not m and len(parts) < 2:
        return None
    name_parts = list(itertools.takewhile(lambda p: is_person_names(p, rules), parts))
    if not name_parts:
        return None
    others = parts[len(name_parts):]
    roles = rules.wordset("roles")
    outlets = [p for p in others if (label_kind(p, rules) == "org" or _NAME_TOKEN.match(p))
               and not roles & set(p.lower().split())]
    if not m and len(outlets) + sum(bool(roles & set(p.lower().split())) for p in others) == 0:
        return None
    dated = _DATE_IN_LINE.search(rest)
    return ", ".join(name_parts), (outlets[0] if outlets else None), (_iso_date(dated.group(0)) if dated else None)


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser

    return dateparser


def _iso_date(date_text: str) -> str | None:
    parsed = _dateparser().parse(date_text, settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                                      "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def _strip_date_label(text: str, rules: Rules) -> tuple[str, str | None]:
    """``"Updated: 2021-04-05"`` -> ``("2021-04-05", "updated")``."""
    low = text.lower()
    for label in sorted(rules.wordset("date_labels"), key=len, reverse=True):
        if low.startswith(label) and (len(low) == len(label) or not low[len(label)].isalnum()):
            return text[len(label):].lstrip(" :-–—|"), label
    return text, None


def parse_date_line(text: str, rules: Rules) -> tuple[str, str | None] | None:
    """A line that is only a date (optionally "Published:"/"Updated:" and a time) -> (YYYY-MM-DD, label)."""
    if count_words(text) > 12 or not _YEAR.search(text):
        return None
    rest, label = _strip_date_label(text, rules)
    m = _DATE_IN_LINE.search(rest)
    if not m:
        return None
    leftover = _WEEKDAY_TIME.sub(" ", rest[:m.start()] + " " + rest[m.end():])
    if re.search(r"\w{2,}", leftover):
        return None
    iso = _iso_date(m.group(0))
    return (iso, label) if iso else None


def wire_dateline(text: str) -> tuple[str, str | None] | None:
    """The "PLACE, Date (AGENCY) —" opening of a wire story -> (its exact text, YYYY-MM-DD when it has a year)."""
    m = _WIRE_DATELINE.match(text)
    if not m:
        return None
    date = m.group("date")
    iso = _iso_date(date) if date and _YEAR.search(date) else None
    return m.group("credit"), iso
