"""The corpus stages after cleaning, in data-flow order: reuse -> stories -> extract -> compare.

A stage is a function of the ``Report`` (the articles plus what earlier stages assigned). It declares
the report sections it requires and the ones it assigns, never calls another stage, and holds no
global state, so the same list can run in-process or partition by partition on a cluster.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from .model import Report


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


# Later issues register their stages here, in data-flow order.
STAGES: list[Stage] = []


def run_stages(report: Report, names: list[str] | None = None, progress=None) -> None:
    """Run the registered stages (or the named ones) on ``report`` in order."""
    for stage in STAGES:
        if names is not None and stage.name not in names:
            continue
        missing = [r for r in stage.requires if r not in report.sections and r != "articles"]
        if missing:
            raise RuntimeError(f"stage {stage.name} needs {missing}; run the stages that assign them first")
        if progress:
            progress(stage.name)
        stage.load()(report)
