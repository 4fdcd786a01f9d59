"""Incremental analysis of a stored corpus: new articles join stories through the stored story index, and only
the story threads whose articles changed are analysed again; everything else stays as stored.

A thread is computed from its member articles alone (the thread stages of ``pipeline``), so the stored corpus
after any sequence of incremental runs equals a batch run over the same articles arriving in the same order. The
store remembers each thread's member set; a thread whose set changed, or that a crash left unwritten, is
computed again on the next run, and a thread that no longer exists is deleted.
"""
from __future__ import annotations

import os
import queue
import threading
from dataclasses import dataclass, field
from typing import Callable

from . import pipeline
from .model import Report
from .scale.engine import Engine, InProcess, ThreadTask
from .store import Store
from .store.findings import members_key

STORY_STATE = "story_index"


@dataclass(slots=True)
class Update:
    """What one update of the corpus did."""

    added: list[str] = field(default_factory=list)  # articles that joined the story index
    computed: list[str] = field(default_factory=list)  # threads analysed again
    deleted: list[str] = field(default_factory=list)  # threads that no longer exist
    stage_errors: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the engine said (a lost worker, work moved in-process)


def update(store: Store, stages: list[str] | None = None, progress: Callable[[str], None] | None = None,
           run_id: int | None = None, jobs: int = 1, engine: Engine | None = None) -> Update:
    """Bring the stored findings up to date with the stored articles. ``engine`` runs the parallel parts (default:
    ``InProcess(jobs)``: with ``jobs`` > 1 the articles of the threads to compute are parsed by that many worker
    processes into the store's parse cache, while this process places the new articles in stories and computes
    each thread whose parses are in); results are written here."""
    engine = engine or InProcess(jobs)
    selected = pipeline.selected(stages)
    thread_stages = [s for s in selected if s.scope == "thread"]
    ahead = ParseAhead(store, engine, progress) if any(s.name in PARSING_STAGES for s in thread_stages) else None
    done = Update()
    try:
        if any(s.name == "stories" for s in selected):
            if ahead:  # the new articles are parsed while they are placed in stories
                ahead.start(store.unplaced())
            _place_articles(store, done)
            threads = store.thread_members()
        else:
            threads = _solo_threads(store)
        stored = store.thread_keys()
        todo = sorted(t for t, members in threads.items() if stored.get(t) != members_key(members))
        done.deleted = sorted(set(stored) - set(threads))
        store.delete_threads(done.deleted)
        if ahead:
            ahead.start(sorted({a for t in todo for a in threads[t]}))
        _compute(store, {t: threads[t] for t in todo}, thread_stages, engine, done, progress, run_id, ahead)
    except BaseException:
        if ahead:
            ahead.abandon()
        raise
    if ahead:
        ahead.close()
    done.notes = list(engine.notes)
    return done


def _compute(store: Store, todo: dict[str, set[str]], stages: list, engine: Engine, done: Update,
             progress: Callable[[str], None] | None, run_id: int | None, ahead: "ParseAhead | None" = None) -> None:
    """Each thread of ``todo`` computed on ``engine`` and written as it comes back; ``done`` lists them (and
    their stage errors and skips) in thread order, whatever order the engine finished them in. With ``ahead``,
    threads go to the engine in the order their parses come in, each once its articles' parses are stored."""
    def tasks():
        for thread in sorted(todo, key=ahead.rank_of(todo)) if ahead else todo:
            if ahead:
                ahead.wait_for(todo[thread])
            yield _thread_task(store, thread, todo[thread])

    said: dict[str, tuple[list, list]] = {}  # thread -> its stage errors and skips (not its findings: memory)
    for result in engine.run_threads(tasks(), stages, progress):
        store.save_thread(result.thread, result.report, run_id, result.new_parses)
        said[result.thread] = (result.report.stage_errors, result.report.skipped)
    for thread in (t for t in todo if t in said):
        errors, skipped = said[thread]
        done.computed.append(thread)
        done.stage_errors += [e for e in errors if str(e) not in map(str, done.stage_errors)]
        done.skipped += skipped


PARSING_STAGES = ("reuse", "extract")  # the thread stages that read spaCy parses
PARSE_BATCH = 64  # parses written per transaction; texts read per query
PARSE_QUEUE = 256  # parses that may wait for this process to store them (~110 KB each on news text)


class ParseAhead:
    """The articles' parses made on ``engine``'s workers while this process does other work (placing the new
    articles in stories, computing the threads whose parses are in), stored as they arrive.

    With a database file a background thread stores the parses itself, a batch at a time through its own
    connection, so the parse never waits for this process: while 10,000 articles were placed in stories
    (minutes of this process's time) the workers used to idle behind a full queue that only ``wait_for``
    emptied. An in-memory database has one connection: there the background thread collects into a bounded
    queue (a slow consumer stops the parse rather than letting parses pile up in memory) and ``wait_for``
    stores what has arrived. At 1,000 dev articles on 2 cores parsing ahead took ``analyze --jobs 2`` from
    130 s (0.95x bare spaCy) to 111 s (1.15x; bench/bench_pipeline.py); the writer thread took the 10,000-article
    build from 2,860 to 2,234 s on the same machine (bench/README.md)."""

    def __init__(self, store: Store, engine: Engine, progress: Callable[[str], None] | None = None):
        self.store, self.engine, self.progress = store, engine, progress
        self.order: dict[str, int] = {}  # queued article -> its place in the parse order
        self.arrived: set[str] = set()  # stored (a writer thread adds to it under ``changed``)
        self.results: queue.Queue = queue.Queue(maxsize=PARSE_QUEUE)
        self.changed = threading.Condition()
        self.writes = store.path != ":memory:"  # the background thread stores the parses itself
        self.worker: threading.Thread | None = None
        self.finished = True
        self.error: BaseException | None = None
        self.rows: list[tuple[str, bytes]] = []
        self.stopping = False
        self.told = 0  # stored parses the progress callback was last told of

    def start(self, article_ids: list[str]) -> None:
        """Queue the parse of those of ``article_ids`` that have no cached parse and are not queued yet (when
        the engine parses ahead at all). A second batch waits for the first one to be stored."""
        try:
            todo = [a for a in self.store.unparsed(article_ids) if a not in self.order]
        except Exception:  # no spaCy: the stages say so themselves
            return
        if not todo or not self.engine.parses_ahead(len(todo)):
            return
        self.close()
        for aid in todo:
            self.order[aid] = len(self.order)
        # The engine starts its workers here, in the caller's thread (forking from another thread may deadlock
        # the children); the background thread only collects (and, with a file, stores).
        parsed = self.engine.parse(list(_texts(self.store, todo)))
        self.finished, self.error = False, None
        self.worker = threading.Thread(target=self._write if self.writes else self._collect, args=(iter(parsed),),
                                       daemon=True, name="newsprism-parse-ahead")
        self.worker.start()

    def _write(self, parsed) -> None:
        """The background thread with a database file: store the parses a batch at a time as they arrive."""
        writer, rows = None, []
        try:
            writer = Store(self.store.path)
            for item in parsed:
                if self.stopping:
                    break
                rows.append(item)
                if len(rows) >= PARSE_BATCH:
                    self._stored(writer, rows)
                    rows = []
            if not self.stopping:
                self._stored(writer, rows)
        except BaseException as e:  # raised again where the parses are waited for
            self.error = e
        finally:
            getattr(parsed, "close", lambda: None)()  # ends the engine's parse (its workers) now
            if writer is not None:
                writer.close()
            with self.changed:
                self.finished = True
                self.changed.notify_all()

    def _stored(self, writer: Store, rows: list[tuple[str, bytes]]) -> None:
        if rows:
            writer.save_parse_bytes(rows)
            with self.changed:
                self.arrived.update(aid for aid, _ in rows)
                self.changed.notify_all()

    def _collect(self, parsed) -> None:
        """The background thread with an in-memory database: hand the parses to this process's thread."""
        try:
            for item in parsed:
                if self.stopping:
                    break
                self.results.put(item)
            self.results.put(_DONE)
        except BaseException as e:  # raised again where the parses are waited for
            self.results.put(e)
        finally:
            getattr(parsed, "close", lambda: None)()  # ends the engine's parse (its workers) now

    def wait_for(self, article_ids) -> None:
        """Wait until every queued one of ``article_ids`` is in the store."""
        missing = {a for a in article_ids if a in self.order and a not in self.arrived}
        if not self.writes:
            self._drain(missing)
            return
        with self.changed:
            while missing and not self.finished:
                self.changed.wait()
                missing -= self.arrived
        self._raise()
        if self.progress and len(self.arrived) >= self.told + PARSE_BATCH:  # about once per stored batch
            self.told = len(self.arrived)
            self.progress(f"parsed {self.told} of {len(self.order)}")

    def _raise(self) -> None:
        if self.error is not None:
            error, self.error = self.error, None
            raise error

    def _drain(self, missing: set[str] | None) -> None:
        """Store arrived parses until none of ``missing`` is missing (None: until the parse ends)."""
        while (missing is None or missing) and self.worker is not None and not self.finished:
            item = self.results.get()
            if item is _DONE:
                self.finished = True
            elif isinstance(item, BaseException):
                self.finished = True
                raise item
            else:
                self.rows.append(item)
                self.arrived.add(item[0])
                if missing is not None:
                    missing.discard(item[0])
                if len(self.rows) >= PARSE_BATCH:
                    self._flush()
        self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.store.save_parse_bytes(self.rows)
            if self.progress:
                self.progress(f"parsed {self.rows[-1][0]}")
            self.rows = []

    def rank_of(self, threads: dict[str, set[str]]) -> Callable[[str], tuple[int, str]]:
        """A sort key for threads: when a thread's parses are all in (the place of its last queued article in
        the parse order), then its id."""
        return lambda t: (max((self.order[a] for a in threads[t] if a in self.order), default=-1), t)

    def close(self) -> None:
        """Wait for the parse to end, its results stored, so no worker outlives the run."""
        if not self.writes:
            self._drain(None)
        if self.worker is not None:
            self.worker.join()
        self._raise()

    def abandon(self) -> None:
        """After a failure or an interrupt: stop the parse without storing what is left (what was stored stays
        valid), so the workers end with the run."""
        self.stopping = True
        if self.writes:  # the writer stops after the parse it is waiting for
            if self.worker is not None:
                self.worker.join()
            return
        while self.worker is not None and self.worker.is_alive():  # unblock the collector's put
            try:
                self.results.get(timeout=0.1)
            except queue.Empty:
                pass


_DONE = object()


def _texts(store: Store, ids: list[str]):
    """``(id, text)`` of the stored articles ``ids``, in order, read a batch at a time."""
    for i in range(0, len(ids), PARSE_BATCH):
        chunk = ids[i:i + PARSE_BATCH]
        texts = {a.id: a.text for a in store.articles(chunk)}
        yield from ((aid, texts[aid]) for aid in chunk if aid in texts)


def _place_articles(store: Store, done: Update) -> None:
    """Stored articles the story index does not hold yet join it (oldest first), through an index that loads
    from the store only the stories, postings and features they touch; the stories of every thread they touched
    are written again."""
    from .stories.cluster import StoryIndex
    from .stories.stage import arrival_order, stories_of

    pending = store.unplaced()
    if not pending:
        return
    index = StoryIndex.stored(store.get_state(STORY_STATE), store.story_loaders())
    index.add_all(arrival_order(store.articles(pending)))
    done.added = pending
    threads = {s.thread for s in dict.values(index.stories)} | {s.thread for s in index.stories.deleted.values()}
    index.stories.prefetch(store.story_states_of_threads(sorted(threads)))
    states = [s for s in dict.values(index.stories) if s.thread in threads]
    after = stories_of(index, states)
    before = store.public_stories_of(a for s in after for a in s.articles)
    changed = [s for s in after if before.get(s.id) != s]
    gone = sorted(set(before) - {s.id for s in after})
    store.save_stories(changed, gone, index, STORY_STATE)


def _solo_threads(store: Store) -> dict[str, set[str]]:
    """Without the stories stage the whole corpus is one thread."""
    ids = set(store.article_ids())
    return {pipeline.UNTHREADED: ids} if ids else {}


def _thread_task(store: Store, thread: str, members: set[str]) -> ThreadTask:
    """A thread to compute: its articles (in arrival order) with their story fields, and their cached parses."""
    part = Report(articles=sorted(store.articles(sorted(members)), key=_arrival))
    stories = store.story_of(members)
    for a in part.articles:
        if a.id in stories:
            part.set_article_field(a.id, "story", stories[a.id])
            part.set_article_field(a.id, "thread", thread)
    part.known_pairs, part.known_readings = store.pair_relations(members), store.article_readings(members)
    part.known_signals = store.article_signals(members)
    if store.path != ":memory:":  # the computing process reads the parses from the file itself
        return ThreadTask(thread, part, store=os.path.abspath(store.path))
    return ThreadTask(thread, part, store.parse_bytes(members))


def _arrival(article) -> tuple:
    return (article.published is None, article.published or "", article.id)
