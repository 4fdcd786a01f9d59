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

from ..model import Report
from .claims import EntityIndex, numeric_claims
from .coverage import coverage
from .dated import date_claims
from .facts import Sources, fact_group, group_claims
from .positions import ledger
from .quotes import group_quotes, quote_group
from .summary import summarize
from .timeline import timeline


def run(report: Report) -> None:
    """Stage entry point: compare what the articles of each story say and assign this stage's sections."""
    sec = report.sections
    mentions = _raw(sec, "facts", "fact_mentions", "verdict")
    stated = _raw(sec, "positions", "position_mentions", "count")
    sources = Sources(report.article_fields, article_order(report))
    names = {e["id"]: e.get("name") or e["id"] for e in sec.get("entities") or []}
    threads = scopes(report)
    sec["fact_mentions"], sec["position_mentions"] = mentions, stated
    sec["facts"] = facts = compare_facts(report, mentions, sources, [s for _, s in threads])
    sec["quote_groups"] = quote_groups = compare_quotes(sec.get("quotes") or [], threads, names, sources)
    sec["positions"] = stances = ledger(stated, names, sources)
    sec["coverage"] = coverage(report, facts, quote_groups, stances, sources)
    sec["timeline"] = timeline(sec.get("events") or [], facts, names)
    sec["summary"] = [dict(line, story=story) if story else line for story, arts in threads
                      for line in summarize(report, arts, facts, quote_groups, stances, sources)]


def _raw(sec: dict, name: str, kept: str, compared_key: str) -> list[dict]:
    """The extract stage's records of ``name``: the section itself, unless this stage already replaced it with
    its comparison (records holding ``compared_key``); then the copy kept under ``kept``."""
    items = sec.get(name) or []
    if items and compared_key not in items[0]:
        return items
    return sec.get(kept) or []


def compare_quotes(quotes: list[dict], threads, names: dict[str, str], sources: Sources) -> list[dict[str, Any]]:
    groups = [g for _, arts in threads for g in group_quotes([q for q in quotes if q.get("article") in arts],
                                                                sources.order)]
    return [quote_group(n, g, names, sources) for n, g in enumerate(groups, 1)]


def article_order(report: Report) -> dict[str, int]:
    """Articles by publication date (undated last), then input order: who said it first."""
    ranked = sorted(enumerate(report.articles), key=lambda p: (p[1].published or "9999", p[0]))
    return {a.id: n for n, (_, a) in enumerate(ranked)}


def scopes(report: Report) -> list[tuple[str | None, set[str]]]:
    """(thread id, its articles): each story thread is compared on its own; without stories, the whole corpus."""
    threads: dict[str, set[str]] = {}
    for s in report.sections.get("stories") or []:
        threads.setdefault(str(s.get("thread") or s.get("id")), set()).update(s.get("articles") or [])
    seen = set().union(*threads.values()) if threads else set()
    rest = {a.id for a in report.articles} - seen
    return list(threads.items()) + ([(None, rest)] if rest else [])


def compare_facts(report: Report, mentions: list[dict], sources: Sources,
                  threads: list[set[str]]) -> list[dict[str, Any]]:
    texts = {a.id: a.text for a in report.articles}
    index = EntityIndex(report.sections.get("entities") or [])
    dates = {aid: f.get("dates") or [] for aid, f in report.article_fields.items()}
    claims = numeric_claims(mentions, texts, index, dates, report.sections.get("events") or [])
    claims += date_claims(texts, dates, index, _parser() if any(dates.values()) else None,
                          report.sections.get("events") or [])
    groups = group_claims(claims, index, threads)
    groups.sort(key=lambda g: (-len({c.article for c in g}), min(sources.order.get(c.article, 0) for c in g)))
    return [fact_group(n, g, sources, texts) for n, g in enumerate(groups, 1)]


def _parser():
    """spaCy's ``pipe`` for dated phrases, or None when spaCy is not installed (dates then stay ungrouped)."""
    try:
        from ..nlp import load_nlp

        nlp = load_nlp()
    except Exception:
        return None
    return lambda texts: nlp.pipe(texts, batch_size=32)
