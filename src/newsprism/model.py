"""The nouns of newsprism: what flows from ingest to report.

Cleaning is the only step that writes ``Article.text``; every later finding points into it with a
``Span(article_id, start, end)`` so that ``article.text[start:end]`` is exactly what the finding quotes.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable

SCHEMA_VERSION = "1.0"

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


@dataclass(frozen=True, slots=True)
class Span:
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


@dataclass(slots=True)
class Report:
    """Everything ``analyze`` found. Stages fill their own sections; ``articles`` is always there.

    Like a spaCy ``Doc``, the report is the one source of truth stages read and write: a stage never
    calls another stage, it reads the sections it requires and assigns its own.
    """

    articles: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stage_errors: list[StageError] = field(default_factory=list)
    # Per-article fields that later stages add (e.g. "provenance", "group"): {article_id: {field: value}}
    article_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Corpus-level sections that later stages add (e.g. "relations", "entities"): {name: JSON-able value}
    sections: dict[str, Any] = field(default_factory=dict)

    def article(self, article_id: str) -> Article:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)

    def set_article_field(self, article_id: str, name: str, value: Any) -> None:
        self.article_fields.setdefault(article_id, {})[name] = value

    def to_json(self) -> dict[str, Any]:
        arts = []
        for a in self.articles:
            d = a.to_dict()
            d.update(self.article_fields.get(a.id, {}))
            arts.append(d)
        out: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "articles": arts}
        out.update(self.sections)
        out["skipped"] = [{"source": s.source, "reason": s.reason} for s in self.skipped]
        out["stage_errors"] = [{"stage": e.stage, "reason": e.reason} for e in self.stage_errors]
        return out


def unique_by_id(articles: Iterable[Article]) -> list[Article]:
    """Articles with duplicates (same id) dropped, first one kept, order kept."""
    seen: set[str] = set()
    out = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


# --- nouns of the reuse stage (relations, provenance) go below this line ---

RELATION_KINDS = ("duplicate", "syndicated", "partial", "rewrite", "independent")
COPY_KINDS = frozenset(("duplicate", "syndicated", "partial", "rewrite"))


@dataclass(slots=True)
class Passage:
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Relation:
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
    def is_copy(self) -> bool:
        return self.kind in COPY_KINDS

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["score"] = round(self.score, 4)
        d["coverage_a"], d["coverage_b"] = round(self.coverage_a, 4), round(self.coverage_b, 4)
        d["passages"] = [p.to_dict() for p in self.passages]
        return d


@dataclass(slots=True)
class Signal:
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
        d = {k: getattr(self, k) for k in ("kind", "text", "start", "end", "explanation", "weight", "where")}
        if self.intended is not None:
            d["intended"] = self.intended
        return d


@dataclass(slots=True)
class Provenance:
    """Where an article's text apparently comes from: status is original, copy, spun or unknown."""

    status: str
    apparent_outlet: str | None = None
    apparent_author: str | None = None
    signals: list[Signal] = field(default_factory=list)
    copy_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "apparent_outlet": self.apparent_outlet,
                "apparent_author": self.apparent_author, "copy_of": self.copy_of,
                "signals": [s.to_dict() for s in self.signals]}



# --- nouns of the extract stage (entities, quotes, events, facts) go below this line ---


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of one article's text naming or describing something: ``text == article.text[start:end]``."""

    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """One person, organisation or place across the corpus, with every surface form it goes by.

    ``aliases`` are ``{"text", "kind", ...}``; kind is ``name``, ``title`` (name with role words),
    ``role`` (a description such as "the Chinese leader") or ``garbled`` (a corrupted copy of a name).
    """

    id: str
    name: str
    type: str
    aliases: list[dict[str, Any]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": self.aliases,
                "titles": self.titles, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(slots=True)
class Quote:
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class FactMention:
    """One numeric mention: the value as stated, normalised (durations in minutes), and what it measures."""

    article: str
    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str = "exact"  # exact | approximate | lower_bound | upper_bound
    measures: dict[str, Any] | None = None  # {"text", "start", "end", "event"?}
    kind: str = "count"  # duration | money | percent | points | count
    stated: dict[str, Any] | None = None  # {"value", "unit"} before normalisation

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Event:
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

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass(slots=True)
class Position:
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- nouns of the stories stage ---


@dataclass(slots=True)
class Story:
    """One real-world event or development: the articles that report it, and the thread it belongs to.

    ``thread`` is the id of the first story of a chain of stories about the same actors over time (a trip being
    planned, then the visit itself); a story that starts a thread has ``thread == id``.
    """

    id: str
    title: str
    articles: list[str] = field(default_factory=list)
    thread: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles), "thread": self.thread or self.id}


# --- nouns of the compare stage ---

VERDICTS = ("agree", "contradict", "single_source")


@dataclass(slots=True)
class FactGroup:
    """One attribute of one event or entity as several articles state it, and whether they agree.

    ``values`` are ``{article, start, end, text, value, unit, qualifier, about?}`` with ``text`` quoting the
    article; ``readings`` (when sources disagree) split the values into sets that can all be true together.
    """

    id: str
    subject: str
    attribute: str
    values: list[dict[str, Any]]
    verdict: str  # one of VERDICTS
    articles: list[str]
    independent_sources: int
    support: str = "single"  # strong (2+ independent sources) | single | weak (only copied or spun text)
    readings: list[dict[str, Any]] | None = None
    note: str | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(slots=True)
class SummaryLine:
    """A sentence of the cited summary: ``text`` is exactly ``article.text[start:end]`` of each citation."""

    text: str
    citations: list[dict[str, Any]]  # [{"article", "start", "end"}]
    kind: str = "corroborated"  # corroborated | disagreement
    extra: dict[str, Any] = field(default_factory=dict)  # score and backing, or the disputed fact and reading

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": self.citations, "kind": self.kind, **self.extra}
