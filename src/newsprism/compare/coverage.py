"""Coverage: which outlet reports which fact, quote and stance, and what only one outlet (or one independent
source group) reports."""
from __future__ import annotations

from typing import Any


def outlet_names(report) -> dict[str, str]:
    """Article id -> the outlet name shown to people (the article id when no outlet is known)."""
    return {a.id: a.outlet or a.id for a in report.articles}


def coverage(report, facts: list[dict], quote_groups: list[dict], ledger: list[dict], sources) -> dict[str, Any]:
    """``{outlets, rows, counts, only_one_outlet, only_one_group}`` over facts, quote groups and stances."""
    outlet = outlet_names(report)
    rows = [_row("fact", f["id"], f["subject"], f["articles"], outlet, sources) for f in facts]
    rows += [_row("quote", g["id"], g["members"][0]["text"], g["articles"], outlet, sources) for g in quote_groups]
    rows += [_row("position", s["id"], s["text"], s["articles"], outlet, sources)
             for entry in ledger for kind in _stance_lists(entry) for s in entry[kind]]
    names = list(dict.fromkeys(outlet[a.id] for a in report.articles))
    counts = {n: {"fact": 0, "quote": 0, "position": 0} for n in names}
    for r in rows:
        for n in r["outlets"]:
            counts[n][r["kind"]] += 1
    return {"outlets": [{"outlet": n, "articles": [a for a, o in outlet.items() if o == n]} for n in names],
            "rows": rows, "counts": counts,
            "only_one_outlet": {n: [r["id"] for r in rows if r["outlets"] == [n]] for n in names},
            "only_one_group": [r["id"] for r in rows if r["independent_sources"] == 1 and len(r["outlets"]) > 1]}


def _stance_lists(entry: dict) -> list[str]:
    return [k for k, v in entry.items() if isinstance(v, list) and v and isinstance(v[0], dict) and "sources" in v[0]]


def _row(kind: str, item: str, label: str, articles: list[str], outlet: dict[str, str], sources) -> dict[str, Any]:
    return {"kind": kind, "id": item, "label": label, "articles": articles,
            "outlets": list(dict.fromkeys(outlet.get(a, a) for a in articles)),
            "independent_sources": sources.independent(articles)}
