"""The extract stage on the five demo articles, scored exactly as the acceptance check scores it.

The reuse stage normally flags garbled names; here its signals are simulated from the gold file's
``garbled_names`` (text, place, intended name), which is all that stage hands over.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newsprism.model import Article, Document, Provenance, Report, Signal, normalize_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "corpus" / "blinken-2023"
GOLD = SHARED / "corpus" / "blinken-2023.gold.json"
CHECK = SHARED / "tools" / "check_reading.py"


def seed_article(path: Path) -> Article:
    text = normalize_text(path.read_text(encoding="utf-8"))
    try:
        from newsprism.clean.base import clean_document
    except ImportError:
        return Article(id=path.stem, path=str(path), raw=text, text=text)
    return clean_document(Document(source=str(path), content=text, kind="text"))


def garbled_signals(report: Report, gold: dict) -> None:
    """What the reuse stage writes for each garbled name: a provenance signal with its span."""
    for article in report.articles:
        entry = next(a for a in gold["articles"] if a["id"] == Path(article.path).stem)
        for g in entry.get("garbled_names") or []:
            evidence = normalize_text(g["evidence"])
            at = article.text.find(evidence)
            if at < 0:
                continue
            start = at + evidence.index(g["text"])
            signal = Signal("garbled_name", g["text"], start, start + len(g["text"]), "a garbled copy of a name",
                            intended=g["intended"])
            if report.field_of(article.id, "provenance") is None:
                report.set_article_field(article.id, "provenance", Provenance("spun"))
            report.field_of(article.id, "provenance").signals.append(signal)


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip(f"demo corpus not found at {SEEDS} (the shared/ folder beside the repository)")
    from newsprism.extract import stage

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    report = Report(articles=[seed_article(p) for p in sorted(SEEDS.glob("*.txt"))])
    garbled_signals(report, gold)
    stage.run(report)  # spaCy is a test dependency (make test installs the nlp extra): missing it is a failure
    data = report.to_json()
    # The checker reads stated values under "facts": in a full run the compare stage's groups, whose values carry
    # the same text, value and unit. Without compare, extract's own mentions are what it should score.
    data.setdefault("facts", data["fact_mentions"])
    out = tmp_path_factory.mktemp("seeds") / "report.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return report, out


@pytest.fixture(scope="module")
def check_line(seed_report) -> str:
    _, path = seed_report
    done = subprocess.run([sys.executable, str(CHECK), str(path), str(GOLD)], capture_output=True, text=True)
    return done.stdout


def ratio(line: str, label: str) -> tuple[int, int]:
    m = re.search(rf"{label} (\d+)/(\d+)", line)
    assert m, f"'{label}' missing from: {line}"
    return int(m.group(1)), int(m.group(2))


def test_person_aliases_recall_at_least_0_9(check_line):
    ok, total = ratio(check_line, "person aliases")
    assert ok / total >= 0.9, check_line


def test_garbled_names_join_the_intended_person(check_line):
    ok, total = ratio(check_line, "garbled names repaired")
    assert ok == total, check_line


def test_direct_quotes_found_with_the_right_speaker(check_line):
    found, total = ratio(check_line, "statement quotes found")
    right, _ = ratio(check_line, "right speaker")
    assert found >= 0.9 * total, check_line
    assert right >= 0.85 * found, check_line


def test_the_three_meetings_are_dated(check_line):
    assert ratio(check_line, "meeting dates") == (3, 3), check_line


def test_every_talk_duration_is_a_number(check_line):
    assert ratio(check_line, "talk durations") == (4, 4), check_line


def test_durations_carry_their_qualifiers(seed_report):
    report, _ = seed_report
    by_text = {f.text.lower(): f for f in report.sections["fact_mentions"]}
    assert by_text["more than eight hours"].qualifier == "lower_bound"
    assert by_text["about six hours"].qualifier == "approximate"
    assert by_text["seven and a half hours"].value == 450 and by_text["seven and a half hours"].unit == "minutes"


def test_weekdays_resolve_against_the_dated_article(seed_report):
    report, _ = seed_report
    dated = [a for a in report.articles if a.published == "2023-06-22"]
    assert dated, "cleaning should read the dateline of the one dated seed"
    dates = report.field_of(dated[0].id, "dates")
    mondays = {d.value for d in dates if d.weekday == "monday"}
    sundays = {d.value for d in dates if d.weekday == "sunday"}
    assert mondays == {"2023-06-19"} and sundays == {"2023-06-18"}


def spans_in(record: dict, article_id: str):
    """(article, start, end, text) of a record and of every nested span-like dict in it."""
    if {"start", "end", "text"} <= record.keys() and isinstance(record.get("start"), int):
        yield record.get("article", article_id), record["start"], record["end"], record["text"]
    for value in record.values():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                yield from spans_in(item, record.get("article", article_id))


def test_every_span_quotes_the_article_text_exactly(seed_report):
    report, _ = seed_report
    texts = {a.id: a.text for a in report.articles}
    names = ("entities", "quotes", "events", "fact_mentions", "position_mentions")
    records = [r.to_dict() for name in names for r in report.sections[name]]
    records += [dict(d.to_dict(), article=aid) for aid, f in report.article_fields.items() for d in f.get("dates", [])]
    checked = 0
    for record in records:
        for article_id, start, end, text in spans_in(record, record.get("article")):
            if record.get("outside_text"):
                continue
            assert texts[article_id][start:end] == text, (record.get("id"), start, end, text)
            checked += 1
    assert checked > 500
