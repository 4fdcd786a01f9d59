"""Updates on hand-made developing stories: figures that move over the days of a story (a rising toll, a revised
magnitude, an age a year later, a raised offer) are updates with the direction they moved; the same figures on
one day, or a toll that falls, are not. ``UPDATES`` is the update dev set whose recall the README reports."""
from __future__ import annotations

import pytest

from newsprism.compare.facts import compare_facts
from newsprism.extract import stage as extract_stage
from newsprism.model import Article, Report

# (attribute, change, [(published, text), ...]) — invented stories, one thread each
UPDATES = [
    ("killed", "rose", [("2024-05-01", "The flood killed 12 people on Wednesday."),
                        ("2024-05-02", "The flood has killed 25 people, officials said."),
                        ("2024-05-04", "The death toll from the flood rose to 41.")]),
    ("injured", "rose", [("2024-05-01", "The blast injured 30 people at the port."),
                         ("2024-05-03", "The blast at the port injured 57 people, the ministry said.")]),
    ("arrested", "rose", [("2024-05-01", "Police arrested five people after the riot."),
                          ("2024-05-02", "Police have now arrested 11 people after the riot.")]),
    ("magnitude", "rose", [("2024-05-01", "A 6.8 magnitude earthquake struck the coast."),
                           ("2024-05-02", "The earthquake, revised to magnitude 7.1, struck the coast.")]),
    ("age", "rose", [("2023-04-10", "The suspect, Daniel Okafor, 38, was arrested."),
                     ("2024-05-01", "Daniel Okafor, 39, was convicted on Tuesday.")]),
    ("age", "rose", [("2023-04-10", "Police named the gunman as Peter Vance, 41."),
                     (None, "Peter Vance, 41, was charged with murder."),
                     ("2024-06-02", "Peter Vance was convicted. Prosecutors said the 42-year-old man had planned it.")]),
    ("amount", "rose", [("2024-05-01", "The company offered a deal worth $40 million."),
                        ("2024-05-06", "The company raised its offer to a deal worth $46 million.")]),
]
NOT_UPDATES = [
    ("killed", [("2024-05-01", "The flood killed 12 people on Wednesday."),
                ("2024-05-01", "The flood killed 25 people on Wednesday.")]),
    ("killed", [("2024-05-01", "The flood killed 25 people on Wednesday."),
                ("2024-05-03", "The flood killed 12 people on Wednesday.")]),
]


@pytest.fixture(scope="module", autouse=True)
def need_spacy():
    from newsprism.nlp import load_nlp

    load_nlp()


def verdict_of(attribute: str, stated: list[tuple[str, str]]):
    report = Report(articles=[Article(f"a{n}", f"a{n}.txt", t, t, outlet=f"o{n}", published=d)
                              for n, (d, t) in enumerate(stated)])
    for a in report.articles:
        report.set_article_field(a.id, "thread", "t1")
    extract_stage.run(report)
    groups = [g for g in compare_facts(report) if g.attribute == attribute and len(g.articles) > 1]
    return groups[0] if groups else None


def test_update_recall_on_the_developing_stories():
    found = [(a, change) for a, change, stated in UPDATES
             if (g := verdict_of(a, stated)) is not None and (g.verdict, g.change) == ("update", change)]
    assert len(found) >= 6, f"updates found {len(found)}/{len(UPDATES)}: {found}"


@pytest.mark.parametrize("attribute,stated", NOT_UPDATES)
def test_same_day_or_falling_figures_are_no_update(attribute, stated):
    assert verdict_of(attribute, stated).verdict == "contradict"
