"""The nouns of newsprism: what flows from ingest to report.

Cleaning is the only step that writes ``Article.text``; every later finding points into it with a
``Span(article_id, start, end)`` so that ``article.text[start:end]`` is exactly what the finding quotes. Findings
are typed records (``record.Record``) with stable, content-derived ids (``finding_id``).
"""
from .core import (SCHEMA_VERSION, Article, Boilerplate, Document, Skipped, Span, StageError, article_digest,
                   content_id, normalize_text)
from .facts import VERDICTS, Claim, FactGroup, FactMention, FactValue
from .reading import DateAnchor, Entity, Event, Mention, Position, Quote, TimeMention
from .record import Record, build, finding_id, plain
from .report import ARTICLE_FIELDS, SECTIONS, Report
from .reuse import COPY_KINDS, RELATION_KINDS, Passage, Provenance, Relation, Signal
from .story import (STANCE_KINDS, ActorPositions, Coverage, QuoteGroup, QuoteMember, Stance, StanceSource, Story,
                    SummaryLine, TimelineEntry)

__all__ = [
    "SCHEMA_VERSION", "Article", "Boilerplate", "Document", "Skipped", "Span", "StageError", "article_digest", "content_id",
    "normalize_text", "VERDICTS", "Claim", "FactGroup", "FactMention", "FactValue", "DateAnchor",
    "Entity", "Event", "Mention", "Position", "Quote", "TimeMention", "Record", "build", "finding_id", "plain",
    "ARTICLE_FIELDS", "SECTIONS", "Report", "COPY_KINDS", "RELATION_KINDS", "Passage", "Provenance", "Relation",
    "Signal", "STANCE_KINDS", "ActorPositions", "Coverage", "QuoteGroup", "QuoteMember", "Stance", "StanceSource",
    "Story", "SummaryLine", "TimelineEntry",
]
