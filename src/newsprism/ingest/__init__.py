"""Ingest: files, directories, globs, stdin -> raw ``Document`` records, streamed one at a time.

Formats: .txt, .html/.htm, .json/.jsonl, RSS/Atom, WARC, and gzip of any of these; http(s) URLs are fetched. Encodings are detected,
text is normalised (NFC, odd spaces) before anything else reads it. A bad input becomes a ``Skipped`` record
with a one-line reason; the rest of the batch goes on.
"""
from __future__ import annotations

import glob
import os
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Document, Skipped
from .fetch import fetch_document, is_url
from .formats import detect_format, read_records
from .read import MAX_BYTES, read_bytes

__all__ = ["iter_documents", "expand_paths", "detect_format", "MAX_BYTES"]

_HIDDEN = (".", "_")


def expand_paths(paths: Iterable[str]) -> Iterator[str | Skipped]:
    """Files named by ``paths``: files as given, directories recursively (sorted), globs expanded, ``-`` stdin."""
    for p in paths:
        if p == "-" or is_url(p) or os.path.isfile(p):
            yield p
        elif os.path.isdir(p):
            yield from _walk(p)
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield Skipped(p, "the pattern matches no file")
            for m in matches:
                yield from expand_paths([m]) if os.path.isdir(m) else [m]
        else:
            yield Skipped(p, "no such file or directory")


def _walk(root: str) -> Iterator[str]:
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith(_HIDDEN))
        for f in sorted(files):
            if not f.startswith("."):
                yield os.path.join(d, f)


def iter_documents(paths: Iterable[str], max_bytes: int = MAX_BYTES) -> Iterator[Document | Skipped]:
    """Every record of every input, streamed; unreadable or bad inputs come out as ``Skipped``."""
    for path in expand_paths(paths):
        if isinstance(path, Skipped):
            yield path
            continue
        source = "<stdin>" if path == "-" else path
        try:
            if is_url(path):
                yield fetch_document(path, max_bytes)
                continue
            data = read_bytes(path, max_bytes)
            yield from read_records(source, data)
        except InputError as e:
            yield Skipped(source, str(e))
        except PermissionError:
            yield Skipped(source, "permission denied; check the file's permissions")
        except OSError as e:
            yield Skipped(source, f"could not read the file ({e.strerror or e})")
