"""The command line on the bundled corpus and on bad input, as a user runs it."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsprism.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src/newsprism/schema/report.schema.json").read_text())


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args, input=None):
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)
    return invoke


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """`newsprism analyze examples/blinken-2023 --out OUT` once for the module."""
    from conftest import EXAMPLES

    out = tmp_path_factory.mktemp("demo")
    r = CliRunner().invoke(main, ["analyze", str(EXAMPLES), "--out", str(out / "out"), "--db", str(out / "n.db")],
                           catch_exceptions=False)
    return r, out / "out"


def test_analyze_writes_a_valid_report_for_the_bundled_corpus(demo_report, examples):
    r, out = demo_report
    assert r.exit_code == 0, r.output
    data = json.loads((out / "report.json").read_text())
    jsonschema.validate(data, SCHEMA)
    assert sorted(Path(a["path"]).name for a in data["articles"]) == sorted(p.name for p in examples.glob("*.txt"))
    assert all(a["text"] and a["title"] for a in data["articles"])
    assert "wrote" in r.output and "5 articles" in r.output


def test_html_report_escapes_scraped_text(run, tmp_path):
    evil = "<script>alert('x')</script> Ministers met in Geneva on Tuesday and agreed to talk again."
    (tmp_path / "evil.txt").write_text(f"<b>Bold</b> headline here\n\n{evil}\n\n{evil.upper()}\n")
    r = run("analyze", "evil.txt", "--out", "o")
    assert r.exit_code == 0, r.output
    html = (tmp_path / "o" / "report.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>Bold</b>" not in html


def test_bad_inputs_are_named_counted_and_exit_1(run, tmp_path, examples):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    body = "Talks in Geneva\n\nMinisters met in Geneva on Tuesday, officials said.\n\nThey will meet again in May."
    (tmp_path / "lines.jsonl").write_text(json.dumps({"text": body}) + "\n{broken\n")
    good = next(examples.glob("*.txt"))
    r = run("analyze", "empty.txt", "img.txt", "lines.jsonl", "missing.html", good, "--out", "o")
    assert r.exit_code == 1
    err_lines = [l for l in r.output.splitlines() if l.startswith("skipped ")]
    assert err_lines == ["skipped empty.txt: file is empty",
                         "skipped img.txt: binary data, not text (is it an image, PDF or archive?)",
                         "skipped lines.jsonl#line=2: broken JSON line (Expecting property name enclosed in double quotes at column 2)",
                         "skipped missing.html: no such file or directory"]
    data = json.loads((tmp_path / "o" / "report.json").read_text())
    assert len(data["articles"]) == 2 and len(data["skipped"]) == 4  # the good ones are all processed
    assert "2 articles, 4 inputs skipped" in r.output


def test_ingest_is_idempotent_and_lists_and_shows(run, examples):
    first = run("ingest", examples, "--json")
    assert first.exit_code == 0
    again = run("ingest", examples, "--json")
    assert json.loads(first.output)["new"] == 5 and json.loads(again.output)["new"] == 0
    listing = run("articles").output.strip().splitlines()
    assert len(listing) == 5
    aid = listing[0].split()[0]
    shown = run("show", aid[:8], "--boilerplate")
    assert shown.exit_code == 0 and f"id: {aid}" in shown.output and "-- removed --" in shown.output
    as_json = json.loads(run("show", aid, "--json").output)
    assert as_json["id"] == aid and as_json["text"] in shown.output


def test_stdin_is_read(run):
    text = "Talks resume in Geneva\n\nMinisters met in Geneva on Tuesday and agreed to meet again in May."
    r = run("ingest", "-", "--json", input=text)
    assert r.exit_code == 0 and json.loads(r.output)["new"] == 1


def test_unknown_article_id_is_one_line_with_a_hint(run):
    r = run("show", "ffffffff")  # reading creates no database
    assert r.exit_code == 2
    assert r.output.strip() == ("error: no database at newsprism.db; build one with "
                                "`newsprism analyze PATH... --db newsprism.db`")
    from newsprism.store import Store

    Store("newsprism.db").close()
    r = run("show", "ffffffff")
    assert r.exit_code == 2
    assert r.output.strip() == "error: article id 'ffffffff' matches no article; list ids with `newsprism articles`"


def test_every_command_and_option_is_documented(run):
    for cmd in main.commands.values():
        assert cmd.help, f"command {cmd.name} has no help"
        for p in cmd.params:
            if isinstance(p, __import__("click").Option):
                assert p.help, f"{cmd.name} {p.opts} has no help"
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for name in main.commands:
        assert f"newsprism {name}" in readme, f"README does not document `newsprism {name}`"


def test_user_rules_remove_house_lines_and_bad_rules_fail_once(run, tmp_path):
    (tmp_path / "a.txt").write_text("Talks in Geneva\n\nMinisters met in Geneva on Tuesday, officials said.\n\n"
                                    "Brought to you by Acme Widgets\n\nThey will meet again in May, officials said.\n")
    (tmp_path / "house.toml").write_text('[[rule]]\nreason = "sponsor"\npatterns = ["^brought to you by "]\n')
    assert run("analyze", "a.txt", "--out", "o", "--rules", "house.toml").exit_code == 0
    (art,) = json.loads((tmp_path / "o" / "report.json").read_text())["articles"]
    assert "Acme" not in art["text"]
    assert {"text": "Brought to you by Acme Widgets", "reason": "sponsor", "line": 5} in art["boilerplate"]
    (tmp_path / "bad.toml").write_text('[[rule]]\nreason = "x"\npatterns = ["(unclosed"]\n')
    r = run("analyze", "a.txt", "--out", "o2", "--rules", "bad.toml")
    assert r.exit_code == 2 and r.output.startswith("error: ") and len(r.output.strip().splitlines()) == 1


def test_story_lists_and_prints_a_brief(run, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_report_html import full_report

    (tmp_path / "r.json").write_text(json.dumps(full_report()))
    listing = run("story", "--report", "r.json")
    assert listing.exit_code == 0 and listing.output.startswith("s1  2 articles")
    brief = run("story", "s1", "--report", "r.json")
    assert brief.exit_code == 0 and "## Facts" in brief.output and "contradict" in brief.output
    missing = run("story", "s9", "--report", "r.json")
    assert missing.exit_code == 2 and missing.output.startswith("error: no story 's9'")
    assert run("story", "--report", "nope.json").exit_code == 1
