"""The Dask engine: the per-article parse and the per-thread stages as tasks on a Dask cluster.

``DaskEngine(scheduler=None, workers=2)`` connects to the scheduler at ``scheduler`` or starts a ``LocalCluster``
of ``workers`` processes (one thread each) on 127.0.0.1, when first needed, and closes what it started. Parse
tasks take chunks of texts and return doc bytes (spaCy is loaded once per worker process); thread tasks are
``ThreadTask``s computed by the same ``compute_thread`` as in-process. A bounded window of tasks is in flight, so
the main process holds a few threads, not the corpus. When the cluster fails (a worker lost too often, the
scheduler gone), the rest runs in this process and ``notes`` says so: a lost worker never loses the batch.
"""
from __future__ import annotations

import logging
import warnings
from collections import deque
from typing import Iterable, Iterator

from .. import pipeline
from ..errors import MissingDependency, NewsprismError
from ..nlp import PARSE_CHUNK, _parse_chunk
from .engine import Progress, ThreadResult, ThreadTask, compute_thread

log = logging.getLogger(__name__)
INSTALL_HINT = "pip install 'newsprism[dask]'"
DEFAULT_WORKERS = 2
WINDOW_PER_WORKER = 4  # tasks in flight per worker: enough to keep it busy, few enough to bound memory
CONNECT_TIMEOUT = "10s"


def _distributed():
    try:
        import distributed
    except ImportError as e:
        raise MissingDependency(f"--engine dask needs dask.distributed; run: {INSTALL_HINT}") from e
    return distributed


def local_cluster(workers: int = DEFAULT_WORKERS, memory_limit: str | float | None = "auto"):
    """A ``LocalCluster`` of ``workers`` processes, one thread each, on 127.0.0.1 only, without a dashboard and
    quiet (only errors are logged)."""
    distributed = _distributed()
    with warnings.catch_warnings():  # another cluster on this machine holds the default HTTP port: any port does
        warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.ERROR,
                                        memory_limit=memory_limit)


class DaskEngine:
    """Parse and thread tasks on a Dask cluster (the scheduler at ``scheduler``, else a LocalCluster)."""

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        if scheduler and workers:
            raise NewsprismError("--workers sizes the local cluster; a cluster at --scheduler has its own workers")
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        _distributed()
        self.scheduler, self.workers = scheduler, workers or DEFAULT_WORKERS
        self.notes: list[str] = []
        self._cluster = self._client = None
        self._window = WINDOW_PER_WORKER * self.workers
        self._lost = False  # the cluster failed once: everything after runs in this process
        if scheduler:  # a wrong address fails now, before anything is ingested
            self.client()

    # --- the cluster, started on first use ---

    def client(self):
        if self._client is None:
            distributed = _distributed()
            if self.scheduler:
                self._client = self._connect(distributed)
            else:
                self._cluster = local_cluster(self.workers)
                self._client = distributed.Client(self._cluster, set_as_default=False)
            workers = len(self._client.scheduler_info().get("workers", {})) or self.workers
            self._window = WINDOW_PER_WORKER * workers
        return self._client

    def _connect(self, distributed):
        try:
            return distributed.Client(self.scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise NewsprismError(f"cannot reach the Dask scheduler at {self.scheduler} ({e}); start one with "
                                 "`dask scheduler`, or leave out --scheduler for a local cluster") from None

    def window(self) -> int:
        """Tasks in flight at most: ``WINDOW_PER_WORKER`` per worker of the cluster."""
        return self._window

    def close(self) -> None:
        for part in (self._client, self._cluster):
            if part is not None:
                try:
                    part.close()
                except Exception:  # a cluster that already failed may not close cleanly; nothing is lost
                    pass
        self._client = self._cluster = None

    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _fall_back(self, what: str, error: BaseException) -> None:
        """Remember that the cluster failed; the rest of the run is computed in this process."""
        if not self._lost:
            self._lost = True
            note = (f"the Dask cluster failed while {what} ({type(error).__name__}: {str(error)[:200]}); "
                    "the rest ran in this process")
            self.notes.append(note)
            log.warning(note)

    # --- the per-article parse ---

    def parses_ahead(self, n: int) -> bool:
        return n > 0

    def parse(self, items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, bytes]]:
        """Chunks of texts parsed as tasks, a bounded window in flight, results in input order."""
        window: deque = deque()
        for chunk in _chunks(items, PARSE_CHUNK):
            window.append((chunk, self._submit(_parse_chunk, [t for _, t in chunk])))
            if len(window) >= self.window():
                yield from self._parsed(*window.popleft())
        while window:
            yield from self._parsed(*window.popleft())

    def _parsed(self, chunk: list[tuple[str, str]], future) -> Iterator[tuple[str, bytes]]:
        ids = [i for i, _ in chunk]
        blobs = self._result(future, "parsing")
        if blobs is None:
            blobs = _parse_chunk([t for _, t in chunk])
        return zip(ids, blobs)

    # --- the per-thread stages ---

    def run_threads(self, tasks: Iterable[ThreadTask], stages: list[pipeline.Stage],
                    progress: Progress | None = None) -> Iterator[ThreadResult]:
        """Thread tasks on the cluster, results as they finish (a bounded window in flight); once the cluster
        has failed, the tasks not yet sent are computed here."""
        running: dict = {}  # future -> its task (computed here if the cluster fails)
        finished = None
        for task in tasks:
            future = self._submit(compute_thread, task.with_parses(), stages)  # the workers may not see the file
            if future is None:
                yield self._collected(task, None, stages, progress)
                continue
            finished = finished or _distributed().as_completed(loop=self._client.loop)
            running[future] = task
            finished.add(future)
            while len(running) >= self.window():
                future = next(finished)
                yield self._collected(running.pop(future), future, stages, progress)
        while running:
            future = next(finished)
            yield self._collected(running.pop(future), future, stages, progress)

    def _collected(self, task: ThreadTask, future, stages, progress) -> ThreadResult:
        result = self._result(future, "computing threads")
        if progress:
            progress(f"thread {task.thread}")
        return result if result is not None else compute_thread(task, stages)

    # --- submitting and collecting, with the fallback ---

    def _submit(self, fn, *args):
        """A future for ``fn(*args)`` on the cluster, or None once the cluster has failed."""
        if self._lost:
            return None
        try:
            return self.client().submit(fn, *args, pure=False)
        except NewsprismError:
            raise
        except Exception as e:
            self._fall_back("submitting work", e)
            return None

    def _result(self, future, what: str):
        """The future's result, or None when there is none (the cluster failed: compute it here)."""
        if future is None:
            return None
        try:
            return future.result()
        except Exception as e:
            self._fall_back(what, e)
            return None


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
