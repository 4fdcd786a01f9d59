"""Spans are the contract: every finding in the report quotes its article's cleaned text exactly."""
from __future__ import annotations

import pytest

import newsprism


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from conftest import EXAMPLES

    return newsprism.analyze([str(EXAMPLES)]).to_json()


def anchored(node, path="report"):
    """Every dict in the report that names an article and a [start, end) range, with where it sits."""
    if isinstance(node, dict):
        if isinstance(node.get("article"), str) and isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
            yield path, node
        for k, v in node.items():
            if k != "articles":
                yield from anchored(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from anchored(v, f"{path}[{i}]")


def test_the_pipeline_ran_every_stage(report):
    assert report["stage_errors"] == []
    for section in ("relations", "stories", "entities", "quotes", "events", "facts", "quote_groups", "positions",
                    "coverage", "timeline", "summary"):
        assert section in report, section


def test_every_quoted_span_equals_the_text_it_quotes(report):
    texts = {a["id"]: a["text"] for a in report["articles"]}
    sections = {k: v for k, v in report.items() if k != "articles"}
    checked = 0
    for path, d in anchored(sections):
        text = texts[d["article"]]
        assert 0 <= d["start"] <= d["end"] <= len(text), path
        if isinstance(d.get("text"), str):
            assert text[d["start"]:d["end"]] == d["text"], f"{path}: {d['text']!r}"
            checked += 1
    assert checked > 500


def test_summary_sentences_are_their_citations(report):
    texts = {a["id"]: a["text"] for a in report["articles"]}
    assert report["summary"]
    for line in report["summary"]:
        assert line["citations"]
        assert any(texts[c["article"]][c["start"]:c["end"]] == line["text"] for c in line["citations"])


def test_relation_passages_and_provenance_signals_point_into_their_articles(report):
    texts = {a["id"]: a["text"] for a in report["articles"]}
    for r in report["relations"]:
        for p in r["passages"]:
            assert 0 <= p["a_start"] < p["a_end"] <= len(texts[r["a"]])
            assert 0 <= p["b_start"] < p["b_end"] <= len(texts[r["b"]])
    signals = [(a["id"], s) for a in report["articles"] for s in (a.get("provenance") or {}).get("signals", [])]
    assert signals
    for aid, s in signals:
        if s.get("start") is not None:  # evidence in a removed line (a credit) has no span in the text
            assert texts[aid][s["start"]:s["end"]] == s["text"]
