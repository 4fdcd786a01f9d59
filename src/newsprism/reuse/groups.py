"""Independent-source groups: copies collapse onto their origin, so later counts count groups, not articles."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..model import COPY_KINDS, Relation


def _field(rel: Relation | Mapping[str, Any], name: str) -> Any:
    return rel[name] if isinstance(rel, Mapping) else getattr(rel, name)


def independent_groups(relations: Iterable[Relation | Mapping[str, Any]], article_ids: Iterable[str]) -> dict[str, str]:
    """``{article_id: group_id}``: articles joined by any copy relation (duplicate, syndicated, partial,
    rewrite) share a group; ``independent`` relations do not join. A group is named after its likely
    original when the relations name one, else after its smallest article id. Accepts ``Relation``
    objects or their report dicts.
    """
    ids = list(dict.fromkeys(article_ids))
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    originals: set[str] = set()
    for rel in relations:
        a, b = _field(rel, "a"), _field(rel, "b")
        if _field(rel, "kind") not in COPY_KINDS or a not in parent or b not in parent:
            continue
        parent[find(a)] = find(b)
        if _field(rel, "original"):
            originals.add(_field(rel, "original"))
    members: dict[str, list[str]] = {}
    for i in ids:
        members.setdefault(find(i), []).append(i)
    out = {}
    for group in members.values():
        heads = sorted(i for i in group if i in originals) or sorted(group)
        for i in group:
            out[i] = heads[0]
    return out
