"""The engine seam of ``corpus.update``: what runs the per-article parse and the per-thread stages.

A thread's work travels as a ``ThreadTask``: a ``Report`` holding the thread's articles and article fields, and
the cached parses as bytes (spaCy Docs are never pickled; ``compute_thread`` rebuilds them where it runs). It comes
back as a ``ThreadResult``: the thread's report with its findings, and the parses the run had to make, as bytes,
for the store's cache. Both engines call the same ``compute_thread``, so they compute the same findings.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol

from .. import pipeline
from ..errors import NewsprismError
from ..model import Report

Progress = Callable[[str], None]
ENGINES = ("local", "dask")


@dataclass(slots=True)
class ThreadTask:
    """One story thread to compute: its articles and fields (``report``), and cached parses by article id — or,
    when the store is a file this machine's workers can open (``store``), none: ``compute_thread`` reads them from
    there, a chunk at a time, so the process handing out the tasks never holds them (two large threads in flight
    were 0.4 GB of parse bytes in it at 10,000 articles)."""

    thread: str
    report: Report
    parses: dict[str, bytes] = field(default_factory=dict)
    store: str | None = None

    def with_parses(self) -> "ThreadTask":
        """The task carrying its parses itself (for workers that cannot open the store: a cluster's)."""
        if self.store and not self.parses:
            from ..store import Store

            with Store(self.store, readonly=True) as store:
                self.parses = store.parse_bytes(a.id for a in self.report.articles)
        return self


@dataclass(slots=True)
class ThreadResult:
    """A computed thread: ``report`` with the stages' findings (no Docs) and the parses made on the way."""

    thread: str
    report: Report
    new_parses: list[tuple[str, bytes]] = field(default_factory=list)


def compute_thread(task: ThreadTask, stages: list[pipeline.Stage], progress: Progress | None = None) -> ThreadResult:
    """``pipeline.run_thread`` on the task's report, its Docs decoded from the parse bytes as the stages ask."""
    from ..nlp import Parses

    part = task.report
    part.parsed = Parses(part.parsed)
    for parses in _parse_chunks(task):  # decoded when a stage asks for the Doc (each Doc is several times its
        part.cached.update(parses)      # bytes: 188 MB of bytes for a 1,222-article thread)
        part.parsed.add_bytes(parses)
    pipeline.run_thread(part, stages, progress)
    new = [(aid, doc) for aid, doc in part.parsed.items() if aid not in part.cached]
    if new:
        from ..nlp import doc_to_bytes

        new = [(aid, doc_to_bytes(doc)) for aid, doc in new]
    part.parsed, part.cached, part.date_heads = {}, set(), {}
    part.known_pairs, part.known_readings, part.known_signals = {}, {}, {}  # what came in goes no further
    return ThreadResult(task.thread, part, new)


def _parse_chunks(task: ThreadTask, size: int = 64) -> Iterator[dict[str, bytes]]:
    """The task's cached parses: those it carries, else read from its store file ``size`` articles at a time."""
    if task.parses:
        parses, task.parses = task.parses, {}
        yield parses
    elif task.store:
        from ..store import Store

        ids = [a.id for a in task.report.articles]
        with Store(task.store, readonly=True) as store:
            for i in range(0, len(ids), size):
                yield store.parse_bytes(ids[i:i + size])


class Engine(Protocol):
    """Runs ``corpus.update``'s parallel parts; results stream back to the caller, which stores them."""

    notes: list[str]  # what a user should know about the run (a lost worker, work moved back in-process)

    def parses_ahead(self, n: int) -> bool:
        """Whether ``n`` unparsed articles should be parsed before the threads run (else the stages parse)."""

    def parse(self, items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
        """``(article id, doc bytes)`` for ``(article id, text)`` items, in order."""

    def run_threads(self, tasks: Iterable[ThreadTask], stages: list[pipeline.Stage],
                    progress: Progress | None = None) -> Iterator[ThreadResult]:
        """Each task computed; results in any order (each says its thread)."""

    def close(self) -> None:
        """Release workers and connections."""


PARSE_AHEAD_MIN = 16  # fewer articles than this are parsed in-process: starting workers costs ~2 s
THREAD_POOL_MIN = 4  # fewer threads to compute than this are computed in-process (a worker loads spaCy: ~2 s)


class InProcess:
    """The default engine: with ``jobs`` > 1, parses and story threads on that many local worker processes each
    (the parse runs beside the threads); with one job, everything here."""

    def __init__(self, jobs: int = 1):
        self.jobs, self.notes = jobs, []

    def parses_ahead(self, n: int) -> bool:
        return self.jobs > 1 and n >= PARSE_AHEAD_MIN

    def parse(self, items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
        from ..nlp import parse_parallel

        return parse_parallel(list(items), self.jobs)

    def run_threads(self, tasks: Iterable[ThreadTask], stages: list[pipeline.Stage],
                    progress: Progress | None = None) -> Iterator[ThreadResult]:
        """With ``jobs`` > 1 and at least ``THREAD_POOL_MIN`` threads: on ``jobs`` worker processes, results as
        they finish (a bounded window of tasks in flight); otherwise here, one after another."""
        tasks = iter(tasks)
        first = list(itertools.islice(tasks, THREAD_POOL_MIN)) if self.jobs > 1 else []
        if len(first) < THREAD_POOL_MIN:
            return (compute_thread(task, stages, progress) for task in itertools.chain(first, tasks))
        return self._pooled(itertools.chain(first, tasks), stages, progress)

    def _pooled(self, tasks: Iterator[ThreadTask], stages: list[pipeline.Stage],
                progress: Progress | None) -> Iterator[ThreadResult]:
        """Thread tasks on worker processes. The workers start from a fork server (a clean process: this one
        runs the parse-ahead thread, and forking a threaded process can deadlock the child), load spaCy once
        each, and rebuild the Docs from the task's parse bytes. A worker that dies (out of memory) ends the
        pool: its task and the rest are computed here, and the run says so."""
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        running: dict = {}  # future -> its task
        broken = False

        def lost() -> None:
            nonlocal broken
            if not broken:
                broken = True
                self.notes.append("a worker process computing story threads ended early (out of memory, or a "
                                  "script calling newsprism without a __main__ guard); the rest ran in this process")

        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"  # Windows
        with ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method)) as pool:
            def collect(futures):
                for future in futures:
                    task = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        lost()
                        result = compute_thread(task, stages)
                    if progress:
                        progress(f"thread {task.thread}")
                    yield result

            for task in tasks:
                if broken:
                    yield compute_thread(task, stages, progress)
                    continue
                try:
                    running[pool.submit(compute_thread, task, stages)] = task
                except BrokenProcessPool:
                    lost()
                    yield compute_thread(task, stages, progress)
                    continue
                while len(running) > self.jobs:  # one task queued beyond the running ones keeps the workers busy
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    yield from collect(done)
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                yield from collect(done)

    def close(self) -> None:
        pass

    def __enter__(self) -> "InProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def engine_named(name: str, jobs: int = 1, scheduler: str | None = None, workers: int | None = None):
    """The engine ``name`` ("local" or "dask"); ``scheduler`` / ``workers`` only apply to "dask"."""
    if name == "dask":
        from .cluster import DaskEngine

        return DaskEngine(scheduler, workers)
    if name != "local":
        raise NewsprismError(f"unknown engine {name!r}; the engines are {', '.join(ENGINES)}")
    if scheduler or workers:
        raise NewsprismError("--scheduler and --workers need --engine dask")
    return InProcess(jobs)
