"""The positions ledger: per actor, the demands, commitments, red lines, agreements and refusals, each with the
articles that report it. The same stance reported by several outlets is one ledger line with several sources.
"""
from __future__ import annotations

from typing import Any

from .text import content_words

SAME_STANCE = 0.5  # share of the shorter statement's content words found in the other
KINDS = ("demand", "commitment", "red_line", "agreement", "refusal")


def ledger(positions: list[dict], names: dict[str, str], sources) -> list[dict[str, Any]]:
    """``[{actor, name, demands: [...], commitments: [...], ...}]``, actors with the most stances first."""
    by_actor: dict[str, list[dict]] = {}
    for p in positions:
        by_actor.setdefault(p.get("actor") or "", []).append(p)
    out = []
    for actor, items in by_actor.items():
        entry: dict[str, Any] = {"actor": actor or None, "name": names.get(actor, None) if actor else None}
        for kind in KINDS:
            entry[_plural(kind)] = [stance(g, sources) for g in merge([p for p in items if p.get("kind") == kind])]
        other = [p for p in items if p.get("kind") not in KINDS]
        if other:
            entry["other"] = [stance(g, sources) for g in merge(other)]
        entry["count"] = len(items)
        out.append(entry)
    out.sort(key=lambda e: (e["actor"] is None, -e["count"]))
    n = 0
    for entry in out:
        for kind in [_plural(k) for k in KINDS] + ["other"]:
            for st in entry.get(kind, []):
                n += 1
                st["id"] = f"S{n}"
    return out


def _plural(kind: str) -> str:
    return kind + "s"


def merge(items: list[dict]) -> list[list[dict]]:
    """Stances grouped when their words largely coincide (the same demand in two outlets)."""
    groups: list[tuple[set[str], list[dict]]] = []
    for p in items:
        bag = set(content_words(p.get("text") or ""))
        home = next((g for g in groups if _overlap(bag, g[0]) >= SAME_STANCE), None)
        if home is None:
            groups.append((bag, [p]))
        else:
            home[0].update(bag)
            home[1].append(p)
    return [g[1] for g in groups]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def stance(group: list[dict], sources) -> dict[str, Any]:
    first = group[0]
    articles = list(dict.fromkeys(p["article"] for p in group))
    return {"text": first["text"], "kind": first.get("kind"), "cue": first.get("cue"),
            "sources": [{"position": p.get("id"), "article": p["article"], "start": p["start"], "end": p["end"],
                         "text": p["text"]} for p in group],
            "articles": articles, "independent_sources": sources.independent(articles)}
