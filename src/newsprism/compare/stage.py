"""The compare stage: fact groups with verdicts, quote groups, positions ledger, coverage, timeline, cited summary.

requires: articles; uses when present: relations + article fields ``group``/``provenance`` (reuse), ``stories``
(stories), ``entities``/``quotes``/``events``/``facts``/``positions`` + article field ``dates`` (extract).
assigns: ``facts`` (the groups; the extract stage's mentions move to ``fact_mentions``), ``quote_groups``,
``positions`` (the ledger per actor; the extract stage's records move to ``position_mentions``), ``coverage``,
``timeline``, ``summary`` (per story thread, lines marked with ``story``). A missing section only means less to
compare; running the stage again compares the kept records again.
"""
from __future__ import annotations

from typing import Any

from types import SimpleNamespace

from ..model import SECTIONS, Report, build, plain
from .coverage import coverage
from .facts import Sources, compare_facts
from .positions import ledger
from .quotes import group_quotes, quote_group
from .summary import summarize
from .timeline import timeline


ASSIGNS = ("facts", "quote_groups", "positions", "coverage", "timeline", "summary")


def run(report: Report) -> None:
    """Stage entry point: compare what the articles of each story say and assign this stage's sections."""
    view = SimpleNamespace(articles=report.articles, article_fields=plain(report.article_fields),
                           sections={k: plain(v) for k, v in report.sections.items()},
                           fact_groups=plain(compare_facts(report)))
    out = compare_view(view)
    for name in ASSIGNS:
        report.sections[name] = build(SECTIONS[name], out[name])


def compare_view(report) -> dict:
    """The comparisons over ``report`` (sections as plain data)."""
    sec = report.sections
    stated = sec.get("position_mentions") or []
    sources = Sources(report.article_fields, article_order(report))
    names = {e["id"]: e.get("name") or e["id"] for e in sec.get("entities") or []}
    threads = scopes(report)
    out = {}
    out["facts"] = facts = report.fact_groups
    out["quote_groups"] = quote_groups = compare_quotes(sec.get("quotes") or [], threads, names, sources)
    out["positions"] = stances = ledger(stated, names, sources)
    out["coverage"] = coverage(report, facts, quote_groups, stances, sources)
    out["timeline"] = [dict(t, id=t.get("id") or f"t{n}") for n, t in
                       enumerate(timeline(sec.get("events") or [], facts, names))]
    out["summary"] = [dict(line, thread=story) for story, arts in threads
                      for line in summarize(report, arts, facts, quote_groups, stances, sources)]
    return out


def compare_quotes(quotes: list[dict], threads, names: dict[str, str], sources: Sources) -> list[dict[str, Any]]:
    groups = [g for _, arts in threads for g in group_quotes([q for q in quotes if q.get("article") in arts],
                                                                sources.order)]
    return [quote_group(n, g, names, sources) for n, g in enumerate(groups, 1)]


def article_order(report: Report) -> dict[str, int]:
    """Articles by publication date (undated last), then input order: who said it first."""
    ranked = sorted(enumerate(report.articles), key=lambda p: (p[1].published or "9999", p[0]))
    return {a.id: n for n, (_, a) in enumerate(ranked)}


def scopes(report) -> list[tuple[str | None, set[str]]]:
    """(thread id, its articles): each story thread is compared on its own; without stories, the whole corpus."""
    threads: dict[str | None, set[str]] = {}
    for a in report.articles:
        threads.setdefault((report.article_fields.get(a.id) or {}).get("thread"), set()).add(a.id)
    return list(threads.items())


def combine(report: Report) -> None:
    """Coverage across every thread's findings (each thread's run saw only its own outlets)."""
    view = SimpleNamespace(articles=report.articles, article_fields=plain(report.article_fields))
    sources = Sources(view.article_fields, article_order(report))
    sec = {k: plain(report.sections.get(k) or []) for k in ("facts", "quote_groups", "positions")}
    report.sections["coverage"] = build(SECTIONS["coverage"],
                                        coverage(view, sec["facts"], sec["quote_groups"], sec["positions"], sources))
