"""Writing report.json with finding sections read as they are written (``report.stream``)."""
from __future__ import annotations

import json

import pytest

from newsprism.report import Rows
from newsprism.report.stream import by_verdict, encode

DATA = {"schema_version": 1, "articles": [{"id": "a", "text": "line one\nline two «é»", "tags": []}],
        "relations": [{"a": "a", "b": "b", "passages": [{"text": "x", "spans": [1, 2]}], "extra": {}}],
        "entities": [], "coverage": {"rows": [{"id": "f1", "outlets": ["o"]}], "alone": {}},
        "facts": [{"id": "f1", "verdict": "update"}, {"id": "f2", "verdict": "agree"},
                  {"id": "f3", "verdict": "update"}], "skipped": []}


def lazy(items: list) -> Rows:
    calls = []
    rows = Rows(lambda: (calls.append(1), iter(items))[1], len(items))
    rows.calls = calls
    return rows


@pytest.mark.parametrize("indent", [1, 2, None])
def test_sections_read_while_written_give_the_json_of_the_whole_report(indent):
    whole = "".join(encode(DATA, indent))
    streamed = {k: lazy(v) if k in ("relations", "entities", "facts") else v for k, v in DATA.items()}
    assert "".join(encode(streamed, indent)) == whole
    assert json.loads(whole) == DATA
    if indent is None:
        assert whole == json.dumps(DATA, ensure_ascii=False)


@pytest.mark.parametrize("indent", [1, None])
def test_a_section_given_as_stored_json_text_is_copied_into_report_json_as_it_would_be_encoded(indent):
    """The store keeps each finding as its compact JSON; report.json copies that text instead of decoding and
    encoding it again, and the file is the same."""
    whole = "".join(encode(DATA, indent))
    texts = {k: Rows(lambda: iter(()), len(v), texts=lambda v=v: (json.dumps(x, ensure_ascii=False) for x in v))
             if k in ("relations", "facts") else v for k, v in DATA.items()}
    assert "".join(encode(texts, indent)) == whole


def test_each_finding_of_report_json_stands_on_its_own_line():
    lines = "".join(encode(DATA, 1)).splitlines()
    facts = [json.loads(ln.strip().rstrip(",")) for ln in lines if ln.strip().startswith('{"id": "f')]
    assert facts == DATA["facts"]  # grep a finding, get the whole finding
    assert '  {"a": "a", "b": "b", "passages": [{"text": "x", "spans": [1, 2]}], "extra": {}}' in lines
    assert ' "coverage": {' in lines  # the small nested sections stay indented


def test_a_section_is_fetched_again_for_each_file_and_never_kept():
    rows = lazy(DATA["facts"])
    assert len(rows) == 3 and rows and not lazy([])
    assert list(rows) == list(rows) == DATA["facts"]
    assert len(rows.calls) == 2


def test_facts_by_verdict_keep_report_order_within_a_verdict():
    assert [f["id"] for f in by_verdict(DATA["facts"])] == ["f2", "f1", "f3"]
    assert [f["id"] for f in by_verdict(lazy(DATA["facts"]))] == ["f2", "f1", "f3"]
