"""Sources of a fact: the article-level independent groups and provenance the reuse stage left, and per-fact
independence from the passages it aligned (two articles sharing a copied paragraph are one source only for what
that paragraph states)."""
from __future__ import annotations

from typing import Iterable

from .claims import Claim


class Sources:
    """Independent-source groups and provenance of articles, as the reuse stage left them."""

    def __init__(self, fields: dict[str, dict], order: dict[str, int]):
        self.group = {aid: str(f.get("group") or aid) for aid, f in fields.items()}
        self.status = {aid: (f.get("provenance") or {}).get("status") for aid, f in fields.items()}
        self.order = order

    def independent(self, articles: Iterable[str]) -> int:
        return len({self.group.get(a, a) for a in articles})

    def support(self, articles: list[str]) -> str:
        """strong (2+ independent sources), single, or weak (only copied or spun text)."""
        if self.independent(articles) >= 2:
            return "strong"
        return "weak" if all(self.status.get(a) in ("spun", "copy") for a in articles) else "single"


class CopiedPassages:
    """Which stretches of two articles the reuse stage aligned as shared text (``Relation.passages``)."""

    def __init__(self, relations: list):
        self.pairs: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
        self.partners: dict[str, set[str]] = {}
        for r in relations or []:
            spans = [(p.a_start, p.a_end, p.b_start, p.b_end) for p in r.passages]
            if spans:
                self.pairs[(r.a, r.b)] = spans
                self.pairs[(r.b, r.a)] = [(b0, b1, a0, a1) for a0, a1, b0, b1 in spans]
                self.partners.setdefault(r.a, set()).add(r.b)
                self.partners.setdefault(r.b, set()).add(r.a)

    def copied(self, a: Claim, b: Claim) -> bool:
        """Whether the sentence stating ``a`` and the one stating ``b`` are one shared passage."""
        for a0, a1, b0, b1 in self.pairs.get((a.article, b.article), ()):
            if _covers(a0, a1, a.sentence, a) and _covers(b0, b1, b.sentence, b):
                return True
        return False

    def independent(self, group: list[Claim], texts: dict[str, str]) -> int:
        """Groups of articles whose sentences stating the fact are not copies of each other."""
        by_article: dict[str, list[Claim]] = {}
        for c in group:
            by_article.setdefault(c.article, []).append(c)
        arts = list(by_article)
        parent = {a: a for a in arts}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        for x in arts:  # only pairs the reuse stage related: never every pair of a large group
            for y in self.partners.get(x, set()) & by_article.keys():
                if x < y and any(self.copied(a, b) for a in by_article[x] for b in by_article[y]):
                    parent[find(y)] = find(x)
        return len({find(a) for a in arts})


def _covers(start: int, end: int, sentence: tuple, c: Claim) -> bool:
    """A passage covers the statement: the value and most of its sentence."""
    s0, s1 = sentence if sentence != (0, 0) else (c.start, c.end)
    if not (start <= c.start and c.end <= end):
        return False
    inside = max(0, min(end, s1) - max(start, s0))
    return inside >= 0.6 * max(1, s1 - s0)
