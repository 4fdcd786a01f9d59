"""Threads: how the stories of one thread continue one another.

The stories stage puts stories about the same actors over time in one thread (a trip being planned, then the
trip; a crime, the arrest, the trial, the verdict). ``link`` orders a thread's stories by their first article's
day and says, for each story after the first, which story it ``follows``, the ``gap_days`` between them and the
``relation``, read from the words of the two stories' titles (and first lines):

- ``announced -> happened``: the earlier story is about a plan (plans, will, to visit, expected, scheduled), the
  later one about the thing done;
- the steps of a case: ``crime -> arrest``, ``arrest -> charge``, ``charge -> trial``, ``trial -> verdict``,
  ``verdict -> sentence`` (any earlier step before a later one, e.g. ``crime -> verdict``);
- ``continues`` otherwise.

General English newsroom words only; nothing here names a particular story.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Callable

from ..model import Story

PLAN_WORDS = re.compile(r"\b(plans?|planned|planning|will|to (?:visit|travel|meet|hold|go)|expected|scheduled|"
                        r"set to|due to|upcoming|prepares?|preparing|announces?|announced)\b", re.I)
# The steps of a case, in order; a story's step is the latest one its words name.
CASE_STEPS: list[tuple[str, re.Pattern]] = [
    ("crime", re.compile(r"\b(kill(?:ed|ing|s)?|murder(?:ed|s)?|shooting|shot|stabb(?:ed|ing)|attack(?:ed|s)?|"
                         r"robbery|robbed|kidnapp(?:ed|ing)|fraud|theft|stole|assault(?:ed)?|bombing)\b", re.I)),
    ("arrest", re.compile(r"\b(arrest(?:ed|s)?|detain(?:ed|s)?|custody|captured|apprehended|held)\b", re.I)),
    ("charge", re.compile(r"\b(charg(?:ed|es)|indict(?:ed|ment)|accused of|prosecutors? (?:file|seek))\b", re.I)),
    ("trial", re.compile(r"\b(trial|testif(?:y|ied|ies)|jury|court hears|pleads?|pleaded)\b", re.I)),
    ("verdict", re.compile(r"\b(convicts?|convicted|conviction|acquit(?:s|ted|tal)?|verdict|found guilty|found not guilty)\b",
                           re.I)),
    ("sentence", re.compile(r"\b(sentenc(?:ed|e|ing)|jailed|years in prison|life in prison|death penalty)\b", re.I)),
]


def case_step(text: str) -> int | None:
    """The index in ``CASE_STEPS`` of the latest step ``text`` names, else None."""
    hits = [i for i, (_, rx) in enumerate(CASE_STEPS) if rx.search(text)]
    return max(hits) if hits else None


def relation(earlier: str, later: str) -> str:
    """How the story told by ``later`` continues the one told by ``earlier`` (titles or first lines)."""
    a, b = case_step(earlier), case_step(later)
    if a is not None and b is not None and b > a:
        return f"{CASE_STEPS[a][0]} -> {CASE_STEPS[b][0]}"
    if PLAN_WORDS.search(earlier) and not PLAN_WORDS.search(later):
        return "announced -> happened"
    return "continues"


def link(stories: list[Story], day_of: Callable[[str], date | None],
         text_of: Callable[[Story], str] | None = None) -> list[Story]:
    """Set ``follows``, ``relation`` and ``gap_days`` on every story after the first of its thread.

    ``day_of`` gives an article's publication day (None when undated); ``text_of`` the words a story is judged
    by (default: its title)."""
    text_of = text_of or (lambda s: s.title)
    threads: dict[str, list[Story]] = {}
    for s in stories:
        threads.setdefault(s.thread, []).append(s)
    for members in threads.values():
        ordered = sorted(members, key=lambda s: (_first_day(s, day_of) or date.max, s.id))
        for prev, story in zip(ordered, ordered[1:]):
            story.follows = prev.id
            story.relation = relation(text_of(prev), text_of(story))
            a, b = _first_day(prev, day_of), _first_day(story, day_of)
            story.gap_days = (b - a).days if a and b else None
    return stories


def _first_day(story: Story, day_of: Callable[[str], date | None]) -> date | None:
    days = [d for d in (day_of(a) for a in story.articles) if d is not None]
    return min(days) if days else None
