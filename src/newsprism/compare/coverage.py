"""Coverage: which outlet reports which fact, quote and stance, and what only one outlet (or one independent
source group) reports."""
from __future__ import annotations

from typing import Any

from ..model import ActorPositions, Coverage, FactGroup, QuoteGroup

ROW_KINDS = ("fact", "quote", "position")


def outlet_names(report) -> dict[str, str]:
    """Article id -> the outlet name shown to people (the article id when no outlet is known)."""
    return {a.id: a.outlet or a.id for a in report.articles}


def coverage(report, facts: list[FactGroup], quote_groups: list[QuoteGroup], ledger: list[ActorPositions],
             sources) -> Coverage:
    """Rows (one per fact, quote group and stance) with their outlets, counts per outlet, and what one outlet
    alone (or one independent source group, through several outlets) reports."""
    outlet = outlet_names(report)
    kinds = coverage_rows(facts, quote_groups, ledger, outlet, sources)
    return assembled(report, [r for rows in kinds for r in rows], outlet)


def coverage_rows(facts: list[FactGroup], quote_groups: list[QuoteGroup], ledger: list[ActorPositions],
                  outlet: dict[str, str], sources) -> tuple[list[dict], list[dict], list[dict]]:
    """The fact rows, quote rows and stance rows of some findings (of one thread, or of all)."""
    return ([_row("fact", f.id, f.subject, f.articles, outlet, sources) for f in facts],
            [_row("quote", g.id, g.members[0].text, g.articles, outlet, sources) for g in quote_groups],
            [_row("position", s.id, s.text, s.articles, outlet, sources) for entry in ledger for s in entry.stances()])


def assembled(report, rows: list[dict[str, Any]], outlet: dict[str, str]) -> Coverage:
    """The coverage of ``report``'s articles from every row."""
    names = list(dict.fromkeys(outlet[a.id] for a in report.articles))
    articles: dict[str, list[str]] = {n: [] for n in names}
    for a, o in outlet.items():
        articles.setdefault(o, []).append(a)
    alone: dict[str, list[str]] = {n: [] for n in names}  # grouped once: a scan per outlet was quadratic
    for r in rows:
        if len(r["outlets"]) == 1 and r["outlets"][0] in alone:
            alone[r["outlets"][0]].append(r["id"])
    return Coverage([{"outlet": n, "articles": articles[n]} for n in names], rows, counts(rows, names), alone,
                    [r["id"] for r in rows if r["independent_sources"] == 1 and len(r["outlets"]) > 1])


def counts(rows: list[dict[str, Any]], names: list[str]) -> dict[str, dict[str, int]]:
    """Outlet -> how many facts, quotes and stances it reports."""
    out = {n: dict.fromkeys(ROW_KINDS, 0) for n in names}
    for r in rows:
        for n in r["outlets"]:
            out[n][r["kind"]] += 1
    return out


def _row(kind: str, item: str, label: str, articles: list[str], outlet: dict[str, str], sources) -> dict[str, Any]:
    return {"kind": kind, "id": item, "label": label, "articles": articles,
            "outlets": list(dict.fromkeys(outlet.get(a, a) for a in articles)),
            "independent_sources": sources.independent(articles)}
