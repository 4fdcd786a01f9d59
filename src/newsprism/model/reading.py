"""Nouns of the extract stage: entities, mentions, quotes, events, positions, dates in the text.

Ids are content-derived (``finding_id``): a quote from its article and offsets, an entity from the thread it was
resolved in plus its type and canonical name, an event from its earliest mention.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .record import Record


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """A stretch of one article's text naming or describing something: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity(Record):
    """One person, organisation or place of a thread, with every surface form it goes by.

    ``aliases`` are ``{"text", "kind", ...}``; kind is ``name``, ``title`` (name with role words),
    ``role`` (a description such as "the Chinese leader") or ``garbled`` (a corrupted copy of a name).
    ``key`` (type and folded canonical name) is the same for one person across threads.
    """

    id: str
    name: str
    type: str
    aliases: list[dict[str, Any]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    key: str = ""
    thread: str | None = None


@dataclass(slots=True)
class Quote(Record):
    """Something a source said: direct (in quotation marks) or reported ("X said that ...")."""

    id: str
    article: str
    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None = None  # entity id
    speaker_span: dict[str, Any] | None = None  # {"start", "end", "text"}
    cue: str | None = None
    cue_span: dict[str, Any] | None = None
    kind: str = "statement"  # statement | phrase (a few quoted words) | reported
    continues: str | None = None  # id of the quote this one continues (multi-paragraph quotes)
    thread: str | None = None


@dataclass(slots=True)
class Event(Record):
    """Something that happened (a meeting, visit, call, sanction ...) with who, where, when and a CAMEO code."""

    id: str
    type: str
    cameo: str | None
    participants: list[str] = field(default_factory=list)  # entity ids
    place: str | None = None  # entity id
    date: str | None = None  # ISO date or month
    date_confidence: float = 0.0
    attributes: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    thread: str | None = None


@dataclass(slots=True)
class Position(Record):
    """A stance an actor takes: demand, commitment, red line, agreement or refusal, with its span."""

    id: str
    actor: str | None  # entity id
    kind: str
    article: str
    start: int
    end: int
    text: str
    cue: str
    actor_span: dict[str, Any] | None = None
    thread: str | None = None


@dataclass(slots=True)
class TimeMention(Record):
    """A date expression of an article ("on Sunday", "early January") and the date it resolves to, if any.

    ``kind``: date | month | weekday | year | relative. ``value``: ISO day, month, year or ``a/b`` range.
    """

    article: str
    start: int
    end: int
    text: str
    kind: str
    value: str | None = None
    confidence: float = 0.0
    part: str | None = None  # early | mid | late (of a month)
    month: int | None = None
    weekday: str | None = None
    inferred_from: str | None = None  # article whose dated event placed this article's weekdays


@dataclass(slots=True)
class DateAnchor(Record):
    """How an article's own date was found (``via``), or which shared event placed its weekdays."""

    date: str | None = None
    via: str | None = None
    event_day: str | None = None
