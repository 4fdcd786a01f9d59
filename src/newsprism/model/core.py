"""The nouns of newsprism: what flows from ingest to report.

Cleaning is the only step that writes ``Article.text``; every later finding points into it with a
``Span(article_id, start, end)`` so that ``article.text[start:end]`` is exactly what the finding quotes.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from .record import Record

SCHEMA_VERSION = "2.0"

# Characters that are spaces to a reader but not to ``str.split``-minded code (NBSP, thin spaces, ...).
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def normalize_text(text: str) -> str:
    """Unicode NFC, odd spaces to plain spaces, zero-width marks dropped, line ends to ``\\n``.

    Runs before anything else reads a document, so offsets computed later stay valid.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    return _ODD_SPACES.sub(" ", text)


def content_id(text: str) -> str:
    """Stable article id: a hash of the content with whitespace folded (same article twice -> one id)."""
    folded = " ".join(normalize_text(text).split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def article_digest(article) -> str:
    """A digest of every field of a cleaned article: what a per-article result computed from it depends on (the
    article id hashes the text only)."""
    fields = {f.name: getattr(article, f.name) for f in dataclasses.fields(article)}
    return hashlib.sha256(json.dumps(fields, default=repr, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Span(Record):
    """A half-open character range ``[start, end)`` in one article's cleaned text."""

    article_id: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end}) in article {self.article_id}")

    def __len__(self) -> int:
        return self.end - self.start

    def text(self, article_text: str) -> str:
        """The quoted text of this span in ``article_text`` (the article's cleaned text)."""
        if self.end > len(article_text):
            raise ValueError(f"span end {self.end} past text length {len(article_text)}")
        return article_text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.article_id == other.article_id and self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.article_id == other.article_id and self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article_id, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Span":
        return cls(d.get("article") or d.get("article_id"), int(d["start"]), int(d["end"]))

    @classmethod
    def find(cls, article_id: str, text: str, needle: str, start: int = 0) -> "Span | None":
        """The first occurrence of ``needle`` in ``text`` at or after ``start``, as a span."""
        at = text.find(needle, start)
        return None if at < 0 else cls(article_id, at, at + len(needle))


@dataclass(slots=True)
class Boilerplate:
    """A piece of the raw document that cleaning removed, kept with the reason (nothing is thrown away)."""

    text: str
    reason: str
    line: int | None = None  # 1-based line in the raw text, when the input was line-based

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reason": self.reason, "line": self.line}


@dataclass(slots=True)
class Document:
    """One raw input record, decoded and normalised, before cleaning.

    ``source`` names where it came from: a path, ``path#line=N`` for a JSON line, ``path#record=N`` for a
    WARC record or feed entry, or a URL. ``kind`` is ``"text"`` or ``"html"``. ``meta`` holds what the
    container stated (title, url, date, outlet, author) and wins over what cleaning guesses.
    """

    source: str
    content: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Skipped:
    """An input that could not be used, with a one-line reason for people."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.reason}"


@dataclass(slots=True)
class StageError:
    """A stage that could not run or failed, with a one-line reason for people."""

    stage: str
    reason: str

    def __str__(self) -> str:
        return f"stage {self.stage} failed: {self.reason}"


@dataclass(slots=True)
class Article:
    """A cleaned article: the unit every later stage reads. ``text`` is frozen after cleaning."""

    id: str
    path: str
    raw: str
    text: str
    kind: str = "text"
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_via: str | None = None  # how the date was found: "metadata", "dateline", "html", ...
    language: str | None = None
    url: str | None = None
    credits: list[str] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span(self.id, start, end)

    def quote(self, span: Span) -> str:
        if span.article_id != self.id:
            raise ValueError(f"span of article {span.article_id} asked of article {self.id}")
        return span.text(self.text)

    def to_dict(self, with_raw: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d["boilerplate"] = [b.to_dict() for b in self.boilerplate]
        if not with_raw:
            d.pop("raw")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Article":
        d = dict(d)
        d["boilerplate"] = [Boilerplate(**b) for b in d.get("boilerplate") or []]
        d.setdefault("raw", "")
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in names})
