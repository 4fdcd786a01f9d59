"""Incremental analysis of a stored corpus: new articles join stories through the stored story index, and only
the story threads whose articles changed are analysed again; everything else stays as stored.

A thread is computed from its member articles alone (the thread stages of ``pipeline``), so the stored corpus
after any sequence of incremental runs equals a batch run over the same articles arriving in the same order. The
store remembers each thread's member set; a thread whose set changed, or that a crash left unwritten, is
computed again on the next run, and a thread that no longer exists is deleted.
"""
from __future__ import annotations

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
    ``InProcess(jobs)``: with ``jobs`` > 1 the articles of the threads to compute are parsed first by that many
    worker processes, into the store's parse cache the thread stages then read); results are written here."""
    engine = engine or InProcess(jobs)
    selected = pipeline.selected(stages)
    done = Update()
    if any(s.name == "stories" for s in selected):
        _place_articles(store, done)
        threads = store.thread_members()
    else:
        threads = _solo_threads(store)
    stored = store.thread_keys()
    todo = sorted(t for t, members in threads.items() if stored.get(t) != members_key(members))
    done.deleted = sorted(set(stored) - set(threads))
    store.delete_threads(done.deleted)
    thread_stages = [s for s in selected if s.scope == "thread"]
    if any(s.name in PARSING_STAGES for s in thread_stages):
        parse_ahead(store, sorted({a for t in todo for a in threads[t]}), engine, progress)
    _compute(store, {t: threads[t] for t in todo}, thread_stages, engine, done, progress, run_id)
    done.notes = list(engine.notes)
    return done


def _compute(store: Store, todo: dict[str, set[str]], stages: list, engine: Engine, done: Update,
             progress: Callable[[str], None] | None, run_id: int | None) -> None:
    """Each thread of ``todo`` computed on ``engine`` and written as it comes back; ``done`` lists them (and
    their stage errors and skips) in thread order, whatever order the engine finished them in."""
    tasks = (_thread_task(store, thread, members) for thread, members in todo.items())
    said: dict[str, tuple[list, list]] = {}  # thread -> its stage errors and skips (not its findings: memory)
    for result in engine.run_threads(tasks, stages, progress):
        store.save_thread(result.thread, result.report, run_id, result.new_parses)
        said[result.thread] = (result.report.stage_errors, result.report.skipped)
    for thread in (t for t in todo if t in said):
        errors, skipped = said[thread]
        done.computed.append(thread)
        done.stage_errors += [e for e in errors if str(e) not in map(str, done.stage_errors)]
        done.skipped += skipped


PARSING_STAGES = ("reuse", "extract")  # the thread stages that read spaCy parses
PARSE_BATCH = 64  # parses written per transaction; texts read per query


def parse_ahead(store: Store, article_ids: list[str], engine: Engine,
                progress: Callable[[str], None] | None) -> None:
    """Parse the articles that have no cached parse yet on ``engine``'s workers and cache them (texts read and
    parses written in batches, so memory holds a window of them, not the corpus's)."""
    if not engine.parses_ahead(len(article_ids)):
        return
    try:
        todo = store.unparsed(article_ids)
    except Exception:  # no spaCy: the stages say so themselves
        return
    if not engine.parses_ahead(len(todo)):
        return
    rows: list[tuple[str, bytes]] = []
    for aid, blob in engine.parse(_texts(store, todo)):
        rows.append((aid, blob))
        if len(rows) >= PARSE_BATCH:
            store.save_parse_bytes(rows)
            rows = []
            if progress:
                progress(f"parsed {aid}")
    if rows:
        store.save_parse_bytes(rows)


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
    return ThreadTask(thread, part, store.parse_bytes(members))


def _arrival(article) -> tuple:
    return (article.published is None, article.published or "", article.id)
