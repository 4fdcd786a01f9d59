"""Broken grammar typical of automatic spinning (synonym swaps, round-trip translation), as signals.

Each pattern is a small, common artefact of article spinners that edited prose rarely has: an article
'a' before a vowel-initial word, a full stop inside a sentence ("statement. speech"), a preposition
left dangling before punctuation ("a columnist at, say"), a hyphen detached from its compound ("win -win").
One artefact is a typo; several in one article are a pattern. Weights are small; the status rule needs
a garbled name or a density of artefacts (see ``stage.status_of``).
"""
from __future__ import annotations

import re

from ..model import Article, Signal

_ABBREV = frozenset("etc approx vs incl est govt dept corp inc ltd jan feb mar apr jun jul aug sep sept oct nov dec".split())
GRAMMAR = (
    ("spin_article", re.compile(r"\b[Aa] (?!one\b|once\b|eu|ur|us)(?=[aeioAEIO][a-z])\w+"),
     "'a' before a vowel sound: spinners swap 'an article' words without fixing the article"),
    ("spin_stray_stop", re.compile(r"\b(?P<w>[a-z]{3,})\. (?=[a-z]{2,}\b)[a-z]+"),
     "a full stop inside a sentence: a phrase was swapped and the old ending kept"),
    ("spin_dangling", re.compile(r"\b(?:at|of|from|with|the|an)(?=[,;])"),
     "a preposition or article left before punctuation: a word was dropped"),
    ("spin_hyphen", re.compile(r"\b\w+ -(?=[a-z])\w+"),
     "a hyphen detached from its compound"),
)


def grammar_signals(article: Article) -> list[Signal]:
    out = []
    for kind, pattern, why in GRAMMAR:
        for m in pattern.finditer(article.text):
            if kind == "spin_stray_stop" and m.group("w") in _ABBREV:
                continue
            out.append(Signal(kind, m.group(0), m.start(), m.end(), why, 0.5))
    return out


def artefact_rate(article: Article, signals: list[Signal]) -> float:
    """Grammar artefacts per 1,000 words."""
    words = max(1, len(article.text.split()))
    return 1000.0 * sum(1 for s in signals if s.kind.startswith("spin_")) / words
