"""Sparse term vectors with an inverse document frequency that is updated one document at a time."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Vector = dict[str, float]


@dataclass(slots=True)
class OnlineIdf:
    """Document frequencies of a growing corpus; ``idf`` is smoothed so that unseen terms get the largest weight."""

    n_docs: int = 0
    df: dict[str, int] = field(default_factory=dict)

    def add(self, terms: Vector) -> None:
        self.n_docs += 1
        for t in terms:
            self.df[t] = self.df.get(t, 0) + 1

    def idf(self, term: str) -> float:
        return math.log((1 + self.n_docs) / (1 + self.df.get(term, 0))) + 1.0

    def to_state(self) -> dict[str, Any]:
        return {"n_docs": self.n_docs, "df": self.df}

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> "OnlineIdf":
        return cls(int(state["n_docs"]), {k: int(v) for k, v in state["df"].items()})


def unit(vector: Vector) -> Vector:
    """``vector`` scaled to length 1 (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def add_into(total: Vector, vector: Vector) -> None:
    for k, v in vector.items():
        total[k] = total.get(k, 0.0) + v


def subtract_from(total: Vector, vector: Vector) -> None:
    """Undo ``add_into``; weights that drop to (about) zero are removed."""
    for k, v in vector.items():
        left = total.get(k, 0.0) - v
        if abs(left) > 1e-9:
            total[k] = left
        else:
            total.pop(k, None)


def weighted_norm(vector: Vector, idf: OnlineIdf) -> float:
    """Length of ``vector`` with every weight multiplied by its term's idf."""
    return math.sqrt(sum((v * idf.idf(k)) ** 2 for k, v in vector.items()))


def idf_squared(vector: Vector, idf: OnlineIdf) -> tuple[Vector, float]:
    """``vector`` with weights times idf squared (ready for ``dot`` with raw centroids), and its idf-weighted norm."""
    weights = {k: v * idf.idf(k) for k, v in vector.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {k: w * idf.idf(k) for k, w in weights.items()}, norm


def dot(query: Vector, other: Vector) -> float:
    return sum(v * other[k] for k, v in query.items() if k in other)


def top_terms(vector: Vector, idf: OnlineIdf, k: int) -> list[str]:
    """The ``k`` terms of ``vector`` with the largest tf-idf weight (ties broken by the term, for stability)."""
    return sorted(vector, key=lambda t: (-vector[t] * idf.idf(t), t))[:k]
