"""The cleaning result and the dispatch from a raw document to an article."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ..model import Article, Boilerplate, Document, content_id
from .budget import cap_text, drop_unbroken_runs, within_time


@dataclass(slots=True)
class Metadata:
    """What a document states about its article (HTML meta tags, a plain-text head, ...)."""

    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    published_via: str | None = None
    language: str | None = None


@dataclass(slots=True)
class Cleaned(Metadata):
    """What a cleaner found in one document: its metadata, body text, credits and removed boilerplate."""

    text: str = ""
    credits: list[str] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)


_METADATA_REASONS = {"title", "byline", "outlet", "dateline"}


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Settings passed down to the cleaners (picklable: it travels to worker processes)."""

    rules: str | None = None  # a user boilerplate-rules TOML on top of the shipped clean/boilerplate.toml
    # Cleaned text past this is cut (at a paragraph break) and noted as boilerplate: the longest real news
    # articles run to ~60k characters, and every later stage grows with length (a 150k-character article took
    # 79 s to analyse here, 30 s of it spaCy); a 12 MB "article" would take hours.
    max_text_chars: int = 100_000
    # A line holding a run this long without a space is no prose ('!' * 30000, base64, minified script): spaCy
    # takes minutes on such a run (10k characters: 45 s). The longest real URLs and words are far shorter.
    max_run_chars: int = 1_000
    # A raw document at least this long is cleaned in a forked worker that is stopped after
    # ``max_clean_seconds``; smaller ones clean inline (they take well under a second; forking costs ~5 ms).
    budget_from_chars: int = 200_000
    # Cleaning a 5 MB page takes ~10 s here; a document that takes longer is a trap, not news.
    max_clean_seconds: float = 60.0

    def check(self) -> None:
        """Fail early, once, with a one-line RulesError, rather than on every document."""
        if self.rules:
            from .plaintext_rules import load_rules

            load_rules(self.rules)


def _clean(doc: Document, options: CleanOptions) -> Cleaned:
    if doc.kind == "html":
        from .html import extract_html

        return extract_html(doc.content, url=doc.meta.get("url"))
    from .plaintext import clean_plain

    c = clean_plain(doc.content, rules=options.rules)
    if not c.text.strip() and all(b.reason in _METADATA_REASONS for b in c.boilerplate):
        # A one-paragraph record (a brief, a JSON item): its only lines are the body, not a headline.
        c.text, c.boilerplate, c.title = doc.content.strip(), [], None
    return c


def iso_date(value: object) -> str | None:
    """YYYY-MM-DD for a stated date in any common form ("2023-06-22T10:00Z", "June 22, 2023", ...), else None."""
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    import dateparser

    parsed = dateparser.parse(text, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date().isoformat() if parsed else None


def _budgeted(doc: Document, options: CleanOptions) -> Cleaned:
    """``_clean`` within the time budget (large documents only), then the text within its size budget."""
    if len(doc.content) >= options.budget_from_chars and hasattr(os, "fork"):
        c = within_time(_clean, (doc, options), options.max_clean_seconds)
    else:
        c = _clean(doc, options)
    c.text, runs = drop_unbroken_runs(c.text, options.max_run_chars)
    c.text, over = cap_text(c.text, options.max_text_chars)
    c.boilerplate += runs + over
    return c


def clean_document(doc: Document, options: CleanOptions = CleanOptions()) -> Article:
    """Clean one document into an article; container metadata (``doc.meta``) overrides inferred values."""
    c = _budgeted(doc, options)
    if doc.meta.get("encoding_note"):  # a guessed decode is said in the article, where a reader sees it
        c.boilerplate.insert(0, Boilerplate(doc.meta["encoding_note"], "encoding_guessed"))
    meta = doc.meta
    published, via = c.published, c.published_via
    if meta.get("date") and iso_date(meta["date"]):
        published, via = iso_date(meta["date"]), "metadata"
    return Article(
        id=content_id(doc.content),
        path=doc.source,
        raw=doc.content,
        text=c.text,
        kind=doc.kind,
        title=meta.get("title") or c.title,
        byline=meta.get("author") or c.byline,
        outlet=meta.get("outlet") or c.outlet,
        published=published,
        published_via=via,
        language=c.language,
        url=meta.get("url"),
        credits=c.credits,
        boilerplate=c.boilerplate,
    )
