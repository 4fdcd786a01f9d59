"""Credit lines as provenance evidence: who an article says wrote it, and who its furniture says wrote it.

Reads the cleaned text, ``Article.credits`` and the removed boilerplate records ("Follow X on Twitter",
"Source: Y", "(c) 2023 Z", "Distributed by W"). A byline that shares no name with an author sign-off is a
``credit_mismatch`` (text republished under another name); a source credit naming another outlet is a
``syndication_credit`` (declared reuse, not a red flag on its own).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Article, Signal

_NAME = r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}"
AUTHOR_SIGNOFF = re.compile(rf"\bFollow (?:the author,? )?(?P<who>{_NAME}) on (?:Twitter|X|Facebook|Instagram|LinkedIn|Threads|Mastodon|Bluesky)\b")
SOURCE_CREDIT = re.compile(
    r"^\s*(?:Source|Via|Originally published (?:by|in|on|at)|This (?:article|story) (?:was )?(?:first |originally )?"
    r"(?:published|appeared) (?:in|on|by|at))\s*:?\s*(?P<who>[^\n.;|]{2,60})", re.IGNORECASE | re.MULTILINE)
COPYRIGHT = re.compile(r"(?:\(c\)|©|Copyright)\s*(?:\d{4}\s*)?,?\s*(?:by\s+)?(?P<who>[^\n.;|]{2,60})", re.IGNORECASE)
HEAD_BYLINE = re.compile(r"^(?:By )?(?P<who>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})\s*$")


@dataclass(slots=True)
class Credit:
    """One credit found: what it names, its kind (author/outlet) and where it lies."""

    kind: str
    who: str
    line: str
    start: int | None
    end: int | None
    where: str


def _records(article: Article) -> list[tuple[str, str, int]]:
    """(text, where, offset) of every place credits can sit: the text itself, credit records, boilerplate."""
    out = [(article.text, "text", 0)]
    out += [(c, "credits", -1) for c in article.credits]
    out += [(b.text, "boilerplate", -1) for b in article.boilerplate]
    return out


def find_credits(article: Article) -> list[Credit]:
    found, seen = [], set()
    for text, where, base in _records(article):
        for kind, pattern in (("author", AUTHOR_SIGNOFF), ("outlet", SOURCE_CREDIT), ("outlet", COPYRIGHT)):
            for m in pattern.finditer(text):
                who = _tidy(m.group("who"))
                if not who or (kind, who.lower()) in seen:
                    continue
                seen.add((kind, who.lower()))
                line = m.group(0).strip()
                start = m.start() + m.group(0).index(line) if base >= 0 else None
                found.append(Credit(kind, who, line, start, start + len(line) if start is not None else None, where))
    return found


def _tidy(who: str) -> str:
    who = re.sub(r"^(?:the|a)\s+", "", who.strip(), flags=re.IGNORECASE)
    who = re.sub(r"\s*(?:at @?\w+|,? LLC|,? Inc)\.?$", "", who).strip(" ,:-")
    return who if re.search(r"[A-Z]", who) else ""


def head_byline(article: Article) -> str | None:
    """The byline, or when cleaning found none, a bare person-like name line among the first lines."""
    if article.byline:
        return article.byline
    for line in article.text.split("\n")[:8]:
        m = HEAD_BYLINE.match(line.strip())
        if m and line.strip() != (article.title or "").strip():
            return m.group("who")
    return None


def _names(s: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Z][\w'’-]+", s)}


def credit_signals(article: Article) -> tuple[list[Signal], str | None, str | None]:
    """(signals, apparent_outlet, apparent_author) from the article's credit lines."""
    credits = find_credits(article)
    authors = [c for c in credits if c.kind == "author"]
    outlets = [c for c in credits if c.kind == "outlet"]
    signals = []
    byline = head_byline(article)
    for c in authors:
        if byline and not _names(byline) & _names(c.who):
            signals.append(Signal("credit_mismatch", c.line, c.start, c.end,
                                  f"bylined '{byline}' but signs off as {c.who}: republished under another name",
                                  1.0, where=c.where))
        elif not byline:
            signals.append(Signal("author_credit", c.line, c.start, c.end, f"signed off by {c.who}", 0.0, where=c.where))
    for c in outlets:
        if not article.outlet or not _names(article.outlet) & _names(c.who):
            signals.append(Signal("syndication_credit", c.line, c.start, c.end,
                                  f"credits {c.who}" + (f" while published by {article.outlet}" if article.outlet else ""),
                                  0.0, where=c.where))
    outlet = outlets[0].who if outlets else article.outlet
    author = authors[0].who if authors else article.byline
    return signals, outlet, author


def author_outlets(articles: list[Article]) -> dict[str, str]:
    """``{author: outlet}`` from articles whose author sign-off comes with a source credit: where an
    author's work is credited in this corpus, for articles that carry the sign-off but not the credit."""
    out: dict[str, str] = {}
    for a in articles:
        credits = find_credits(a)
        authors = [c.who for c in credits if c.kind == "author"]
        outlets = [c.who for c in credits if c.kind == "outlet"]
        if outlets:
            for who in authors:
                out.setdefault(who.lower(), outlets[0])
    return out


def credited_elsewhere(signals: list[Signal], author: str | None, outlet: str | None,
                       outlets: dict[str, str]) -> str | None:
    """The outlet another article credits for this article's signed-off author, when this article was
    republished under another name (a ``credit_mismatch``) without a credit of its own; the mismatch
    signal's explanation says so."""
    mismatch = [s for s in signals if s.kind == "credit_mismatch"]
    found = outlets.get((author or "").lower())
    if not mismatch or not found or (outlet and _names(outlet) & _names(found)):
        return None
    for s in mismatch:
        s.explanation += f"; elsewhere in this corpus {author}'s sign-off is credited to {found}"
    return found
