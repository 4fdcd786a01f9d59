"""The compare stage's corpus views — coverage across every thread's outlets and the timelines — built from one
thread's findings at a time, so a stored corpus's report is assembled without all its findings in memory.

Each thread computed its views from its own articles only; these are built again over the whole report: the
coverage rows of every thread against every outlet, each thread's timeline as this version ranks it, and, when the
report holds several threads, the days of all of them as one timeline (``thread == "corpus"``): a developing story
the stories stage split into many threads is still told day by day. Never stored; building them again gives the
same sections.
"""
from __future__ import annotations

from ..model import ActorPositions, Coverage, Event, FactGroup, QuoteGroup, Report, TimelineEntry
from .coverage import assembled, coverage_rows, outlet_names
from .timeline import CORPUS, dated, timeline


class CorpusViews:
    """Feed it each thread's findings (``add_coverage``, ``add_thread``); then read ``coverage`` and ``timeline``.
    ``report`` holds the articles and their fields (its finding sections are not read)."""

    def __init__(self, report: Report, names: dict[str, str], sources):
        self.report, self.names, self.sources = report, names, sources
        self.outlet = outlet_names(report)
        self.rows: tuple[list, list, list] = ([], [], [])  # fact, quote and stance rows, in the order fed
        self.members: dict[str | None, list] = {}  # thread -> its articles, in report order
        for a in report.articles:
            self.members.setdefault(report.field_of(a.id, "thread"), []).append(a)
        self.timelines: dict[str | None, list[TimelineEntry]] = {}
        self.days: list[tuple[list[Event], list[FactGroup]]] = []  # what each thread adds to the corpus days

    def add_coverage(self, facts: list[FactGroup], quote_groups: list[QuoteGroup],
                     ledger: list[ActorPositions]) -> None:
        for rows, more in zip(self.rows, coverage_rows(facts, quote_groups, ledger, self.outlet, self.sources)):
            rows.extend(more)

    def add_thread(self, thread: str | None, events: list[Event], facts: list[FactGroup]) -> None:
        """One thread's timeline from its events and fact groups."""
        arts = self.members.get(thread, [])
        dates = {a.id: self.report.field_of(a.id, "dates") or [] for a in arts}
        self.timelines[thread] = timeline(events, facts, self.names, self.sources, thread, arts, dates)

    def add_days(self, events: list[Event], facts: list[FactGroup]) -> None:
        """Events and fact groups for the corpus days, fed in report order (a thread's, or all at once)."""
        self.days.append(dated(events, facts))

    def coverage(self) -> Coverage:
        return assembled(self.report, [r for rows in self.rows for r in rows], self.outlet)

    def timeline(self) -> list[TimelineEntry]:
        """Every thread's timeline (in report order of its first article), then the corpus days."""
        out: list[TimelineEntry] = []
        for thread in self.members:
            if thread not in self.timelines:  # a thread no findings were fed for: its articles' own dates
                self.add_thread(thread, [], [])
            out += self.timelines[thread]
        if len(self.members) > 1:
            events = [e for evs, _ in self.days for e in evs]
            facts = [f for _, fs in self.days for f in fs]
            dates = {a.id: self.report.field_of(a.id, "dates") or [] for a in self.report.articles}
            out += timeline(events, facts, self.names, self.sources, CORPUS, list(self.report.articles), dates)
        return out
