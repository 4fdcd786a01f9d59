"""Writing a report whose finding sections are read as they are written, never held whole.

A report of a large corpus is mostly findings: at 10,000 articles the stored sections are ~0.9 GB of JSON (relations
alone 0.3 GB), several GB as Python objects. ``Rows`` stands for one such section, fetched again each time it is
iterated (from the store, thread by thread); the writers iterate it once per file, so memory holds one chunk of a
section, not the section. A plain list works wherever a ``Rows`` does.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable, Iterator


class Rows:
    """A re-iterable section of plain finding dicts with a known length (``fetch`` gives a fresh iterator each
    time; ``by_verdict``, when given, the same findings ordered by their verdict, as the HTML facts table shows
    them; ``texts``, when given, the same findings as their compact JSON text — ``json.dumps(finding,
    ensure_ascii=False)``, as the store keeps them — which report.json copies instead of decoding and encoding
    each finding again: 0.9 of the 2.6 s of writing a 369-article thread's report)."""

    def __init__(self, fetch: Callable[[], Iterator[dict]], count: int,
                 by_verdict: Callable[[], Iterator[dict]] | None = None,
                 texts: Callable[[], Iterator[str]] | None = None):
        self._fetch, self._count, self._by_verdict, self._texts = fetch, count, by_verdict, texts

    def __iter__(self) -> Iterator[dict]:
        return self._fetch()

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0


def by_verdict(facts: Iterable[dict] | Rows) -> Iterable[dict]:
    """Fact groups ordered by verdict name, ties kept in report order (a stable sort, as the HTML table lists them);
    a ``Rows`` given them in that order is read so, not sorted in memory."""
    if isinstance(facts, Rows) and facts._by_verdict:
        return facts._by_verdict()
    return sorted(facts, key=lambda f: f.get("verdict") or "")


def encode(data: dict[str, Any], indent: int | None = 1) -> Iterator[str]:
    """report.json's text, chunk by chunk, with each ``Rows`` value encoded as the list it stands for (never held
    whole). With ``indent``, the top-level keys are indented and every list item (a finding) stands on its own
    line as compact JSON: one finding per line is what ``grep`` and a diff want, and it is written by the C
    encoder, which an indented dump cannot use (a 38 MB report: 1.74 s indented, 0.55 s so). Without
    ``indent``, the text of ``json.dumps(data, ensure_ascii=False)``."""
    nested = json.JSONEncoder(ensure_ascii=False, indent=indent)
    line = json.JSONEncoder(ensure_ascii=False)
    nl = (lambda level: "\n" + " " * (indent * level)) if indent is not None else (lambda level: "")
    sep = "," if indent is not None else ", "
    if not data:
        yield "{}"
        return
    yield "{"
    for n, (key, value) in enumerate(data.items()):
        yield (sep if n else "") + nl(1) + line.encode(str(key)) + ": "
        if isinstance(value, Rows) and value._texts:
            yield from _list(value._texts(), None, nl, sep)
        elif isinstance(value, (Rows, list)):
            yield from _list(value, line, nl, sep)
        else:
            yield from _nested(nested.iterencode(value), nl(1))
    yield nl(0) + "}"


def _list(rows: Iterable, enc: json.JSONEncoder | None, nl, sep: str) -> Iterator[str]:
    """A list's items one per line, each encoded by ``enc`` (None: the items are their JSON text already)."""
    first = True
    for item in rows:
        yield ("[" if first else sep) + nl(2) + (enc.encode(item) if enc else item)
        first = False
    yield "[]" if first else nl(1) + "]"


def _nested(chunks: Iterable[str], newline: str) -> Iterator[str]:
    """Chunks of a value encoded at the top level, re-indented to sit ``newline``'s depth deeper (JSON strings
    never hold a raw newline, so every newline in the text is a line break of the layout)."""
    if newline == "\n" or not newline:
        yield from chunks
        return
    for chunk in chunks:
        yield chunk.replace("\n", newline)
