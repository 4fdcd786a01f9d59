"""report.html: every section renders, the plots are there, and no scraped text escapes as markup."""
from __future__ import annotations

import re

from newsprism.report import render_html
from newsprism.report import svg

EVIL = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def full_report() -> dict:
    """A report with every section, every text field hostile."""
    art = lambda i, status: {"id": i, "path": f"{i}.txt", "title": f"T{i} {EVIL}", "byline": EVIL, "outlet": f"O{i} {EVIL}",
                             "published": "2023-06-19", "credits": [EVIL], "text": f"Body {EVIL}",
                             "boilerplate": [{"text": EVIL, "reason": "advertisement", "line": 2}],
                             "provenance": {"status": status, "apparent_outlet": EVIL, "apparent_author": EVIL,
                                            "signals": [{"kind": "garbled_name", "text": EVIL, "start": 0, "end": 4,
                                                         "explanation": EVIL}]}, "group": "g1"}
    value = lambda a, v: {"article": a, "value": v, "unit": "hours", "qualifier": "about", "text": EVIL, "start": 0, "end": 4}
    return {
        "schema_version": "1.0", "articles": [art("a1", "original"), art("a2", "spun")], "skipped": [{"source": EVIL, "reason": EVIL}],
        "relations": [{"a": "a1", "b": "a2", "kind": "rewrite", "score": 0.8, "original": "a1",
                       "passages": [{"a_start": 0, "a_end": 4, "b_start": 0, "b_end": 4, "text": EVIL}]}],
        "stories": [{"id": "s1", "title": EVIL, "articles": ["a1", "a2"], "thread": "t1"}],
        "facts": [{"id": "f1", "subject": EVIL, "attribute": "duration", "verdict": "contradict", "articles": ["a1", "a2"],
                   "independent_sources": 2, "values": [value("a1", 5), value("a2", 8)], "note": EVIL},
                  {"id": "f2", "subject": "x", "attribute": "date", "verdict": "agree", "articles": ["a1"],
                   "independent_sources": 1, "values": [value("a1", 1)]},
                  {"id": "f3", "subject": EVIL, "attribute": "count:dead", "verdict": "update", "change": "rose",
                   "articles": ["a1", "a2"], "independent_sources": 2, "values": [value("a1", 3), value("a2", 7)],
                   "thread": "t1"}],
        "timeline": [{"id": "t1a2b3c4d5e6f", "date": "2023-06-18", "precision": "day", "text": EVIL, "articles": ["a1"],
                      "citations": [{"article": "a1", "start": 0, "end": 4}], "thread": "t1"},
                     {"id": "t6f5e4d3c2b1a", "date": "2022-11", "precision": "month", "text": "Bali", "articles": ["a2"]}],
        "summary": [{"id": "l1a2b3c4d5e6f", "text": EVIL, "kind": "corroborated", "score": 2.0, "independent_backing": 2,
                     "thread": "t1", "citations": [{"article": "a1", "start": 0, "end": 4}]},
                    {"id": "l6f5e4d3c2b1a", "text": EVIL, "kind": "disagreement", "fact": "f1",
                     "disputes": [{"fact": "f1", "reading": 0, "value": EVIL, "subject": EVIL}],
                     "citations": [{"article": "a2", "start": 0, "end": 4}]}],
        "quote_groups": [{"id": "qg1a2b3c4d5e6f", "speaker_names": [EVIL], "match": "reworded", "articles": ["a1", "a2"],
                          "members": [{"article": "a1", "text": EVIL}, {"article": "a2", "text": EVIL + " now"}],
                          "diffs": [{"flag": "reworded", "ops": [{"op": "equal", "a": EVIL, "b": EVIL},
                                                                 {"op": "insert", "a": "", "b": EVIL}]}]}],
        "positions": [{"actor": "e1", "name": EVIL, "demands": [{"id": "st1a2b3c4d5e6f", "text": EVIL, "articles": ["a1"]}]}],
        "coverage": {"outlets": [{"outlet": f"O1 {EVIL}", "articles": ["a1"]}],
                     "rows": [{"kind": "fact", "id": "f1", "label": EVIL, "articles": ["a1"], "outlets": [f"O1 {EVIL}"],
                               "independent_sources": 1}]},
        "entities": [{"id": "e1", "name": EVIL, "type": "PERSON", "aliases": [EVIL, {"text": EVIL}], "mentions": []}],
        "new_section_from_a_later_stage": [{"text": EVIL}],
    }


def test_every_section_renders_with_its_plots():
    html = render_html(full_report())
    for anchor in ("summary", "facts", "timeline", "relations", "coverage", "quote_groups", "positions", "stories",
                   "articles", "entities", "skipped", "new_section_from_a_later_stage"):
        assert f'id="{anchor}"' in html, anchor
    assert html.count("<svg") == 3  # copy graph, timeline, coverage heatmap
    assert "contradict" in html and "#f4c7c3" in html  # contradicting fact rows are coloured
    assert "#d6e6f5" in html  # ... and a value that changed over the story (update) in its own colour


def test_no_scraped_text_becomes_markup():
    html = render_html(full_report())
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "span", "b", "i", "a",
                    "nav", "ul", "li", "table", "tr", "th", "td", "details", "summary", "div", "section", "br",
                    "blockquote", "pre", "svg", "line", "circle", "text", "rect"}


def test_plots_place_items_by_value():
    t = svg.timeline([{"date": "2023-06-19", "text": "late", "articles": ["a"]},
                      {"date": "2022-11", "text": "early", "articles": ["a", "b"]}])
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', t)]
    assert xs[0] < xs[1]  # sorted by date: November 2022 left of June 2023
    assert svg.timeline([{"date": "sometime", "text": "x"}]) == ""  # nothing dated, no empty plot
    g = svg.copy_graph([{"id": "a"}, {"id": "b"}, {"id": "c"}], [{"a": "a", "b": "b", "kind": "syndicated", "score": 1}])
    assert g.count("<circle") == 3 and g.count("<line") == 1 and svg.KIND_COLOURS["syndicated"] in g


def test_markdown_brief_keeps_tables_intact_and_filters_by_story():
    from newsprism.report import render_markdown

    data = full_report()
    data["facts"][0]["subject"] = "talks | duration"
    md = render_markdown(data)
    assert "## Facts" in md and "## Timeline" in md and "## Who copied whom" in md and "## Summary" in md
    row = next(l for l in md.splitlines() if l.startswith("| **contradict**"))
    assert "talks \\| duration" in row and row.count(" | ") == 3  # a pipe in scraped text does not add a column
    verdicts = [l.split("**")[1] for l in md.splitlines() if l.startswith("| **")]
    assert verdicts == ["contradict", "update", "agree"]  # disagreements first, then what changed
    assert render_markdown(data, story="s1").count("| O") == 2
    import pytest

    with pytest.raises(KeyError, match="no story 'nope'"):
        render_markdown(data, story="nope")
