"""The corpus stages after cleaning, in data-flow order: reuse -> stories -> extract -> compare.

A stage is a function of the ``Report`` (the articles plus what earlier stages assigned). It declares
the report sections it requires and the ones it assigns, never calls another stage, and holds no
global state, so the same list can run in-process or partition by partition on a cluster.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from .errors import MissingDependency, NewsprismError
from .model import Report, StageError


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    target: str  # "module:function" taking (report: Report) -> None
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    extra: str | None = None  # the pip extra it needs, for a clear error when missing

    def load(self) -> Callable[[Report], None]:
        module, func = self.target.split(":")
        return getattr(importlib.import_module(module, __package__), func)


# In data-flow order: reuse -> stories -> extract -> compare.
STAGES: list[Stage] = [
    Stage("reuse", "newsprism.reuse.stage:run", assigns=("relations",), extra="nlp"),
    Stage("stories", "newsprism.stories.stage:run", assigns=("stories",)),
    Stage("extract", "newsprism.extract.stage:run", assigns=("entities", "quotes", "events", "facts", "positions"),
          extra="nlp"),
    Stage("compare", "newsprism.compare.stage:run",
          assigns=("facts", "fact_mentions", "quote_groups", "positions", "position_mentions", "coverage",
                   "timeline", "summary")),
]


def run_stages(report: Report, names: list[str] | None = None, progress=None) -> None:
    """Run the registered stages (or the named ones) on ``report`` in order.

    A stage that fails (a missing optional dependency, a bug) is recorded in ``report.stage_errors`` with a
    one-line reason; the stages after it still run on what is there, so one failure never loses the report.
    """
    unknown = set(names or ()) - {s.name for s in STAGES}
    if unknown:
        raise NewsprismError(f"unknown stage(s) {sorted(unknown)}; the stages are {[s.name for s in STAGES]}")
    for stage in STAGES:
        if names is not None and stage.name not in names:
            continue
        if progress:
            progress(stage.name)
        try:
            stage.load()(report)
        except MissingDependency as e:
            report.stage_errors.append(StageError(stage.name, str(e)))
        except Exception as e:  # a bug in one stage must not lose the others' work; say so plainly
            report.stage_errors.append(StageError(stage.name, f"{type(e).__name__}: {e} (a bug; please report it)"))
