"""The corpus stages after cleaning, in data-flow order: stories -> (per thread) reuse -> extract -> compare.

A stage is a function of the ``Report`` (the articles plus what earlier stages assigned). It declares the report
sections (and, with ``@``, the per-article fields) it requires and the ones it assigns; ``run_stages`` checks
both. A stage never calls another stage and holds no global state.

``stories`` runs over the whole corpus (incrementally, through its index). Every later stage runs once per story
thread, on a report holding only that thread's articles: a thread is the unit that is compared, stored and
recomputed when new articles touch it, and the unit a cluster runner partitions by. ``combine`` functions join
what per-thread runs found into a corpus view (e.g. coverage across outlets).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Iterable

from .errors import MissingDependency, NewsprismError
from .model import ARTICLE_FIELDS, SECTIONS, Report, StageError


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    target: str  # "module:function" taking (report: Report) -> None
    requires: tuple[str, ...] = ()  # sections, or "@field" per-article fields, that must be there
    assigns: tuple[str, ...] = ()  # what the stage writes (and nothing else)
    scope: str = "thread"  # "corpus": once over all articles; "thread": once per story thread
    combine: str | None = None  # "module:function" (report: Report) -> None over the merged threads
    # the same over stored threads read one at a time: (report, parts, assigned, names) -> None (see
    # ``combine_threads``)
    combine_threads: str | None = None
    extra: str | None = None  # the pip extra it needs, for a clear error when missing

    def load(self, target: str | None = None) -> Callable[[Report], None]:
        module, func = (target or self.target).split(":")
        return getattr(importlib.import_module(module, __package__), func)


STAGES: list[Stage] = [
    Stage("stories", "newsprism.stories.stage:run", assigns=("stories", "@story", "@thread"), scope="corpus"),
    Stage("reuse", "newsprism.reuse.stage:run", assigns=("relations", "@provenance", "@group"), extra="nlp"),
    Stage("extract", "newsprism.extract.stage:run",
          assigns=("entities", "quotes", "events", "fact_mentions", "position_mentions", "@dates", "@date_anchor"),
          extra="nlp"),
    Stage("compare", "newsprism.compare.stage:run",
          assigns=("facts", "quote_groups", "positions", "coverage", "timeline", "summary"),
          combine="newsprism.compare.stage:combine",
          combine_threads="newsprism.compare.stage:combine_threads"),
]
for _s in STAGES:  # every declared name is a known section or article field
    for _name in _s.requires + _s.assigns:
        if _name.lstrip("@") not in (ARTICLE_FIELDS if _name.startswith("@") else SECTIONS):
            raise NewsprismError(f"stage {_s.name} declares unknown {_name!r}")


def selected(names: Iterable[str] | None) -> list[Stage]:
    names = None if names is None else list(names)
    unknown = set(names or ()) - {s.name for s in STAGES}
    if unknown:
        raise NewsprismError(f"unknown stage(s) {sorted(unknown)}; the stages are {[s.name for s in STAGES]}")
    return [s for s in STAGES if names is None or s.name in names]


def run_stages(report: Report, names: list[str] | None = None, progress=None) -> None:
    """Run the registered stages (or the named ones) on ``report``: corpus stages over all of it, thread stages
    once per thread, their findings merged back, then each stage's ``combine``.

    A stage that fails (a missing optional dependency, a bug) is recorded in ``report.stage_errors`` with a
    one-line reason; the stages after it still run on what is there, so one failure never loses the report.
    """
    stages = selected(names)
    for stage in [s for s in stages if s.scope == "corpus"]:
        run_stage(stage, report, progress)
    thread_stages = [s for s in stages if s.scope == "thread"]
    if thread_stages:
        for part in partitions(report):
            run_thread(part, thread_stages, progress)
            merge(report, part)
    combine(report, thread_stages)


def combine(report: Report, stages: list[Stage] | None = None) -> None:
    """Each thread stage's ``combine`` over the merged threads (e.g. coverage across every thread's outlets),
    for the stages that assigned something and did not fail."""
    for stage in STAGES if stages is None else stages:
        if stage.combine and not _failed(report, stage) and any(n in report.sections for n in stage.assigns):
            guarded(stage, report, lambda r, s=stage: s.load(s.combine)(r))


def combine_threads(report: Report, parts, assigned: set[str], names: dict[str, str]) -> None:
    """``combine`` for a report whose finding sections stay in the store: ``report`` holds the articles and
    their fields, ``parts(sections)`` yields (thread, a report of that thread's findings of those sections) in
    report order, ``assigned`` is what the threads' stages assigned and ``names`` their entities' names."""
    for stage in STAGES:
        if stage.combine_threads and not _failed(report, stage) and any(n in assigned for n in stage.assigns):
            guarded(stage, report, lambda r, s=stage: s.load(s.combine_threads)(r, parts, assigned, names))


def run_thread(part: Report, stages: list[Stage], progress=None) -> None:
    """The thread stages on one thread's report, in order."""
    for stage in stages:
        run_stage(stage, part, progress)


def run_stage(stage: Stage, report: Report, progress=None) -> None:
    if progress:
        progress(stage.name)
    missing = [r for r in stage.requires if not _present(report, r)]
    if missing:
        report.stage_errors.append(StageError(stage.name, f"needs {', '.join(missing)}, which no stage assigned"))
        return
    before = set(report.sections)
    if guarded(stage, report, lambda r: stage.load()(r)):
        extra = set(report.sections) - before - set(stage.assigns)
        for name in extra:  # a stage writes what it declares and nothing else: the rest is dropped, and said
            del report.sections[name]
        if extra:
            report.stage_errors.append(StageError(stage.name, f"assigned undeclared sections {sorted(extra)} "
                                                              "(dropped; a bug, please report it)"))


def guarded(stage: Stage, report: Report, fn: Callable[[Report], None]) -> bool:
    """Run ``fn``; a failure becomes a StageError on the report (False), never an exception."""
    try:
        fn(report)
        return True
    except MissingDependency as e:
        report.stage_errors.append(StageError(stage.name, str(e)))
    except Exception as e:  # a bug in one stage must not lose the others' work; say so plainly
        report.stage_errors.append(StageError(stage.name, f"{type(e).__name__}: {e} (a bug; please report it)"))
    return False


def _present(report: Report, name: str) -> bool:
    if name.startswith("@"):
        return any(name[1:] in f for f in report.article_fields.values())
    return name in report.sections


def _failed(report: Report, stage: Stage) -> bool:
    return any(e.stage == stage.name for e in report.stage_errors)


UNTHREADED = "corpus"  # the one partition of articles no story holds (the stories stage did not run)


def thread_of(report: Report, article_id: str) -> str:
    """The article's thread; articles no story holds are compared together, as one corpus."""
    return report.field_of(article_id, "thread") or UNTHREADED


def partitions(report: Report, threads: set[str] | None = None) -> list[Report]:
    """One report per story thread (or only ``threads``), holding that thread's articles and article fields."""
    parts: dict[str, Report] = {}
    for a in report.articles:
        t = thread_of(report, a.id)
        if threads is not None and t not in threads:
            continue
        part = parts.setdefault(t, Report())
        part.articles.append(a)
        if a.id in report.article_fields:
            part.article_fields[a.id] = dict(report.article_fields[a.id])
        if a.id in report.parsed:
            part.parsed[a.id] = report.parsed[a.id]
    return list(parts.values())


def merge(report: Report, part: Report) -> None:
    """Add what a thread's run found to ``report``: list sections extend, article fields update."""
    for aid, fields in part.article_fields.items():
        report.article_fields.setdefault(aid, {}).update(fields)
    for name, value in part.sections.items():
        if isinstance(value, list):
            report.sections.setdefault(name, []).extend(value)
        else:
            report.sections[name] = value  # a corpus view; the stage's combine rebuilds it
    report.skipped.extend(part.skipped)
    known = {(e.stage, e.reason) for e in report.stage_errors}
    report.stage_errors.extend(e for e in part.stage_errors if (e.stage, e.reason) not in known)
