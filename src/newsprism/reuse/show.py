"""Relations as text for people: the aligned passages of two articles side by side (for ``newsprism reuse``)."""
from __future__ import annotations

import textwrap
from typing import Any, Iterable, Mapping


def _column(text: str, width: int) -> list[str]:
    return textwrap.wrap(" ".join(text.split()), width) or [""]


def side_by_side(left: str, right: str, width: int = 60) -> list[str]:
    """Two texts wrapped into columns of ``width`` characters, separated by ' | '."""
    a, b = _column(left, width), _column(right, width)
    a += [""] * (len(b) - len(a))
    b += [""] * (len(a) - len(b))
    return [f"{x:<{width}} | {y}" for x, y in zip(a, b)]


def describe(rel: Mapping[str, Any], texts: Mapping[str, str], names: Mapping[str, str] | None = None,
             width: int = 60, max_passages: int = 5) -> list[str]:
    """A relation (report dict) as lines: header, then up to ``max_passages`` aligned passages."""
    names = names or {}
    a, b = rel["a"], rel["b"]
    original = rel.get("original")
    head = f"{names.get(a, a)} ~ {names.get(b, b)}: {rel['kind']} (score {rel['score']:.2f})"
    if original:
        head += f", original: {names.get(original, original)}"
    lines = [head]
    for p in rel.get("passages", [])[:max_passages]:
        lines.append("")
        lines += side_by_side(texts[a][p["a_start"]:p["a_end"]], texts[b][p["b_start"]:p["b_end"]], width)
    more = len(rel.get("passages", [])) - max_passages
    if more > 0:
        lines.append(f"... {more} more passages")
    return lines


def describe_all(relations: Iterable[Mapping[str, Any]], texts: Mapping[str, str],
                 names: Mapping[str, str] | None = None, copies_only: bool = False, width: int = 60) -> list[str]:
    """Every relation, copies first (by score), as lines."""
    order = {"duplicate": 0, "syndicated": 1, "rewrite": 2, "partial": 3, "independent": 4}
    rels = sorted(relations, key=lambda r: (order.get(r["kind"], 9), -r["score"]))
    out: list[str] = []
    for rel in rels:
        if copies_only and rel["kind"] == "independent":
            continue
        out += describe(rel, texts, names, width) + ["", "-" * (2 * width + 3)]
    return out
