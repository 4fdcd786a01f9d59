"""Ingest: files, directories, globs, stdin -> raw ``Document`` records, streamed one at a time.

Formats: .txt, .html/.htm, .json/.jsonl, RSS/Atom, WARC, and gzip of any of these; http(s) URLs are fetched. Encodings are detected,
text is normalised (NFC, odd spaces) before anything else reads it. A bad input becomes a ``Skipped`` record
with a one-line reason; the rest of the batch goes on.

In a folder, every regular file is read, hidden ones (``.name``) too. Not read, and reported as skipped with the
reason: sub-folders whose name starts with ``.`` or ``_`` (``.git``, ``__pycache__``, ``_site``; name one
explicitly to read it), devices, FIFOs and sockets, and symlinks that lead out of the folder given (unless
``follow_links``).
"""
from __future__ import annotations

import glob
import os
import stat
from typing import Iterable, Iterator

from ..errors import InputError
from ..model import Document, Skipped
from .fetch import FetchOptions, fetch_document, is_url
from .formats import detect_format, read_records
from .read import MAX_BYTES, display_name, read_bytes

__all__ = ["iter_documents", "expand_paths", "detect_format", "MAX_BYTES", "FetchOptions"]

_HIDDEN = (".", "_")


def expand_paths(paths: Iterable[str], follow_links: bool = False) -> Iterator[str | Skipped]:
    """Files named by ``paths``: files as given, directories recursively (sorted), globs expanded, ``-`` stdin."""
    for p in paths:
        if p == "-" or is_url(p) or os.path.isfile(p):
            yield p
        elif os.path.isdir(p):
            yield from _walk(p, follow_links)
        elif glob.has_magic(p):
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield Skipped(display_name(p), "the pattern matches no file")
            for m in matches:
                yield from expand_paths([m], follow_links) if os.path.isdir(m) else [m]
        elif os.path.exists(p):
            yield p  # a device or FIFO named explicitly: read_bytes says why it is not read
        else:
            yield Skipped(display_name(p), "no such file or directory")


def _walk(root: str, follow_links: bool) -> Iterator[str | Skipped]:
    real_root = os.path.realpath(root)
    for d, dirs, files in os.walk(root, followlinks=follow_links):
        for x in sorted(dirs):
            why = _not_descended(os.path.join(d, x), x, real_root, follow_links)
            if why:
                dirs.remove(x)
                yield Skipped(display_name(os.path.join(d, x)), why)
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(d, f)
            why = _not_read(path, real_root, follow_links)
            yield Skipped(display_name(path), why) if why else path


def _not_descended(path: str, name: str, real_root: str, follow_links: bool) -> str | None:
    if name.startswith(_HIDDEN):
        return "hidden folder (name starts with '.' or '_'), not read; name it explicitly to read it"
    if os.path.islink(path) and not follow_links:
        return "symlink to a folder, not followed; pass --follow-symlinks to read it"
    return None


def _not_read(path: str, real_root: str, follow_links: bool) -> str | None:
    """Why a file found in a folder is not read, or None."""
    if os.path.islink(path) and not follow_links and not _inside(os.path.realpath(path), real_root):
        return "symlink that leads out of the input folder, not followed; pass --follow-symlinks to read it"
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        return f"could not read the file ({e.strerror or e})"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, FIFO or socket); skipped"
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def iter_documents(paths: Iterable[str], max_bytes: int = MAX_BYTES, follow_links: bool = False,
                   fetch: FetchOptions | None = None) -> Iterator[Document | Skipped]:
    """Every record of every input, streamed; unreadable or bad inputs come out as ``Skipped``."""
    for path in expand_paths(paths, follow_links):
        if isinstance(path, Skipped):
            yield path
            continue
        source = "<stdin>" if path == "-" else display_name(path)
        yield from _records(path, source, max_bytes, fetch)


def _records(path: str, source: str, max_bytes: int, fetch: FetchOptions | None) -> Iterator[Document | Skipped]:
    """The records of one input; any failure (even a bug in a reader) skips that input, never the batch."""
    try:
        if is_url(path):
            yield fetch_document(path, max_bytes, fetch)
            return
        data = read_bytes(path, max_bytes)
        yield from read_records(source, data)
    except InputError as e:
        yield Skipped(source, str(e))
    except PermissionError:
        yield Skipped(source, "permission denied; check the file's permissions")
    except OSError as e:
        yield Skipped(source, f"could not read the file ({e.strerror or e})")
    except (RecursionError, MemoryError) as e:
        yield Skipped(source, f"too deeply nested or too large to read ({type(e).__name__})")
    except Exception as e:  # a reader bug must not end the batch; say so plainly
        yield Skipped(source, f"internal error while reading ({type(e).__name__}: {e}); please report it")
