"""The Python API returns the same objects the CLI prints, and every article's text is its own."""
from __future__ import annotations

import json

import newsprism
from newsprism.model import Span


def test_analyze_returns_articles_with_metadata_and_writes_the_report(examples, tmp_path):
    report = newsprism.analyze([str(examples)], out=str(tmp_path / "out"))
    assert len(report.articles) == 5 and report.skipped == []
    on_disk = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [a["id"] for a in on_disk["articles"]] == [a.id for a in report.articles]
    assert all("\u00a0" not in a.text for a in report.articles)  # normalised before cleaning


def test_same_content_from_two_paths_is_one_article(examples, tmp_path):
    src = sorted(examples.glob("*.txt"))[0]
    (tmp_path / "copy.txt").write_bytes(src.read_bytes())
    report = newsprism.analyze([str(src), str(tmp_path / "copy.txt")])
    assert len(report.articles) == 1


def test_ingest_then_read_back_from_a_database(examples, tmp_path):
    db = str(tmp_path / "n.db")
    first = newsprism.ingest([str(examples)], db=db)
    assert first.new == 5 and newsprism.ingest([str(examples)], db=db).new == 0
    stored = newsprism.articles(db=db)
    assert [a.id for a in stored] == first.article_ids
    one = newsprism.article(stored[0].id[:6], db=db, with_raw=True)
    assert one.raw and one.text and one.text != one.raw


def test_spans_quote_the_cleaned_text(examples):
    a = newsprism.analyze([str(sorted(examples.glob("*.txt"))[0])]).articles[0]
    word = a.text.split()[3]
    span = Span.find(a.id, a.text, word)
    assert a.quote(span) == word and len(span) == len(word)


def test_parallel_cleaning_gives_the_same_articles_in_the_same_order(examples, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"")
    paths = [str(p) for p in sorted(examples.glob("*.txt"))] + [str(tmp_path / "bad.txt")]
    one, two = newsprism.analyze(paths, jobs=1), newsprism.analyze(paths, jobs=2)
    assert [a.to_dict() for a in one.articles] == [a.to_dict() for a in two.articles]
    assert [s.source for s in two.skipped] == [str(tmp_path / "bad.txt")]


def test_a_one_line_record_is_its_own_body(tmp_path):
    line = "Ministers met in Geneva on Tuesday, officials said."
    (tmp_path / "brief.jsonl").write_text('{"text": "%s", "title": "Geneva talks"}\n' % line)
    (a,) = newsprism.analyze([str(tmp_path / "brief.jsonl")]).articles
    assert a.text == line and a.title == "Geneva talks"


def test_a_failing_stage_is_reported_and_the_others_still_run(examples, monkeypatch):
    from newsprism import pipeline
    from newsprism.errors import MissingDependency

    def broken(report):
        raise ZeroDivisionError("division by zero")

    def absent(report):
        raise MissingDependency("spaCy is not installed; run: pip install 'newsprism[nlp]'")

    def fine(report):
        report.sections["relations"] = []

    stages = [pipeline.Stage("one", "x:y"), pipeline.Stage("two", "x:y"), pipeline.Stage("three", "x:y", assigns=("relations",))]
    funcs = dict(zip(("one", "two", "three"), (broken, absent, fine)))
    monkeypatch.setattr(pipeline, "STAGES", stages)
    monkeypatch.setattr(pipeline.Stage, "load", lambda self: funcs[self.name])
    report = newsprism.analyze([str(sorted(examples.glob("*.txt"))[0])])
    assert report.sections == {"relations": []}
    assert [str(e) for e in report.stage_errors] == [
        "stage one failed: ZeroDivisionError: division by zero (a bug; please report it)",
        "stage two failed: spaCy is not installed; run: pip install 'newsprism[nlp]'"]
