"""The positions ledger: per actor, the demands, commitments, red lines, agreements and refusals, each with the
articles that report it. The same stance reported by several outlets is one ledger line with several sources.
"""
from __future__ import annotations

from ..model import STANCE_KINDS, ActorPositions, Position, Stance, StanceSource, finding_id
from .text import content_words

SAME_STANCE = 0.5  # share of the shorter statement's content words found in the other
KINDS = STANCE_KINDS


def ledger(positions: list[Position], names: dict[str, str], sources,
           thread: str | None = None) -> list[ActorPositions]:
    """One ``ActorPositions`` per actor (stances by kind), actors with the most stances first; stances of no
    known actor last."""
    by_actor: dict[str, list[Position]] = {}
    for p in positions:
        by_actor.setdefault(p.actor or "", []).append(p)
    out = [actor_positions(actor or None, items, names, sources, thread) for actor, items in by_actor.items()]
    out.sort(key=lambda e: (e.actor is None, -e.count))
    return out


def actor_positions(actor: str | None, items: list[Position], names: dict[str, str], sources,
                    thread: str | None) -> ActorPositions:
    """The ledger entry of one actor: its positions merged into stances, by kind."""
    entry = ActorPositions(actor, names.get(actor) if actor else None, count=len(items), thread=thread)
    for kind in KINDS:
        setattr(entry, _plural(kind), [stance(g, sources) for g in merge([p for p in items if p.kind == kind])])
    entry.other = [stance(g, sources) for g in merge([p for p in items if p.kind not in KINDS])]
    return entry


def _plural(kind: str) -> str:
    return kind + "s"


def merge(items: list[Position]) -> list[list[Position]]:
    """Stances grouped when their words largely coincide (the same demand in two outlets)."""
    groups: list[tuple[set[str], list[Position]]] = []
    for p in items:
        bag = set(content_words(p.text or ""))
        home = next((g for g in groups if _overlap(bag, g[0]) >= SAME_STANCE), None)
        if home is None:
            groups.append((bag, [p]))
        else:
            home[0].update(bag)
            home[1].append(p)
    return [g[1] for g in groups]


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def stance(group: list[Position], sources) -> Stance:
    """One ledger line in the words of the earliest source; its id derives from that source's position."""
    group = sorted(group, key=lambda p: (sources.order.get(p.article, 0), p.start))
    first = group[0]
    articles = list(dict.fromkeys(p.article for p in group))
    return Stance(finding_id("st", first.id), first.text, first.kind, first.cue,
                  [StanceSource(p.id, p.article, p.start, p.end, p.text) for p in group],
                  articles, sources.independent(articles))
