"""The core every face calls: CLI, web app and cluster runner all go through these functions."""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .clean import CleanOptions, clean_document
from .errors import InputError
from .ingest import iter_documents
from .model import Article, Document, Report, Skipped, content_id
from .pipeline import run_stages
from .store import DEFAULT_DB, Store

Progress = Callable[[str], None]


@dataclass(slots=True)
class IngestResult:
    """What one ingest run did: the articles its inputs hold (in input order), how many were new, what was skipped."""

    article_ids: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # article id -> the input that gave it in this run
    new: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def _open(db: str | Store | None) -> tuple[Store, bool]:
    """A store for ``db`` (a path, an open Store, or None for a throwaway in-memory one) and whether we own it."""
    if isinstance(db, Store):
        return db, False
    return Store(db or ":memory:"), True


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
            window.append(pool.submit(_clean_item, item, options))
            if len(window) >= 8 * jobs:  # bounded: raw documents are never all in memory
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def ingest_into(store: Store, paths: Iterable[str], progress: Progress | None = None, jobs: int = 1,
                options: CleanOptions = CleanOptions()) -> IngestResult:
    """Read, clean and store every input; idempotent (content already stored is not cleaned again)."""
    options.check()

    def items():
        for doc in iter_documents(paths):
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
           jobs: int = 1, options: CleanOptions = CleanOptions()) -> IngestResult:
    """Ingest files, directories, globs, URLs or ``-`` (stdin) into the store at ``db``; ``jobs`` cleaning processes."""
    store, own = _open(db)
    try:
        return ingest_into(store, paths, progress, jobs, options)
    finally:
        if own:
            store.close()


def analyze(paths: Iterable[str], out: str | None = None, db: str | Store | None = None,
            progress: Progress | None = None, stages: list[str] | None = None, jobs: int = 1,
            options: CleanOptions = CleanOptions()) -> Report:
    """Ingest ``paths``, run every stage on their articles, and (with ``out``) write the report files there."""
    store, own = _open(db)
    try:
        result = ingest_into(store, paths, progress, jobs, options)
        report = Report(articles=list(store.articles(result.article_ids)), skipped=result.skipped)
        for a in report.articles:  # report where this run found each article
            a.path = result.sources[a.id]
    finally:
        if own:
            store.close()
    run_stages(report, stages, progress)
    if out:
        from .report import write_report

        os.makedirs(out, exist_ok=True)
        write_report(report, out)
    return report


def articles(db: str | Store = DEFAULT_DB) -> list[Article]:
    """Every stored article (without the raw documents)."""
    store, own = _open(db)
    try:
        return list(store.articles())
    finally:
        if own:
            store.close()


def article(id_or_prefix: str, db: str | Store = DEFAULT_DB, with_raw: bool = False) -> Article:
    """One stored article by id or unique id prefix; KeyError with a hint when there is none."""
    store, own = _open(db)
    try:
        return store.get(id_or_prefix, with_raw=with_raw)
    finally:
        if own:
            store.close()


# --- analyze_documents: minimal version for `newsprism watch` (branch `watch`) --------------------------------
# The core's incremental analysis replaces this block at merge; `ingest/watch.py` relies only on the signature
# analyze_documents(documents, db=..., progress=...) -> Report (with .articles and .skipped).

def analyze_documents(documents: Iterable[Document | Skipped], db: str | Store = DEFAULT_DB,
                      progress: Progress | None = None) -> Report:
    """Clean and store ``documents`` in ``db`` (Skipped ones are recorded), then run every stage on their articles."""
    store, own = _open(db)
    report = Report()
    try:
        for doc in documents:
            if progress:
                progress(doc.source)
            item = clean_or_skip(doc) if isinstance(doc, Document) else doc
            if isinstance(item, Skipped):
                store.add_skipped(item)
                report.skipped.append(item)
            else:
                store.add(item, doc.source)
                report.articles += [] if any(a.id == item.id for a in report.articles) else [item]
    finally:
        if own:
            store.close()
    if report.articles:
        run_stages(report, None, progress)
    return report
# --- end of analyze_documents --------------------------------------------------------------------------------
