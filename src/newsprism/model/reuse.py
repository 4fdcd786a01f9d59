"""Nouns of the reuse stage: shared passages, relations between articles, provenance signals."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .record import Record, finding_id

RELATION_KINDS = ("duplicate", "syndicated", "partial", "rewrite", "independent")
COPY_KINDS = frozenset(("duplicate", "syndicated", "partial", "rewrite"))


@dataclass(slots=True)
class Passage(Record):
    """Text shared by two articles: ``a.text[a_start:a_end]`` is aligned with ``b.text[b_start:b_end]``.

    ``text`` is the passage as it reads in article ``a``; ``exact`` is False for fuzzy (paraphrase) alignments.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str
    exact: bool = True
    score: float = 1.0


@dataclass(slots=True)
class Relation(Record):
    """How two articles share text: one of ``RELATION_KINDS``, with evidence and the likely original."""

    a: str
    b: str
    kind: str
    score: float
    original: str | None = None
    passages: list[Passage] = field(default_factory=list)
    coverage_a: float = 0.0  # share of a's text inside aligned passages
    coverage_b: float = 0.0
    reasons: list[str] = field(default_factory=list)  # why ``original`` was chosen, for people

    @property
    def id(self) -> str:
        """One id per unordered article pair."""
        return finding_id("r", *sorted((self.a, self.b)))

    @property
    def is_copy(self) -> bool:
        return self.kind in COPY_KINDS

    def to_dict(self) -> dict[str, Any]:
        d = Record.to_dict(self)
        d["id"] = self.id
        d["score"] = round(self.score, 4)
        d["coverage_a"], d["coverage_b"] = round(self.coverage_a, 4), round(self.coverage_b, 4)
        return d


@dataclass(slots=True)
class Signal(Record):
    """One piece of provenance evidence inside an article; ``text == article.text[start:end]``.

    ``start``/``end`` are None when the evidence lies outside the cleaned text (a removed credit line); then
    ``where`` says which record holds it. Garbled-name signals carry ``intended``: the name they replace.
    """

    kind: str
    text: str
    start: int | None
    end: int | None
    explanation: str
    weight: float = 1.0
    intended: str | None = None
    where: str = "text"

    def to_dict(self) -> dict[str, Any]:
        d = Record.to_dict(self)
        if self.intended is None:
            d.pop("intended")
        return d


@dataclass(slots=True)
class Provenance(Record):
    """Where an article's text apparently comes from: status is original, copy, spun or unknown."""

    status: str
    apparent_outlet: str | None = None
    apparent_author: str | None = None
    signals: list[Signal] = field(default_factory=list)
    copy_of: str | None = None
