"""Nouns of facts: a claim (one value one article states) and a fact group (the same quantity across articles).

Attribute vocabulary and verdicts are documented in the README and the JSON Schema.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .record import Record

VERDICTS = ("agree", "contradict", "update", "single_source")


@dataclass(slots=True)
class FactMention(Record):
    """One stated value (a claim): as written, normalised (durations in minutes, distances in km, clock times in
    minutes of the day; records, phone numbers and directions as strings), and what it measures."""

    article: str
    start: int
    end: int
    text: str
    value: float | str
    unit: str
    qualifier: str = "exact"  # exact | approximate | nearly | lower_bound | upper_bound
    measures: dict[str, Any] | None = None  # {"text", "start", "end", "head", "verb"}: what the value is about
    kind: str = "count"  # count | duration | money | percent | points | age | distance | magnitude | time | ...
    stated: dict[str, Any] | None = None  # {"value", "unit"} before normalisation
    high: float | None = None  # upper end of a stated range ("5 to 6 hours")
    attribute: str | None = None  # from the documented vocabulary (killed, magnitude, count:<noun>, ...)
    scope: list[str] = field(default_factory=list)  # words that keep different quantities apart
    as_of: str | None = None  # the moment the value describes (ISO date)
    id: str = ""
    thread: str | None = None


Claim = FactMention  # the name the facts layer uses


@dataclass(slots=True)
class FactValue(Record):
    """One article's value in a fact group; ``text`` quotes ``article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str
    value: Any
    unit: str
    qualifier: str = "exact"
    scope: list[str] = field(default_factory=list)
    as_of: str | None = None
    claim: str | None = None  # id of the claim (fact mention)
    about: dict[str, Any] | None = None  # {"text", "start", "end"}: the phrase the value is about
    event: str | None = None
    phrase: dict[str, Any] | None = None  # {"text", "start", "end"}: value and what it is about, one clean span
    sentence: dict[str, Any] | None = None  # {"text", "start", "end"}: the sentence stating it (clipped)


@dataclass(slots=True)
class FactGroup(Record):
    """One attribute of one event or entity as several articles state it, and whether they agree.

    ``readings`` (when sources disagree) split the values into sets that can all be true together; for an
    ``update`` ``change`` says which way the value moved over the story.
    """

    id: str
    subject: str
    attribute: str
    values: list[FactValue]
    verdict: str  # one of VERDICTS
    articles: list[str]
    independent_sources: int
    support: str = "single"  # strong (2+ independent sources) | single | weak (only copied or spun text)
    readings: list[dict[str, Any]] | None = None
    note: str | None = None
    event: str | None = None
    change: str | None = None  # update: rose | fell | revised
    confidence: float | None = None  # contradiction: how sure the readings really clash
    thread: str | None = None
