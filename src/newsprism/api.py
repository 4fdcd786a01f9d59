"""The core every face calls: CLI, web app and cluster runner all go through these functions."""
from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .clean import CleanOptions, clean_document
from .corpus import Update, update
from .errors import InputError, StoreError
from .ingest import FetchOptions, iter_documents
from .model import Article, Document, FactGroup, Relation, Report, Skipped, Story, content_id
from .pipeline import combine, combine_threads
from .scale import Engine, engine_named
from .store import DEFAULT_DB, Store

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestResult:
    """What one ingest run did: the articles its inputs hold (in input order), how many were new, what was skipped."""

    article_ids: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # article id -> the input that gave it in this run
    new: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def _open(db: str | Store | None, readonly: bool = False) -> tuple[Store, bool]:
    """A store for ``db`` (a path, an open Store, or None for a throwaway in-memory one) and whether we own it;
    ``readonly`` when nothing will be written (a read-only file can then be read)."""
    if isinstance(db, Store):
        return db, False
    return Store(":memory:" if db is None else db, readonly=readonly), True


def _not_a_worker_starting(call: str) -> None:
    """Stop a worker process that is importing the user's script again. Worker processes started by spawn or the
    fork server (story threads; on macOS and Windows every pool) first run the script's top-level code; a call to
    ``analyze`` there that no ``if __name__ == "__main__":`` guards would ingest and analyse everything again in
    every worker, against the same database, and fail on its own pools with a page of tracebacks. The worker says
    why in one line and ends; the calling process computes what the worker would have (see ``InProcess``)."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):  # set while a child re-imports __main__
        # (multiprocessing's own "bootstrapping phase" check reads the same flag)
        script = getattr(sys.modules.get("__mp_main__"), "__file__", None) or "the script"
        print(f"newsprism: {call} runs at the top level of {script}, which newsprism's worker processes import "
              f"again: put the call under `if __name__ == \"__main__\":` to use them (this run goes on in the "
              f"calling process)", file=sys.stderr, flush=True)
        raise SystemExit(1)


def clean_or_skip(doc: Document, options: CleanOptions = CleanOptions()) -> Article | Skipped:
    """Clean one document; a document cleaning cannot use becomes a Skipped record, never an exception."""
    try:
        article = clean_document(doc, options)
    except InputError as e:
        return Skipped(doc.source, str(e))
    except Exception as e:  # a bug in a cleaner must not end the batch; say so plainly
        return Skipped(doc.source, f"internal error while cleaning ({type(e).__name__}: {e}); please report it")
    if not article.text.strip():
        return Skipped(doc.source, "no article text left after removing boilerplate")
    return article


@dataclass(frozen=True, slots=True)
class _Stored:
    """A document whose content is already in the store: nothing to clean."""

    source: str
    article_id: str


def _clean_item(item: Document | Skipped | _Stored, options: CleanOptions) -> Article | Skipped | _Stored:
    return clean_or_skip(item, options) if isinstance(item, Document) else item


def _cleaned(items: Iterable, options: CleanOptions, jobs: int) -> Iterator:
    """``_clean_item`` over ``items`` in order; with jobs > 1 in worker processes, a bounded window in flight."""
    if jobs <= 1:
        yield from (_clean_item(i, options) for i in items)
        return
    with ProcessPoolExecutor(jobs) as pool:
        window: deque = deque()
        for item in items:
            window.append((item, _submit(pool, item, options)))
            if len(window) >= 8 * jobs:  # bounded: raw documents are never all in memory
                yield _outcome(*window.popleft(), options)
        while window:
            yield _outcome(*window.popleft(), options)


def _submit(pool: ProcessPoolExecutor, item, options: CleanOptions):
    try:
        return pool.submit(_clean_item, item, options)
    except BrokenProcessPool:
        return None


def _outcome(item, future, options: CleanOptions):
    """The worker's result; when a worker died (killed, out of memory) the pool is gone: the item and the rest are
    cleaned in this process instead (large documents still in a forked worker with the time budget)."""
    try:
        if future is not None:
            return future.result()
    except BrokenProcessPool:
        pass
    return _clean_item(item, options)


def ingest_into(store: Store, paths: Iterable[str], progress: Progress | None = None, jobs: int = 1,
                options: CleanOptions = CleanOptions(), allow_private: bool = False,
                follow_links: bool = False) -> IngestResult:
    """Read, clean and store every input; idempotent (content already stored is not cleaned again).
    ``allow_private``: URLs on loopback / private addresses may be fetched; ``follow_links``: symlinks in input
    folders are followed even out of the folder."""
    documents = iter_documents(paths, follow_links=follow_links, fetch=FetchOptions(allow_private=allow_private))
    return ingest_stream(store, documents, progress, jobs, options)


def ingest_stream(store: Store, documents: Iterable[Document | Skipped], progress: Progress | None = None,
                  jobs: int = 1, options: CleanOptions = CleanOptions()) -> IngestResult:
    """Clean and store documents already read (e.g. feed entries); Skipped ones are recorded."""
    options.check()

    def items():
        for doc in documents:
            if progress:
                progress(doc.source)
            aid = content_id(doc.content) if isinstance(doc, Document) else None
            yield _Stored(doc.source, aid) if aid and store.has(aid) else doc

    result = IngestResult()
    for item in _cleaned(items(), options, jobs):
        source = item.path if isinstance(item, Article) else item.source
        if isinstance(item, Skipped):
            store.add_skipped(item)
            result.skipped.append(item)
            continue
        if isinstance(item, _Stored):
            store.add_source(source, item.article_id)
            aid = item.article_id
        else:
            result.new += store.add(item, source)
            aid = item.id
        if aid not in result.sources:
            result.article_ids.append(aid)
            result.sources[aid] = source
    return result


def ingest(paths: Iterable[str], db: str | Store = DEFAULT_DB, progress: Progress | None = None,
           jobs: int = 1, options: CleanOptions = CleanOptions(), allow_private: bool = False,
           follow_links: bool = False) -> IngestResult:
    """Ingest files, directories, globs, URLs or ``-`` (stdin) into the store at ``db``; ``jobs`` cleaning processes."""
    _not_a_worker_starting("newsprism.ingest")
    store, own = _open(db)
    try:
        return ingest_into(store, paths, progress, jobs, options, allow_private, follow_links)
    finally:
        if own:
            store.close()


def analyze(paths: Iterable[str], out: str | None = None, db: str | Store | None = None,
            progress: Progress | None = None, stages: list[str] | None = None, jobs: int = 1,
            options: CleanOptions = CleanOptions(), timeline_size: int | None = None, allow_private: bool = False,
            follow_links: bool = False, engine: str = "local", scheduler: str | None = None,
            workers: int | None = None, findings: bool = True) -> Report:
    """Ingest ``paths`` into the corpus at ``db`` (a throwaway in-memory one when None), bring the corpus's findings
    up to date (only the story threads the new articles touch are analysed again), and return the report of the
    threads ``paths`` belong to; with ``out``, also write it there as report.json / .html / .md.
    ``timeline_size``: entries per thread's timeline (default: a length that adapts to the story); ``jobs``: worker
    processes for cleaning and (with the local engine) for parsing. ``engine="dask"``: the parse and the thread
    stages run as tasks on the Dask scheduler at ``scheduler``, else on a local cluster of ``workers`` processes
    (default 2), closed at the end; the same findings as the local engine. ``findings=False``: the returned report
    holds the articles, stories, coverage and timeline but not the other finding sections, which stay in the
    store (read them with ``report``, ``facts``, ``relations``...; ``out`` is written from the store as it is
    read): memory then grows with the articles, not with their findings (the CLI runs this way)."""
    _not_a_worker_starting("newsprism.analyze")
    paths = list(paths)
    with engine_named(engine, jobs, scheduler, workers) as runner:
        return _analyze(lambda store: ingest_into(store, paths, progress, jobs, options, allow_private, follow_links),
                        paths, out, db, progress, stages, timeline_size, runner, findings)


def analyze_documents(documents: Iterable[Document | Skipped], db: str | Store = DEFAULT_DB,
                      progress: Progress | None = None, out: str | None = None) -> Report:
    """``analyze`` for documents already read (feed entries, fetched pages): stored, then the corpus updated."""
    documents = list(documents)
    return _analyze(lambda store: ingest_stream(store, documents, progress), [d.source for d in documents], out, db,
                    progress, None)


def _analyze(ingest_step, inputs: list[str], out: str | None, db, progress, stages,
             timeline_size: int | None = None, engine: Engine | None = None, findings: bool = True) -> Report:
    store, own = _open(db)
    try:
        run = store.start_run("analyze", inputs)
        result = ingest_step(store)
        done = update(store, stages, progress, run, engine=engine)
        if findings:
            report = _views(_ran(store.load_report(article_ids=result.article_ids), result, done), out,
                            timeline_size)
        else:
            wanted = store.wanted_threads(article_ids=result.article_ids)
            report = _stored_views(store, wanted, lambda r: _ran(r, result, done), timeline_size, out)
        _finish(store, run, result, done)
    finally:
        if own:
            store.close()
    return report


def _finish(store: Store, run: int, result: IngestResult, done: Update) -> None:
    store.finish_run(run, articles=len(result.article_ids), new_articles=result.new, threads_computed=done.computed,
                     skipped=len(result.skipped) + len(done.skipped), stage_errors=[str(e) for e in done.stage_errors])


def _ran(report: Report, result: IngestResult, done: Update) -> Report:
    """``report`` with where this run found each article, and the run's skips and errors."""
    for a in report.articles:
        a.path = result.sources.get(a.id, a.path)
    report.skipped = result.skipped + done.skipped
    report.stage_errors = list(done.stage_errors)
    return report


def _views(report: Report, out: str | None, timeline_size: int | None) -> Report:
    """The corpus views a stored report is shown with (coverage, timelines, thread links); written to ``out``."""
    combine(report)
    shown_timeline(report, timeline_size)
    link_threads(report)
    if out:
        write_to(report, out)
    return report


def _stored_views(store: Store, threads: set[str] | None, fix: Callable[[Report], Report],
                  timeline_size: int | None, out: str | None) -> Report:
    """The report of ``threads`` (all when None) without its finding sections: articles, stories and the corpus
    views, built reading one thread's findings at a time; with ``out``, the whole report written there, every
    finding section read from the store as it is written. Memory holds the articles, not the findings."""
    from .report import write_data
    from .store.findings import THREAD_SECTIONS

    report = fix(store.load_report(threads, sections=()))
    assigned = store.assigned_sections(threads)
    combine_threads(report, lambda sections: store.thread_parts(threads, sections), assigned,
                    store.entity_names(threads))
    shown_timeline(report, timeline_size)
    link_threads(report)
    if out:
        typed = not store.computed_here(threads)  # stored by another version: typed again, as load_report does
        stored = {name: _rows(store, name, threads, typed) for name in THREAD_SECTIONS
                  if name in assigned and name not in report.sections}
        os.makedirs(out, exist_ok=True)
        write_data(report.to_json(stored), out)
    return report


def _rows(store: Store, section: str, threads: set[str] | None, typed: bool):
    from .report import Rows

    def rows(order: str = "thread, position"):
        return store.section_rows(section, threads, order, typed)
    by_verdict = (lambda: rows("verdict, thread, position")) if section == "facts" else None
    texts = None if typed else lambda: store.section_texts(section, threads)
    return Rows(rows, store.section_count(section, threads), by_verdict, texts)


def write_to(report: Report, out: str) -> dict[str, str]:
    from .report import write_report

    os.makedirs(out, exist_ok=True)
    return write_report(report, out)


def shown_timeline(report: Report, size: int | None = None) -> None:
    """Keep the timeline entries worth showing: ``size`` per thread, or a length that adapts to each thread."""
    from .compare.timeline import select

    if "timeline" in report.sections:
        threads: dict = {}
        for a in report.articles:
            t = report.field_of(a.id, "thread")
            threads[t] = threads.get(t, 0) + 1
        threads["corpus"] = len(report.articles)  # the corpus timeline (compare.timeline.CORPUS)
        report.sections["timeline"] = select(report.sections["timeline"], size, threads)


def link_threads(report: Report) -> None:
    """Each story of a thread linked to the one it continues (``follows``, ``relation``, ``gap_days``)."""
    from .stories.threads import link

    if report.sections.get("stories"):
        days = {a.id: _day(a.published) for a in report.articles}
        link(report.sections["stories"], days.get)


def _day(published: str | None):
    from datetime import date

    try:
        return date.fromisoformat((published or "")[:10])
    except ValueError:
        return None


def report(db: str | Store = DEFAULT_DB, story: str | None = None, out: str | None = None,
           timeline_size: int | None = None, findings: bool = True) -> Report:
    """The stored corpus's report (or one story's thread), typed; with ``out`` written there too.
    ``findings=False``: as in ``analyze``, the finding sections stay in the store and ``out`` is written from it."""
    store, own = _open_existing(db)
    try:
        threads = None
        if story is not None:
            found = [s for s in store.stories() if s.id == story or s.id.startswith(story)]
            if len(found) != 1:
                raise KeyError(f"story id {story!r} {'is ambiguous' if found else 'matches no story'}; "
                               "list them with `newsprism story`")
            threads = {found[0].thread}
        skipped = store.skipped() if story is None else []

        def with_skipped(rep: Report) -> Report:
            rep.skipped = skipped
            return rep
        if not findings:
            return _stored_views(store, threads, with_skipped, timeline_size, out)
        rep = with_skipped(store.load_report(threads))
    finally:
        if own:
            store.close()
    return _views(rep, out, timeline_size)


def stories(db: str | Store = DEFAULT_DB) -> list[Story]:
    """Every stored story, oldest first, linked to the story of its thread it continues."""
    from .stories.threads import link

    def linked(store: Store) -> list[Story]:
        days = {a.id: _day(a.published) for a in store.articles()}
        return link(store.stories(), days.get)
    return _read(db, linked)


def story(story_id: str, db: str | Store = DEFAULT_DB) -> Report:
    """The report of one story's thread (by id or unique id prefix)."""
    return report(db, story=story_id)


def relations(db: str | Store = DEFAULT_DB, copies_only: bool = False) -> list[Relation]:
    """Every stored relation between articles (only copies with ``copies_only``)."""
    where = "kind != 'independent'" if copies_only else ""
    return _read(db, lambda s: s.findings("relations", where))


def facts(db: str | Store = DEFAULT_DB, verdict: str | None = None) -> list[FactGroup]:
    """Every stored fact group (only those with ``verdict``)."""
    return _read(db, lambda s: s.findings("facts", "verdict = ?" if verdict else "", (verdict,) if verdict else ()))


def search(query: str, db: str | Store = DEFAULT_DB, limit: int = 20) -> list[tuple[str, str]]:
    """(article id, title) of stored articles matching a full-text query (SQLite FTS5 syntax), best first."""
    return _read(db, lambda s: s.search(query, limit))


def _read(db, fn):
    store, own = _open_existing(db, readonly=True)
    try:
        return fn(store)
    finally:
        if own:
            store.close()


def _open_existing(db: str | Store | None, readonly: bool = False) -> tuple[Store, bool]:
    """A store that must already exist (reading a corpus that is not there is an error, not an empty corpus)."""
    if isinstance(db, str) and db and db != ":memory:" and not os.path.exists(db):
        raise StoreError(f"no database at {db}; build one with `newsprism analyze PATH... --db {db}`")
    return _open(db, readonly)


def existing_db(db: str) -> str:
    """``db`` when a database is there; StoreError with the command that builds one otherwise."""
    _open_existing(db, readonly=True)[0].close()
    return db


def articles(db: str | Store = DEFAULT_DB) -> list[Article]:
    """Every stored article (without the raw documents)."""
    store, own = _open_existing(db, readonly=True)
    try:
        return list(store.articles())
    finally:
        if own:
            store.close()


def article(id_or_prefix: str, db: str | Store = DEFAULT_DB, with_raw: bool = False) -> Article:
    """One stored article by id or unique id prefix; KeyError with a hint when there is none."""
    store, own = _open_existing(db, readonly=True)
    try:
        return store.get(id_or_prefix, with_raw=with_raw)
    finally:
        if own:
            store.close()




# --- browsing the stored corpus: what the web pages (and their .json twins) show (``browse.py``) ---

def story_listing(db: str | Store = DEFAULT_DB, query: str | None = None, outlet: str | None = None,
                  since: str | None = None, until: str | None = None, offset: int = 0,
                  limit: int = 25) -> "browse.StoryListing":
    """A page of stored stories, newest first, each with its article count, outlets, independent sources,
    contradictions and date range; ``query`` (FTS5 syntax) keeps stories whose articles match it (and lists the
    best matching articles), ``outlet`` stories with an article from it, ``since`` / ``until`` (ISO dates) stories
    whose dates overlap that range. QueryError for a bad query, date or page."""
    from . import browse

    return _read(db, lambda s: browse.story_listing(s, query, outlet, since, until, offset, limit))


def story_page(story_id: str, db: str | Store = DEFAULT_DB, offset: int = 0, limit: int = 50) -> "browse.StoryView":
    """One story (id or unique id prefix) with its thread's findings as ``report --story`` gives them;
    ``offset`` / ``limit`` page its facts (contradictions first)."""
    from . import browse

    def view(store: Store):
        found = store.find_story(story_id)
        rep = store.load_report({found.thread}, sections=browse.STORY_SECTIONS)
        return browse.story_view(found, _views(rep, None, None), offset, limit)
    return _read(db, view)


def article_view(id_or_prefix: str, db: str | Store = DEFAULT_DB) -> "browse.ArticleView":
    """One article with every finding that quotes it (entities, quotes, claims, facts, positions) and its relations."""
    from . import browse

    return _read(db, lambda s: browse.article_view(s, id_or_prefix))


def fact(fact_id: str, db: str | Store = DEFAULT_DB) -> "browse.FactView":
    """One fact group (id or unique id prefix) with each value in the sentence that states it."""
    from . import browse

    return _read(db, lambda s: browse.fact_view(s, fact_id))


def entity(entity_id: str, db: str | Store = DEFAULT_DB, offset: int = 0, limit: int = 50) -> "browse.EntityView":
    """One entity (id or unique id prefix): a page of its mentions with their sentences, its quotes and positions."""
    from . import browse

    return _read(db, lambda s: browse.entity_view(s, entity_id, offset, limit))


def relation(relation_id: str, db: str | Store = DEFAULT_DB) -> "browse.RelationView":
    """Two related articles (by the relation's id or unique id prefix) side by side with their shared passages."""
    from . import browse

    return _read(db, lambda s: browse.relation_view(s, relation_id))
