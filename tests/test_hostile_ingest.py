"""One bad input never kills the batch: each defect of issue 10 as a small case, next to a good input that stays."""
from __future__ import annotations

import codecs
import gzip
import os

import pytest
from click.testing import CliRunner

from newsprism.clean import CleanOptions, clean_document
from newsprism.cli import main
from newsprism.ingest import iter_documents
from newsprism.model import Document, Skipped

GOOD = "Ministers met in Geneva on Tuesday to discuss the ceasefire.\n\nThey agreed to meet again in May, officials said."


def read(*paths, **kw):
    out = list(iter_documents([str(p) for p in paths], **kw))
    return [d for d in out if isinstance(d, Document)], {s.source: s.reason for s in out if isinstance(s, Skipped)}


@pytest.mark.parametrize("name,data,reason", [
    ("sur.json", b'{"text": "Talks \\ud800 resumed in Geneva on Tuesday, officials said."}', None),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply to read"),
    ("deep.jsonl", b'{"a":' * 100_000 + b"1" + b"}" * 100_000 + b'\n{"x": 1}\n', "JSON nested too deeply to read"),
    ("empty.json", b"[]", "JSON file holds an empty list (no records)"),
    ("bad.txt.gz", gzip.compress(GOOD.encode() * 50)[:20] + b"\0" * 10 + gzip.compress(GOOD.encode() * 50)[30:],
     "broken gzip data"),
])
def test_a_bad_input_is_skipped_with_a_reason_and_the_good_one_kept(tmp_path, name, data, reason):
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / name).write_bytes(data)
    found, skipped = read(tmp_path)
    assert GOOD in [d.content for d in found]
    if reason is None:  # a lone surrogate is replaced, the record kept and storable
        (doc,) = [d for d in found if d.source.endswith(name)]
        assert "\ufffd" in doc.content and doc.content.encode("utf-8")
    else:
        assert any(r.startswith(reason) for s, r in skipped.items() if name in s), skipped


def test_special_files_and_symlinks_out_of_the_tree_are_skipped_not_read(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "fifo")
    os.symlink("/dev/zero", tmp_path / "zero")
    os.symlink("/etc/hostname", tmp_path / "outside.txt")
    os.symlink(tmp_path / "good.txt", tmp_path / "inside.txt")
    found, skipped = read(tmp_path)
    assert sorted(os.path.basename(d.source) for d in found) == ["good.txt", "inside.txt"]
    assert skipped[str(tmp_path / "fifo")].startswith("not a regular file")
    assert "leads out of the input folder" in skipped[str(tmp_path / "zero")]
    assert "--follow-symlinks" in skipped[str(tmp_path / "outside.txt")]
    found, skipped = read(tmp_path / "zero")  # named explicitly: still not read, never an endless read
    assert skipped == {str(tmp_path / "zero"): "not a regular file (a device, FIFO or socket); skipped"}


def test_a_non_utf8_file_name_is_read_and_stored(tmp_path):
    (tmp_path / "in").mkdir()
    raw = os.fsencode(str(tmp_path)) + b"/in/caf\xe9.txt"
    with open(raw, "wb") as f:
        f.write(GOOD.encode())
    db = str(tmp_path / "n.db")
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    assert "caf\ufffd.txt" in CliRunner().invoke(main, ["show", r.stdout.split('"')[3], "--db", db]).output


def test_hidden_files_are_read_and_hidden_folders_reported(tmp_path):
    (tmp_path / "...txt").write_text(GOOD)
    for d in (".x", "_x"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(GOOD + d)
    found, skipped = read(tmp_path)
    assert [os.path.basename(d.source) for d in found] == ["...txt"]
    assert set(skipped) == {str(tmp_path / ".x"), str(tmp_path / "_x")}
    found, _ = read(tmp_path / ".x")  # a hidden folder named explicitly is read
    assert len(found) == 1


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_bom_marked_utf16_and_utf32_are_read(tmp_path, codec):
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    (tmp_path / "a.txt").write_bytes(bom + GOOD.encode(codec))
    (doc,), skipped = read(tmp_path / "a.txt")
    assert doc.content == GOOD and not skipped and "encoding_note" not in doc.meta


def test_a_guessed_encoding_is_said_in_the_article(tmp_path):
    (tmp_path / "a.txt").write_bytes(("Le ministre a déclaré à Genève que les négociations reprendront. " * 5).encode("cp1252"))
    (doc,), _ = read(tmp_path / "a.txt")
    article = clean_document(doc)
    (note,) = [b for b in article.boilerplate if b.reason == "encoding_guessed"]
    assert "guessed" in note.text and "déclaré" in article.text


@pytest.mark.parametrize("text", [
    "東京で開かれた会議で、外務大臣は来週ジュネーブで協議を再開すると述べた。関係者によると、双方は合意に近づいている。\n\n"
    "会議には多くの国の代表が参加し、長時間にわたり議論が行われた。",
    "外交部长周一表示，谈判将于下周在日内瓦恢复。官员们说，双方已接近达成协议。\n\n会议持续了很长时间，许多国家的代表参加了讨论。",
])
def test_cjk_paragraphs_are_not_boilerplate(text):
    article = clean_document(Document("x.txt", text, "text"))
    assert article.text == text and article.boilerplate == []


def test_cleaning_budgets_bound_hostile_text():
    bang = clean_document(Document("b.txt", GOOD + "\n\n" + "!" * 30_000, "text"))
    assert "They agreed to meet" in bang.text and "!!" not in bang.text
    assert [b.reason for b in bang.boilerplate if b.reason == "unbroken_run"] == ["unbroken_run"]
    huge = clean_document(Document("h.txt", "Words of a long story, he said. " * 40_000, "text"),
                          CleanOptions(max_text_chars=10_000))
    assert len(huge.text) <= 10_000 and huge.boilerplate[-1].reason == "over_text_budget"


def test_a_document_over_the_time_budget_is_skipped_with_the_reason():
    from newsprism.api import clean_or_skip

    slow = Document("slow.html", "<html><body>" + "<p>Para of text and words here.</p>" * 40_000 + "</body></html>",
                    "html")
    out = clean_or_skip(slow, CleanOptions(max_clean_seconds=0.5, budget_from_chars=1000))
    assert isinstance(out, Skipped) and out.reason.startswith("took longer than 0.5 s")


def test_a_year_one_date_does_not_break_a_stage(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text('{"text": "The minister said yesterday that talks resumed last week, '
                                            'officials said on Tuesday.", "date": "0001-01-01"}')
    (tmp_path / "in" / "b.txt").write_text(GOOD)
    r = CliRunner().invoke(main, ["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--db",
                                  str(tmp_path / "n.db"), "-q"])
    assert r.exit_code == 0 and "failed" not in r.output, r.output


def test_an_internal_error_is_exit_3_in_one_line(tmp_path, monkeypatch):
    from newsprism import api

    monkeypatch.setattr(api, "ingest", lambda *a, **k: 1 / 0)
    r = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", str(tmp_path / "n.db")])
    assert r.exit_code == 3 and r.output.startswith("error: newsprism failed (ZeroDivisionError")


def test_gigantic_html_is_bounded_before_parsing():
    from newsprism.api import clean_or_skip

    many = Document("ps.html", "<html><body>" + "<p>x</p>" * 200_000, "html")
    attrs = " ".join(f'a{i}="{i}"' for i in range(100_000))
    wide = Document("attrs.html", f"<html><body><p {attrs}>Talks resumed today in Geneva after a long pause, "
                    "officials said.</p></body></html>", "html")
    skipped, article = clean_or_skip(many), clean_or_skip(wide)  # timings of these pages live in bench/fuzz.py
    assert isinstance(skipped, Skipped) and "over 50,000 elements" in skipped.reason
    assert article.text == "Talks resumed today in Geneva after a long pause, officials said."


def test_the_time_budget_holds_in_worker_processes_too(tmp_path):
    from newsprism import api

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(GOOD)
    (tmp_path / "in" / "slow.html").write_text("<html><body>" + "<p>Para of text and words here.</p>" * 40_000)
    r = api.ingest([str(tmp_path / "in")], db=str(tmp_path / "n.db"), jobs=2,
                   options=CleanOptions(max_clean_seconds=0.5, budget_from_chars=1000))
    assert len(r.article_ids) == 1
    assert [(s.source.rsplit("/", 1)[1], s.reason.split(";")[0]) for s in r.skipped] == [
        ("slow.html", "took longer than 0.5 s to clean")]


_PARENT = os.getpid()


def _dies_on_2(item, options):
    """``api._clean_item``, except that a worker process handed ``2.txt`` is killed (out of memory, kill -9)."""
    from newsprism import api

    if isinstance(item, Document) and item.source.endswith("2.txt") and os.getpid() != _PARENT:
        os._exit(9)
    return api.clean_or_skip(item, options) if isinstance(item, Document) else item


def test_a_cleaning_worker_that_dies_loses_no_document(tmp_path, monkeypatch):
    from newsprism import api

    (tmp_path / "in").mkdir()
    for n in range(6):
        (tmp_path / "in" / f"{n}.txt").write_text(f"Report {n}. {GOOD}")
    monkeypatch.setattr(api, "_clean_item", _dies_on_2)
    r = api.ingest([str(tmp_path / "in")], db=str(tmp_path / "n.db"), jobs=2)
    assert len(r.article_ids) == 6 and r.skipped == []


def test_extraction_contains_a_failing_finder_a_flood_and_a_slow_article(monkeypatch):
    """One finder failing on an article loses only its own findings; an article with thousands of values keeps the
    first ones and says so; an article over the time budget is left out with the reason, and the others stand."""
    from dataclasses import replace

    from newsprism.extract import positions, stage
    from newsprism.model import Article
    from newsprism.nlp import load_nlp

    nlp = load_nlp()
    good = Article("g", "good.txt", "", 'Police said 12 people were hurt. "We are safe," the mayor said on Monday.',
                   published="2024-03-04")
    flood = Article("f", "flood.txt", "", " ".join(f"Crews counted {n + 2} boats." for n in range(60)))
    monkeypatch.setattr(stage, "BUDGET", replace(stage.BUDGET, max_findings=25))

    def broken(*args):
        raise ValueError("a bug")

    monkeypatch.setattr(positions, "find_positions", broken)
    reading = stage.read_corpus([good, flood], [nlp(good.text), nlp(flood.text)])
    assert any(f.article == "g" and f.value == 12 for f in reading.facts)  # claims survive the broken finder
    assert any(q.article == "g" for q in reading.quotes)
    assert sum(f.article == "f" for f in reading.facts) == 25
    reasons = {s.source: s.reason for s in reading.skipped}
    assert "a bug" in reasons["good.txt#positions"] and "findings budget" in reasons["flood.txt#claims"]

    def slow(*args):
        import time
        time.sleep(5)
        return []

    monkeypatch.setattr(stage, "BUDGET", replace(stage.BUDGET, max_extract_seconds=0.2))
    monkeypatch.setattr(positions, "find_positions", slow)
    reading = stage.read_corpus([good], [nlp(good.text)])
    assert not reading.facts and "took longer than 0.2 s" in reading.skipped[0].reason
