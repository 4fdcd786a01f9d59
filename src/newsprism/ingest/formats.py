"""Per-format readers: one input file -> raw ``Document`` records (or ``Skipped`` ones, the batch goes on)."""
from __future__ import annotations

import io
import json
import re
from typing import Iterator

from ..errors import InputError
from ..model import Document, Skipped, normalize_text
from .read import decode, decode_noting, looks_binary

Record = Document | Skipped

_SURROGATE = re.compile(r"[\ud800-\udfff]")

_HTML_SNIFF = re.compile(rb"<(!doctype html|html|head|body|article|div|p)[\s>]", re.I)
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)


def _strip_gz(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def detect_format(name: str, data: bytes) -> str:
    """``text``, ``html``, ``json``, ``jsonl``, ``feed``, ``xml`` or ``warc``: by extension, else by sniffing."""
    ext = _strip_gz(name).lower().rsplit(".", 1)[-1] if "." in name else ""
    by_ext = {"txt": "text", "text": "text", "md": "text", "html": "html", "htm": "html", "xhtml": "html",
              "json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "rss": "feed", "atom": "feed",
              "warc": "warc", "arc": "warc"}
    if ext in by_ext:
        return by_ext[ext]
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return "warc"
    if _FEED_SNIFF.search(head):
        return "feed"
    if head.startswith(b"<?xml"):
        return "html" if re.search(rb"<html[\s>]", head, re.I) else "xml"
    if _HTML_SNIFF.search(head):
        return "html"
    if re.match(rb"<[A-Za-z][\w:.-]*[\s>]", head):
        return "xml"
    if head[:1] in (b"{", b"["):
        return "jsonl" if head[:1] == b"{" and b"\n{" in data[:65536] else "json"
    return "text"


def read_records(source: str, data: bytes) -> Iterator[Record]:
    """All records of one input, in order."""
    fmt = detect_format(source, data)
    if fmt == "warc":
        yield from warc_records(source, data)
    elif fmt == "feed":
        yield from feed_records(source, data)
    elif fmt == "jsonl":
        yield from jsonl_records(source, data)
    elif fmt == "json":
        yield from json_records(source, data)
    elif fmt == "xml":
        yield xml_document(source, data)
    else:
        yield text_document(source, data, fmt)


def text_document(source: str, data: bytes, kind: str, declared: str | None = None,
                  meta: dict | None = None) -> Document:
    """One text or HTML document; a guessed encoding is noted in ``meta["encoding_note"]``."""
    text, note = decode_noting(data, declared)
    meta = dict(meta or {})
    if note:
        meta["encoding_note"] = note
    return Document(source, text, kind, meta)


def _text(value: str) -> str:
    """A JSON string made storable: a lone surrogate (``"\\ud800"``, not UTF-8 at all) becomes U+FFFD."""
    return normalize_text(_SURROGATE.sub("\ufffd", value))


def _json(text: str) -> object:
    """``json.loads``; nesting too deep for the parser is a broken input, not a crash."""
    try:
        return json.loads(text)
    except RecursionError as e:
        raise InputError("JSON nested too deeply to read") from e


def _object_document(source: str, obj: object) -> Document:
    """A JSON object with ``text`` or ``html`` plus optional title/url/date/outlet/author."""
    if not isinstance(obj, dict):
        raise InputError("JSON record is not an object")
    body, kind = (obj.get("html"), "html") if obj.get("html") else (obj.get("text"), "text")
    if not isinstance(body, str) or not body.strip():
        raise InputError("JSON record has no 'text' or 'html' field")
    meta = {k: _text(obj[k]) for k in ("title", "url", "date", "outlet", "author")
            if isinstance(obj.get(k), str) and obj[k].strip()}
    return Document(source, _text(body), kind, meta)


def xml_document(source: str, data: bytes) -> Document:
    """Any other XML document (NewsML, a tokenised corpus file, ...): its text content, markup dropped."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
        words = [] if root is None else [t.strip() for t in root.itertext() if t.strip()]
    except (etree.XMLSyntaxError, UnicodeError, ValueError) as e:  # lxml: "&#xd800;" fails in itertext
        raise InputError(f"broken XML ({type(e).__name__}: {str(e)[:80]})") from e
    if not words:
        raise InputError("XML document holds no text")
    return Document(source, normalize_text(" ".join(words)), "text")


def jsonl_records(source: str, data: bytes) -> Iterator[Record]:
    text = decode(data)
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{source}#line={n}"
        try:
            yield _object_document(where, _json(line))
        except json.JSONDecodeError as e:
            yield Skipped(where, f"broken JSON line ({e.msg} at column {e.colno})")
        except InputError as e:
            yield Skipped(where, str(e))


def json_records(source: str, data: bytes) -> Iterator[Record]:
    try:
        obj = _json(decode(data))
    except json.JSONDecodeError as e:
        raise InputError(f"broken JSON ({e.msg} at line {e.lineno} column {e.colno})") from e
    items = obj if isinstance(obj, list) else [obj]
    if not items:
        raise InputError("JSON file holds an empty list (no records)")
    for n, item in enumerate(items):
        where = source if len(items) == 1 else f"{source}#item={n}"
        try:
            yield _object_document(where, item)
        except InputError as e:
            yield Skipped(where, str(e))


def parse_feed(data: bytes):
    """feedparser's reading of ``data``; its own crashes (``&#xd800;`` raises UnicodeEncodeError inside it) are a
    broken feed."""
    import feedparser

    try:
        return feedparser.parse(data)
    except (ValueError, UnicodeError, RecursionError) as e:
        raise InputError(f"broken RSS/Atom feed ({type(e).__name__}: {str(e)[:80]})") from e


def feed_records(source: str, data: bytes) -> Iterator[Record]:
    feed = parse_feed(data)
    if not feed.entries:
        raise InputError("RSS/Atom feed has no entries" + (f" ({feed.bozo_exception})" if feed.bozo else ""))
    outlet = feed.feed.get("title")
    for n, e in enumerate(feed.entries):
        where = f"{source}#entry={n}"
        body = (e.get("content") or [{}])[0].get("value") or e.get("summary") or ""
        if not body.strip():
            yield Skipped(where, "feed entry has no content or summary")
            continue
        meta = {"title": e.get("title"), "url": e.get("link"), "author": e.get("author"), "outlet": outlet}
        date = e.get("published_parsed") or e.get("updated_parsed")
        if date:
            meta["date"] = f"{date.tm_year:04d}-{date.tm_mon:02d}-{date.tm_mday:02d}"
        yield Document(where, normalize_text(body), "html", {k: v for k, v in meta.items() if v})


def warc_records(source: str, data: bytes) -> Iterator[Record]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    try:
        for n, rec in enumerate(ArchiveIterator(io.BytesIO(data))):
            doc = _warc_document(f"{source}#record={n}", rec)
            if doc is not None:
                found += 1
                yield doc
    except (ArchiveLoadFailed, ValueError, EOFError) as e:
        raise InputError(f"broken WARC file ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from e
    if not found:
        raise InputError("WARC file holds no HTML response records")


def _warc_document(where: str, rec) -> Record | None:
    if rec.rec_type != "response" or not rec.http_headers:
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if "html" not in ctype.lower():
        return None
    body = rec.content_stream().read()
    charset = re.search(r"charset=([\w-]+)", ctype)
    url = rec.rec_headers.get_header("WARC-Target-URI")
    try:
        if looks_binary(body):
            raise InputError("binary response body")
        return text_document(where, body, "html", charset.group(1) if charset else None, {"url": url} if url else {})
    except InputError as e:
        return Skipped(where, str(e))
