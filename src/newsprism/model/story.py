"""Nouns of a story: stories and threads, and what the compare stage finds across a thread's articles."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import Span
from .record import Record


@dataclass(slots=True)
class Story(Record):
    """One real-world event or development: the articles that report it, and the thread it belongs to.

    ``id`` derives from the story's founding article. ``thread`` is the id of the first story of a chain of
    stories about the same actors over time (a trip being planned, then the visit itself); a story that starts a
    thread has ``thread == id``.
    """

    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    thread: str = ""
    follows: str | None = None  # the story of the same thread this one continues
    relation: str | None = None  # how: announced -> happened, crime -> arrest, ... (stories/threads.py)
    gap_days: int | None = None  # days from the story it follows to this one

    def __post_init__(self) -> None:
        self.thread = self.thread or self.id


@dataclass(slots=True)
class QuoteMember(Record):
    quote: str
    article: str
    start: int
    end: int
    text: str
    direct: bool = True
    speaker: str | None = None
    speaker_name: str | None = None


@dataclass(slots=True)
class QuoteGroup(Record):
    """One statement as several outlets quote it, with each wording diffed against the earliest source's."""

    id: str
    members: list[QuoteMember]
    articles: list[str]
    speakers: list[str]
    speaker_names: list[str]
    speakers_differ: bool
    first: dict[str, Any]
    independent_sources: int
    match: str  # identical | reworded | misquote
    diffs: list[dict[str, Any]] = field(default_factory=list)
    thread: str | None = None


@dataclass(slots=True)
class StanceSource(Record):
    position: str | None
    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Stance(Record):
    """One line of the positions ledger: a stance as one or more outlets report it."""

    id: str
    text: str
    kind: str | None
    cue: str | None
    sources: list[StanceSource]
    articles: list[str]
    independent_sources: int


STANCE_KINDS = ("demand", "commitment", "red_line", "agreement", "refusal")


@dataclass(slots=True)
class ActorPositions(Record):
    """The positions ledger of one actor: stances by kind (``demands``, ``commitments``, ...)."""

    actor: str | None
    name: str | None
    demands: list[Stance] = field(default_factory=list)
    commitments: list[Stance] = field(default_factory=list)
    red_lines: list[Stance] = field(default_factory=list)
    agreements: list[Stance] = field(default_factory=list)
    refusals: list[Stance] = field(default_factory=list)
    other: list[Stance] = field(default_factory=list)
    count: int = 0
    thread: str | None = None

    def stances(self) -> list[Stance]:
        return self.demands + self.commitments + self.red_lines + self.agreements + self.refusals + self.other


@dataclass(slots=True)
class Coverage(Record):
    """Which outlet reports which fact, quote and stance, and what only one outlet (or source group) reports."""

    outlets: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    only_one_outlet: dict[str, list[str]] = field(default_factory=dict)
    only_one_group: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEntry(Record):
    """A day (or month, or year) of a story and what happened on it, with the sources that say so."""

    id: str
    date: str
    text: str
    precision: str = "day"  # day | month | year
    type: str | None = None
    articles: list[str] = field(default_factory=list)
    citations: list[Span] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    independent_sources: int = 0
    confidence: float | None = None
    disputed: bool = False
    stated: str | None = None
    thread: str | None = None
    referring: int = 0  # articles that mention the date (published on or after it)
    score: float = 0.0  # how much of the story happens on this date: the rank within the thread


@dataclass(slots=True)
class SummaryLine(Record):
    """A sentence of the cited summary: ``text`` is exactly ``article.text[start:end]`` of each citation."""

    id: str
    text: str
    citations: list[Span]
    kind: str = "corroborated"  # corroborated | disagreement
    score: float | None = None
    independent_backing: int | None = None
    fact: str | None = None  # disagreement: the disputed fact group
    disputes: list[dict[str, Any]] = field(default_factory=list)
    thread: str | None = None
