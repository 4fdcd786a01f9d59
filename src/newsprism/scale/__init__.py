"""The same stages on a distributed engine.

An engine runs the two parallel parts of ``corpus.update``: the per-article parse (``Engine.parse``) and the
per-thread stages (``Engine.run_threads``). ``InProcess`` (the default) parses in ``--jobs`` local processes and
runs the threads one after another; ``scale.cluster.DaskEngine`` runs both as tasks on a Dask cluster. Either way
the main process places articles in stories (sequential by design) and writes every result to the store.
``scale.copies`` finds MinHash/LSH candidate pairs over a Dask collection of documents without a global index.
"""
from __future__ import annotations

from .engine import ENGINES, Engine, InProcess, ThreadResult, ThreadTask, compute_thread, engine_named

__all__ = ["ENGINES", "Engine", "InProcess", "ThreadResult", "ThreadTask", "compute_thread", "engine_named"]
