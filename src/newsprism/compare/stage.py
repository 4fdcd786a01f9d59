"""The compare stage: fact groups with verdicts, quote groups, positions ledger, coverage, timeline, cited summary.

requires: articles; uses when present: article fields ``group``/``provenance`` (reuse) and ``thread`` (stories),
``entities``/``quotes``/``events``/``fact_mentions``/``position_mentions`` + article field ``dates`` (extract).
assigns: ``facts`` (the groups), ``quote_groups``, ``positions`` (the ledger per actor), ``coverage``,
``timeline``, ``summary``; every finding carries the ``thread`` it was found in. A missing section only means less
to compare; running the stage again compares the extract stage's records again and gives the same findings.

The stage reads and writes typed findings (``newsprism.model``); dicts appear only in the report writers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import FactGroup, Provenance, Report
from .coverage import coverage
from .facts import compare_facts
from .positions import ledger
from .quotes import group_quotes, quote_group
from .summary import summarize
from .timeline import timeline
from .views import CorpusViews

COPIED = ("spun", "copy")


@dataclass(slots=True)
class Sources:
    """Independent-source groups, provenance status and "who said it first" order of articles (reuse's fields)."""

    group: dict[str, str]
    status: dict[str, str | None]
    order: dict[str, int]

    @classmethod
    def of(cls, report: Report) -> "Sources":
        """The sources of ``report``'s articles; an article reuse left no group for is a group of its own."""
        group = {a.id: str(report.field_of(a.id, "group") or a.id) for a in report.articles}
        status = {a.id: _status(report.field_of(a.id, "provenance")) for a in report.articles}
        return cls(group, status, article_order(report))

    def independent(self, articles: Iterable[str]) -> int:
        """How many independent source groups ``articles`` come from (copies count once)."""
        return len({self.group.get(a, a) for a in articles})

    def copied(self, article: str) -> bool:
        """Whether the article's text is a copy or a spun rewrite of another source."""
        return self.status.get(article) in COPIED


def _status(provenance: Provenance | None) -> str | None:
    return provenance.status if provenance is not None else None


def run(report: Report) -> None:
    """Stage entry point: compare what the articles of each story thread say and assign this stage's sections."""
    sources = Sources.of(report)
    names = entity_names(report)
    facts = compare_facts(report)
    found: dict[str, list] = {"quote_groups": [], "positions": [], "timeline": [], "summary": []}
    for thread, articles in scopes(report):
        for name, items in compare_thread(report, thread, articles, facts, names, sources).items():
            found[name].extend(items)
    report.sections["facts"] = facts
    report.sections.update(found)
    report.sections["coverage"] = coverage(report, facts, found["quote_groups"], found["positions"], sources)


def compare_thread(report: Report, thread: str | None, articles: set[str], facts: list[FactGroup], names: dict[str, str],
                   sources: Sources) -> dict[str, list]:
    """Quote groups, positions ledger, timeline and summary of one story thread (``articles``)."""
    own = [f for f in facts if set(f.articles) <= articles]
    quotes = [q for q in report.section("quotes") if q.article in articles]
    groups = [quote_group(g, names, sources, thread) for g in group_quotes(quotes, sources.order)]
    stated = [p for p in report.section("position_mentions") if p.article in articles]
    stances = ledger(stated, names, sources, thread)
    events = [e for e in report.section("events") if {m.article for m in e.mentions} & articles]
    members = [a for a in report.articles if a.id in articles]
    dates = {a.id: report.field_of(a.id, "dates") or [] for a in members}
    return {"quote_groups": groups, "positions": stances,
            "timeline": timeline(events, own, names, sources, thread, members, dates),
            "summary": summarize(report, articles, own, groups, stances, sources, thread)}


def entity_names(report: Report) -> dict[str, str]:
    """Entity id -> the name shown to people."""
    return {e.id: e.name or e.id for e in report.section("entities")}


def article_order(report: Report) -> dict[str, int]:
    """Articles by publication date (undated last), then input order: who said it first."""
    ranked = sorted(enumerate(report.articles), key=lambda p: (p[1].published or "9999", p[0]))
    return {a.id: n for n, (_, a) in enumerate(ranked)}


def scopes(report: Report) -> list[tuple[str | None, set[str]]]:
    """(thread id, its articles): each story thread is compared on its own; without stories, the whole corpus."""
    threads: dict[str | None, set[str]] = {}
    for a in report.articles:
        threads.setdefault(report.field_of(a.id, "thread"), set()).add(a.id)
    return list(threads.items())


def combine_threads(report: Report, parts: Callable[[tuple[str, ...]], Iterable[tuple[str, Report]]],
                    assigned: set[str], names: dict[str, str]) -> None:
    """``combine`` over stored threads read one at a time: ``report`` holds the articles and their fields,
    ``parts(sections)`` gives each thread's findings of those sections in report order, ``assigned`` names what
    the threads hold and ``names`` their entities' names. The same sections as ``combine`` on the whole report."""
    views = CorpusViews(report, names, Sources.of(report))
    with_timeline = "timeline" in assigned
    for thread, part in parts(("events", "facts", "quote_groups", "positions") if with_timeline else
                              ("facts", "quote_groups", "positions")):
        views.add_coverage(part.section("facts"), part.section("quote_groups"), part.section("positions"))
        if with_timeline:
            views.add_thread(thread, part.section("events"), part.section("facts"))
            views.add_days(part.section("events"), part.section("facts"))
    report.sections["coverage"] = views.coverage()
    if with_timeline:
        report.sections["timeline"] = views.timeline()


def combine(report: Report) -> None:
    """Coverage across every thread's findings (each thread's run saw only its own outlets), and the timelines
    across every thread's days (``views``)."""
    views = CorpusViews(report, entity_names(report), Sources.of(report))
    views.add_coverage(report.section("facts"), report.section("quote_groups"), report.section("positions"))
    report.sections["coverage"] = views.coverage()
    if "timeline" in report.sections:
        events, facts = report.section("events"), report.section("facts")
        for thread, arts in views.members.items():
            ids = {a.id for a in arts}
            views.add_thread(thread, [e for e in events if {m.article for m in e.mentions} & ids],
                             [f for f in facts if set(f.articles) <= ids])
        views.add_days(events, facts)
        report.sections["timeline"] = views.timeline()
