"""Ingest: every input format becomes Documents; every bad input becomes one Skipped with a reason."""
from __future__ import annotations

import gzip
import io
import json

import pytest

from newsprism.ingest import FetchOptions, detect_format, iter_documents
from newsprism.model import Document, Skipped

ARTICLE = "Ministers met in Geneva on Tuesday.\n\nThey agreed to meet again in May, officials said."
PAGE = ("<html><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
        "<p>Ministers met in Geneva on Tuesday.</p><p>They agreed to meet again in May, officials said.</p>"
        "</article></body></html>")


def docs(*paths, **kw):
    out = list(iter_documents([str(p) for p in paths], **kw))
    return [d for d in out if isinstance(d, Document)], [d for d in out if isinstance(d, Skipped)]


def test_plain_text_is_decoded_and_normalised(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Caf\u0065\u0301 talks\u00a0began.\r\nSecond line.", encoding="utf-8")
    (d,), skipped = docs(p)
    assert skipped == []
    assert d.kind == "text" and d.source == str(p)
    assert d.content == "Caf\u00e9 talks began.\nSecond line."  # NFC, NBSP -> space, CRLF -> LF


def test_legacy_encoding_is_detected(tmp_path):
    p = tmp_path / "latin.txt"
    text = "Le ministre a déclaré que les négociations étaient « très difficiles » à Genève. " * 5
    p.write_bytes(text.encode("cp1252"))
    (d,), _ = docs(p)
    assert "négociations" in d.content and "Genève" in d.content


def test_html_file(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    (d,), _ = docs(p)
    assert d.kind == "html" and "<article>" in d.content


def test_json_and_jsonl_records_carry_metadata(tmp_path):
    obj = {"text": ARTICLE, "title": "Talks", "url": "https://example.org/a", "date": "2023-06-19",
           "outlet": "Example News", "author": "Jane Roe"}
    (tmp_path / "one.json").write_text(json.dumps(obj))
    (tmp_path / "many.jsonl").write_text(json.dumps(obj) + "\n" + json.dumps({"html": PAGE}) + "\n")
    found, skipped = docs(tmp_path / "one.json", tmp_path / "many.jsonl")
    assert skipped == []
    assert [d.kind for d in found] == ["text", "text", "html"]
    assert found[0].meta == {k: v for k, v in obj.items() if k != "text"}
    assert found[2].source.endswith("many.jsonl#line=2")


def test_broken_json_line_is_skipped_and_the_rest_kept(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"text": ARTICLE}) + "\n{\"text\": \"unterminated\n" + json.dumps({"text": "Another article."}) + "\n")
    found, skipped = docs(p)
    assert len(found) == 2
    assert len(skipped) == 1 and skipped[0].source.endswith("#line=2") and "broken JSON line" in skipped[0].reason


def test_json_record_without_text_is_skipped(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text(json.dumps({"title": "no body"}) + "\n")
    found, (s,) = docs(p)
    assert found == [] and "no 'text' or 'html'" in s.reason


def test_gzip_of_any_format(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress((json.dumps({"html": PAGE}) + "\n").encode()))
    found, skipped = docs(tmp_path)
    assert skipped == [] and sorted(d.kind for d in found) == ["html", "text"]


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Talks resume</title><link>https://example.org/1</link><pubDate>Mon, 19 Jun 2023 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Ministers met in Geneva on Tuesday.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://example.org/2</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>Deal signed</title><link href="https://example.org/deal"/><updated>2023-05-02T08:00:00Z</updated>
<author><name>Ana Lima</name></author><content type="html">&lt;p&gt;The deal was signed.&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_entries(tmp_path):
    (tmp_path / "f.rss").write_text(RSS)
    (tmp_path / "g.xml").write_text(ATOM)  # found by sniffing, not by extension
    found, skipped = docs(tmp_path / "f.rss", tmp_path / "g.xml")
    assert [d.meta["title"] for d in found] == ["Talks resume", "Deal signed"]
    assert found[0].meta["date"] == "2023-06-19" and found[0].meta["outlet"] == "Example Wire"
    assert found[1].meta["author"] == "Ana Lima" and found[1].meta["url"] == "https://example.org/deal"
    assert len(skipped) == 1 and "no content" in skipped[0].reason


def _warc_bytes() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for uri, ctype, body in (("https://example.org/a", "text/html; charset=utf-8", PAGE.encode()),
                             ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00")):
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    return buf.getvalue()


def test_warc_html_responses(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(_warc_bytes())
    (d,), skipped = docs(p)
    assert skipped == [] and d.kind == "html" and d.meta["url"] == "https://example.org/a"
    assert "Ministers met in Geneva" in d.content


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\n ", "file is empty"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary data"),
    ("broken.json", b'{"text": "unterminated', "broken JSON"),
    ("broken.gz", b"\x1f\x8b\x08\x00garbage", "broken gzip"),
    ("broken.warc", b"WARC/1.0\r\nnonsense\r\n\r\n", "WARC"),
])
def test_bad_inputs_are_skipped_with_a_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    (tmp_path / "good.txt").write_text(ARTICLE)
    found, skipped = docs(tmp_path / name, tmp_path / "good.txt")
    assert len(found) == 1 and found[0].content == ARTICLE
    assert len(skipped) == 1 and skipped[0].source == str(tmp_path / name)
    assert reason in skipped[0].reason


def test_huge_file_is_skipped_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("x" * 2000)
    _, (s,) = docs(p, max_bytes=1000)
    assert "over the" in s.reason and "limit" in s.reason


def test_gzip_bomb_is_capped(tmp_path):
    p = tmp_path / "bomb.txt.gz"
    p.write_bytes(gzip.compress(b"a" * 5000))
    _, (s,) = docs(p, max_bytes=1000)
    assert "decompresses to over" in s.reason


def test_missing_path_and_empty_glob(tmp_path):
    _, skipped = docs(tmp_path / "nope.txt", str(tmp_path / "*.none"))
    assert [s.reason for s in skipped] == ["no such file or directory", "the pattern matches no file"]


def test_unreadable_file(tmp_path):
    import os

    p = tmp_path / "secret.txt"
    p.write_text(ARTICLE)
    p.chmod(0)
    if os.access(p, os.R_OK):  # root reads anything; use a directory entry that cannot be opened instead
        p.chmod(0o644)
        p = tmp_path / "dir.txt"
        p.mkdir()
        (p / "inner.txt").write_text(ARTICLE)
        found, skipped = docs(p)
        assert len(found) == 1  # a directory is walked, not read as a file
        return
    _, (s,) = docs(p)
    assert "permission denied" in s.reason


def test_directory_is_recursive_and_sorted_and_glob_expands(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second " + ARTICLE)
    (tmp_path / "1.txt").write_text("first " + ARTICLE)
    (tmp_path / ".hidden.txt").write_text("hidden " + ARTICLE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE)
    found, skipped = docs(tmp_path)
    assert [d.content.split()[0] for d in found] == ["hidden", "first", "second"]  # a hidden file is read
    assert [(s.source, s.reason.split(" (")[0]) for s in skipped] == [(str(tmp_path / ".git"), "hidden folder")]
    found, _ = docs(str(tmp_path / "**" / "*.txt"))
    assert len(found) == 2


@pytest.mark.parametrize("name,head,fmt", [
    ("x.htm", b"", "html"), ("x.dat", b"<!DOCTYPE html><html>", "html"), ("x", b"WARC/1.1\r\n", "warc"),
    ("x.xml", b"<?xml version='1.0'?><rss version='2.0'>", "feed"), ("x.out", b'{"a": 1}\n{"a": 2}', "jsonl"),
    ("x.out", b"[{}]", "json"), ("notes", b"Plain words.", "text"), ("x.TXT.GZ", b"", "text"),
    ("x.xml", b'<?xml version="1.0"?><doc><p>Words</p></doc>', "xml"), ("x.xml", b"<Document id='1'>", "xml"),
])
def test_format_detection(name, head, fmt):
    assert detect_format(name, head) == fmt


def test_urls_are_fetched_and_http_errors_skipped(tmp_path):
    import http.server
    import threading
    from functools import partial

    (tmp_path / "story.html").write_text(PAGE)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        out = list(iter_documents([f"{base}/story.html", f"{base}/gone.html"], fetch=FetchOptions(allow_private=True)))
        (refused,) = list(iter_documents([f"{base}/story.html"]))
    finally:
        server.shutdown()
    assert isinstance(out[0], Document) and out[0].kind == "html" and out[0].meta["url"].endswith("/story.html")
    assert isinstance(out[1], Skipped) and out[1].reason.startswith("HTTP 404")
    assert isinstance(refused, Skipped) and "non-public address 127.0.0.1" in refused.reason


def test_other_xml_documents_give_their_text(tmp_path):
    p = tmp_path / "tokens.xml"
    p.write_text('<Document doc_name="a"><token t_id="1">Ministers</token><token t_id="2">met</token>'
                 '<token t_id="3">in</token><token t_id="4">Geneva</token><Markables><M id="1"/></Markables></Document>')
    (d,), _ = docs(p)
    assert d.kind == "text" and d.content == "Ministers met in Geneva"
    (tmp_path / "empty.xml").write_text("<?xml version='1.0'?><root><a/></root>")
    _, (s,) = docs(tmp_path / "empty.xml")
    assert s.reason == "XML document holds no text"
