"""What a story clusterer sees of an article: content words, names, numbers, years and the publication day.

- ``terms``: content words (stop words dropped), sublinear tf ``1 + log(count)``;
- ``names``: capitalised words that are not just sentence-initial (people, places, organisations) and numbers of
  two or more digits (scores, tolls), same weighting;
- ``years``: years and calendar days ("June 18" -> ``jun18``) mentioned in the text (the same kind of event
  recurs, in another year or on another day; days added +0.005 held-out B3 F1 on ECB+ 13-35 in name order);
- ``day``: the publication date as a day number, when known.
The title and the lead (about the first 50 words) count three times: they say what the story is; later
paragraphs often recall earlier, different events.

No model is needed, so spun or garbled copies cost nothing extra: a garbled name is one lost name among many.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from ..model import Article
from .stopwords import STOPWORDS

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?:\"“”]\s*$|^\s*$")
_POSSESSIVE = re.compile(r"['’]s?$")
# A line where most words are capitalised is a headline in title case: its capitals are not names.
TITLE_CASE_SHARE = 0.6


@dataclass(slots=True)
class ArticleFeatures:
    """Weighted terms, names and years/days mentioned of one article (term -> 1 + log tf) and its publication day (or None)."""

    terms: dict[str, float]
    names: dict[str, float]
    day: int | None = None
    years: dict[str, float] = field(default_factory=dict)


def content_terms(text: str) -> Counter[str]:
    """Counts of lower-cased content words of ``text`` (unstemmed: a suffix stripper measured no gain on ECB+)."""
    counts: Counter[str] = Counter()
    for m in WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group().lower())
        if len(word) >= 3 and word not in STOPWORDS:
            counts[word] += 1
    return counts


def _is_title_case(words: list[str]) -> bool:
    caps = sum(w[0].isupper() for w in words)
    return len(words) >= 3 and caps / len(words) >= TITLE_CASE_SHARE


def _starts_sentence(line: str, at: int) -> bool:
    """Whether ``line[:at]`` ends like a sentence (or is blank): ``SENTENCE_END`` without copying the prefix,
    so a long one-line article stays linear."""
    i = at - 1
    while i >= 0 and line[i].isspace():
        i -= 1
    return i < 0 or line[i] in '.!?:"“”'


def name_terms(text: str) -> Counter[str]:
    """Counts of capitalised words used as names: not in title-case lines, not only at a sentence start."""
    initial: Counter[str] = Counter()
    inner: Counter[str] = Counter()
    for line in text.split("\n"):
        words = [m for m in WORD.finditer(line)]
        if _is_title_case([w.group() for w in words]):
            continue
        for w in words:
            token = w.group()
            key = _POSSESSIVE.sub("", token.lower())
            if not token[0].isupper() or key in STOPWORDS or len(key) < 2:
                continue
            at_start = _starts_sentence(line, w.start())
            (initial if at_start else inner)[key] += 1
    return Counter({k: n + initial.get(k, 0) for k, n in inner.items()})


NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*\d(?![\w])")


def number_terms(text: str) -> Counter[str]:
    """Counts of numbers of two or more digits (scores, tolls, years): they tell apart events of one kind."""
    return Counter("#" + m.group().replace(",", "").rstrip(".") for m in NUMBER.finditer(text))


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


# Capitalised month names and abbreviations ("may" is a verb, "Marlow" no month).
_MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![a-z])\.?")
MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b|(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH)


def year_terms(text: str) -> Counter[str]:
    """Counts of years (1900-2099) and calendar days mentioned: an event of one kind recurs, but on another date."""
    return Counter(YEAR.findall(text)) + day_terms(text)


def day_terms(text: str) -> Counter[str]:
    """Counts of calendar days mentioned ("June 18", "18 June" -> "jun18")."""
    out: Counter[str] = Counter()
    for m in MONTH_DAY.finditer(text):
        month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(day) <= 31:
            out[month.lower()[:3] + str(int(day))] += 1
    return out


def sublinear(counts: Counter[str]) -> dict[str, float]:
    return {k: 1.0 + math.log(n) for k, n in counts.items() if n > 0}


def day_number(published: str | None) -> int | None:
    """Days since 0001-01-01 for a YYYY-MM-DD date, None when unknown or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


LEAD_WORDS = 50  # the opening words that say what the story is
LEAD_EXTRA = 2  # each lead word counts this many extra times


def lead_of(text: str, words: int = LEAD_WORDS) -> str:
    """The opening of ``text``: whole lines up to about ``words`` words."""
    lines, count = [], 0
    for line in text.split("\n"):
        if count >= words:
            break
        lines.append(line)
        count += len(line.split())
    return "\n".join(lines)


def featurize(article: Article) -> ArticleFeatures:
    """The features of ``article``; its title and lead paragraph weigh more than the rest."""
    text = f"{article.title}\n{article.text}" if article.title else article.text
    lead = lead_of(text)
    terms = content_terms(text) + _times(content_terms(lead), LEAD_EXTRA)
    names = name_terms(text) + number_terms(text) + _times(name_terms(lead) + number_terms(lead), LEAD_EXTRA)
    return ArticleFeatures(sublinear(terms), sublinear(names), day_number(article.published),
                           sublinear(year_terms(text)))


def _times(counts: Counter[str], k: int) -> Counter[str]:
    return Counter({t: n * k for t, n in counts.items()})
