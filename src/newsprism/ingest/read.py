"""Bytes from a path, gzip unwrapped, size-capped, and decoded to normalised text."""
from __future__ import annotations

import gzip
import io
import os
import sys

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import normalize_text

MAX_BYTES = 50 * 1024 * 1024  # inputs over 50 MB are skipped (raw or decompressed)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes (``-`` is stdin), gunzipped when gzip, refusing anything over ``max_bytes``."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(f"file is {_mb(size)}, over the {_mb(max_bytes)} limit; split it into smaller files")
        with open(path, "rb") as f:
            data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes)
    if len(data) > max_bytes:
        raise InputError(f"input is over the {_mb(max_bytes)} limit; split it into smaller files")
    return data


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            out = g.read(max_bytes + 1)
    except (OSError, EOFError) as e:
        raise InputError(f"broken gzip data ({e})") from e
    if len(out) > max_bytes:
        raise InputError(f"decompresses to over the {_mb(max_bytes)} limit; split it into smaller files")
    return out


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not text, whatever the extension says."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to normalised text: BOM/UTF-8 first, then a declared charset, then charset-normalizer."""
    if not data.strip():
        raise InputError("file is empty")
    if looks_binary(data):
        raise InputError("binary data, not text (is it an image, PDF or archive?)")
    for enc in ("utf-8-sig", declared):
        if enc:
            try:
                return normalize_text(data.decode(enc))
            except (UnicodeDecodeError, LookupError):
                pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("could not detect the text encoding; convert the file to UTF-8")
    return normalize_text(str(best))
