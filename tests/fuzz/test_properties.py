"""Property-based tests (hypothesis) on the readers and cleaners: any bytes or text in, a record or a reason out."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsprism.api import clean_or_skip
from newsprism.cli import safe
from newsprism.clean.plaintext import clean_plain
from newsprism.errors import InputError
from newsprism.ingest.formats import read_records
from newsprism.ingest.read import decode_noting
from newsprism.model import Document, Skipped
from newsprism.report.markdown import md_escape

# Derandomized so CI sees the same examples every run; NEWSPRISM_FUZZ_EXPLORE=N explores N random examples a test.
EXPLORE = int(os.environ.get("NEWSPRISM_FUZZ_EXPLORE", "0"))
FAST = settings(max_examples=EXPLORE or 120, deadline=None, derandomize=not EXPLORE, database=None,
                suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.rss", "a.warc", "a.xml", "noext"])
MARKUP = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<script>", "&amp;", "&#xd800;", "<title>", "{", "[",
                                   '"text": "', "\\ud800", "<rss>", "<item>", "WARC/1.0\r\n", "\n", " ", "é", "東"])
                  | st.text(max_size=20), max_size=60).map("".join)


def _records(name: str, data: bytes) -> list:
    try:
        return list(read_records(name, data))
    except InputError as e:
        assert str(e).strip()
        return []


@FAST
@given(NAMES, st.binary(max_size=3000) | MARKUP.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_give_records_or_one_reason(name, data):
    for rec in _records(name, data):
        assert isinstance(rec, (Document, Skipped))
        if isinstance(rec, Document):
            rec.content.encode("utf-8")  # storable: no lone surrogate
        else:
            assert rec.reason.strip()


@FAST
@given(st.binary(max_size=2000))
def test_decoding_gives_text_or_a_reason(data):
    try:
        text, note = decode_noting(data)
    except InputError as e:
        assert str(e).strip()
        return
    assert text.strip() and (note is None or "guessed" in note)


@FAST
@given(st.sampled_from(["text", "html"]), MARKUP | st.text(max_size=3000))
def test_cleaning_never_raises_and_plain_text_keeps_raw_lines(kind, content):
    got = clean_or_skip(Document("x", content, kind))
    if isinstance(got, Skipped):
        assert got.reason.strip()
        return
    assert got.text.strip()
    if kind == "text":  # cleaning removes lines, it never rewrites one
        assert all(line in content for line in got.text.split("\n"))


@FAST
@given(st.text(max_size=2000))
def test_plain_text_cleaning_keeps_every_line_verbatim_or_as_boilerplate(text):
    c = clean_plain(text)
    lines = [line for line in text.split("\n") if line.strip()]
    kept = [line for line in c.text.split("\n") if line]
    assert len(kept) + len(c.boilerplate) == len(lines)


@FAST
@given(st.text(max_size=300))
def test_escaped_markdown_renders_no_tag_and_keeps_the_text(text):
    one_line = " ".join(text.split())
    html = MarkdownIt("commonmark").render(f"- {md_escape(one_line)}\n")
    assert html.count("<") == html.count("<li>") + html.count("</li>") + html.count("<ul>") + html.count("</ul>")


@FAST
@given(st.text(max_size=300))
def test_terminal_text_has_no_control_characters(text):
    out = safe(text)
    assert not any(ord(ch) < 32 and ch not in "\n\t" or 0x7f <= ord(ch) <= 0x9f for ch in out)
