"""Bytes from a path, gzip unwrapped, size-capped, and decoded to normalised text."""
from __future__ import annotations

import codecs
import gzip
import io
import os
import stat
import sys
import zlib

from charset_normalizer import from_bytes

from ..errors import InputError
from ..model import normalize_text

MAX_BYTES = 50 * 1024 * 1024  # inputs over 50 MB are skipped (raw or decompressed)

# Byte-order marks, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def display_name(path: str) -> str:
    """``path`` as text that can be printed and stored: undecodable bytes of a file name become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes (``-`` is stdin), gunzipped when gzip, refusing anything over ``max_bytes``.

    Only regular files are read (a FIFO would block, ``/dev/zero`` never ends), and the read itself is capped:
    a size from ``stat`` can lie (``/proc``, a file still growing).
    """
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise InputError("not a regular file (a device, FIFO or socket); skipped")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"input is over the {_mb(max_bytes)} limit; split it into smaller files")
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, max_bytes)
    return data


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            out = g.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise InputError(f"broken gzip data ({e})") from e
    if len(out) > max_bytes:
        raise InputError(f"decompresses to over the {_mb(max_bytes)} limit; split it into smaller files")
    return out


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark at the start of ``data`` names, else None."""
    return next((enc for bom, enc in _BOMS if data.startswith(bom)), None)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: not text, whatever the extension says."""
    if bom_encoding(data):
        return False
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to normalised text (see ``decode_noting``)."""
    return decode_noting(data, declared)[0]


def decode_noting(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Normalised text, and a note when the encoding had to be guessed (None when a BOM, UTF-8 or the declared
    charset decoded it). Order: BOM, UTF-8, the declared charset, then charset-normalizer's best guess."""
    bom = bom_encoding(data)
    if bom:
        try:
            return _usable(normalize_text(data.decode(bom))), None
        except UnicodeDecodeError as e:
            raise InputError(f"broken {bom.upper()} text ({e.reason} at byte {e.start})") from e
    if not data.strip():
        raise InputError("file is empty")
    if looks_binary(data):
        raise InputError("binary data, not text (is it an image, PDF or archive?)")
    for enc in ("utf-8", declared):
        if enc:
            try:
                return _usable(normalize_text(data.decode(enc))), None
            except (UnicodeDecodeError, LookupError):
                pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError("could not detect the text encoding; convert the file to UTF-8")
    note = (f"the encoding was guessed as {best.encoding} (no BOM, not UTF-8"
            f"{', not the declared ' + declared if declared else ''}); some characters may be wrong")
    return _usable(normalize_text(str(best))), note


def _usable(text: str) -> str:
    if not text.strip():
        raise InputError("file is empty")
    return text
