"""Dates aligned by what they date (parsed with spaCy): the same incident dated differently is a contradiction;
meetings with different people on different days are not."""
from __future__ import annotations

import pytest

from newsprism.compare import stage
from newsprism.model import Article, Entity, Mention, Report, TimeMention


def dated_report(texts: dict[str, str], dates: dict[str, list[tuple[str, str, str | None]]],
                 people: dict[str, list[str]] | None = None) -> Report:
    report = Report(articles=[Article(id=k, path=f"{k}.txt", raw=v, text=v, outlet=k) for k, v in texts.items()])
    for aid, items in dates.items():
        text = texts[aid]
        found = []
        for surface, value, part in items:
            at = text.index(surface)
            month = int(value.split("-")[1]) if value and len(value) >= 7 else None
            found.append(TimeMention(aid, at, at + len(surface), surface, "month", value, 0.7, part, month))
        report.set_article_field(aid, "dates", found)
    ents = []
    for n, (name, arts) in enumerate((people or {}).items(), 1):
        ms = [Mention(a, texts[a].index(name), texts[a].index(name) + len(name), name) for a in arts]
        ents.append(Entity(f"E{n}", name, "PERSON", mentions=ms))
    report.sections["entities"] = ents
    return report


@pytest.fixture(autouse=True)
def need_spacy():
    try:
        from newsprism.nlp import load_nlp

        load_nlp()
    except Exception as e:  # the stage still runs; dates just stay ungrouped
        pytest.skip(f"spaCy model not available: {e}")


def test_one_incident_dated_differently_is_a_contradiction():
    report = dated_report(
        {"a": "Tensions rose after the spy balloon incident in early January, officials said.",
         "b": "The military shot down a surveillance balloon over the coast in February.",
         "c": "The minister opened a new bridge in March."},
        {"a": [("early January", "2023-01", "early")], "b": [("in February", "2023-02", None)],
         "c": [("in March", "2023-03", None)]})
    stage.run(report)
    (balloon,) = [f for f in report.sections["facts"] if len(f.articles) > 1]
    assert balloon.verdict == "contradict" and balloon.attribute == "date"
    assert sorted(v.text for v in balloon.values) == ["early January", "in February"]
    assert "balloon" in balloon.subject
    lines = [s for s in report.sections["summary"] if s.fact == balloon.id]
    assert len(lines) == 2  # one cited sentence per date the sources give


def test_meetings_with_different_people_are_different_facts():
    report = dated_report(
        {"a": "The envoy held a long meeting with Li Wei in early June in the capital.",
         "b": "The envoy held a short meeting with Wang Tao in late June in the capital."},
        {"a": [("in early June", "2023-06", "early")], "b": [("in late June", "2023-06", "late")]},
        {"Li Wei": ["a"], "Wang Tao": ["b"]})
    stage.run(report)
    assert all(f.verdict != "contradict" for f in report.sections["facts"])
    assert all(len(f.articles) == 1 for f in report.sections["facts"])


def test_since_a_year_bounds_rather_than_dates():
    report = dated_report(
        {"a": "It was the first visit by a foreign minister since 2018, officials said.",
         "b": "The last visit by a foreign minister came in 2019, officials said."},
        {"a": [("2018", "2018", None)], "b": [("2019", "2019", None)]})
    stage.run(report)
    values = [v for f in report.sections["facts"] for v in f.values if v.text == "2018"]
    assert values and values[0].qualifier == "after"
    assert all(f.verdict != "contradict" for f in report.sections["facts"])
