"""Verdicts and independence from small hand-made stories: a rising toll reported days apart is an update, the same
day it is a contradiction; qualifiers agree; a copied paragraph is one source for the facts it states and only
for those."""
from __future__ import annotations

import pytest

from newsprism.compare.facts import compare_facts
from newsprism.extract import stage as extract_stage
from newsprism.model import Article, FactGroup, Passage, Relation, Report


@pytest.fixture(scope="module", autouse=True)
def need_spacy():
    from newsprism.nlp import load_nlp

    load_nlp()


def story(texts: dict[str, tuple[str, str]], relations: list[Relation] | None = None) -> Report:
    """A one-thread report of ``{id: (published, text)}``, read by the extract stage."""
    report = Report(articles=[Article(k, f"{k}.txt", t, t, outlet=k, published=d) for k, (d, t) in texts.items()])
    for a in report.articles:
        report.set_article_field(a.id, "thread", "t1")
        report.set_article_field(a.id, "group", a.id)
    extract_stage.run(report)
    report.sections["relations"] = relations or []
    return report


def fact(groups: list[FactGroup], attribute: str) -> FactGroup:
    (g,) = [g for g in groups if g.attribute == attribute and len(g.articles) > 1]
    return g


def test_a_toll_rising_over_days_is_an_update():
    groups = compare_facts(story({"a": ("2024-03-01", "An earthquake killed 12 people on Friday."),
                                  "b": ("2024-03-03", "The earthquake has killed 40 people, officials said.")}))
    g = fact(groups, "killed")
    assert (g.verdict, g.change) == ("update", "rose")
    assert [v.as_of for v in g.values] == ["2024-03-01", "2024-03-03"]


def test_the_same_day_it_is_a_contradiction_listed_first():
    groups = compare_facts(story({"a": ("2024-03-01", "An earthquake killed 12 people on Friday."),
                                  "b": ("2024-03-01", "The earthquake killed 40 people on Friday."),
                                  "c": ("2024-03-01", "Friday's earthquake killed 12 people.")}))
    g = fact(groups, "killed")
    assert g.verdict == "contradict" and g.confidence and g.confidence >= 0.5
    assert groups[0] is g  # contradictions first, most confident first
    assert sorted(len(r["articles"]) for r in g.readings) == [1, 2]


def test_a_falling_toll_later_is_no_update():
    groups = compare_facts(story({"a": ("2024-03-01", "An earthquake killed 40 people on Friday."),
                                  "b": ("2024-03-03", "The earthquake killed 12 people on Friday.")}))
    assert fact(groups, "killed").verdict == "contradict"


def test_qualifiers_make_values_agree():
    groups = compare_facts(story({"a": ("2024-03-01", "At least 10 people were killed in the blast."),
                                  "b": ("2024-03-01", "The blast killed 12 people."),
                                  "c": ("2024-03-01", "The blast killed about 11 people.")}))
    g = fact(groups, "killed")
    assert g.verdict == "agree" and g.independent_sources == 3
    assert g.subject.startswith("People killed")
    assert g.id.startswith("f") and g.thread == "t1"


def test_independence_counts_copies_of_the_stating_sentence_only():
    shared = "A fire killed three people at a factory on Monday."
    a = f"{shared} The owner said 40 workers were evacuated."
    b = f"{shared} Officials said 40 workers were evacuated from the site."
    rel = Relation("a", "b", "partial", 0.5, passages=[Passage(0, len(shared), 0, len(shared), shared)])
    groups = compare_facts(story({"a": ("2024-03-04", a), "b": ("2024-03-04", b)}, [rel]))
    assert fact(groups, "killed").independent_sources == 1  # one copied sentence
    assert fact(groups, "evacuated").independent_sources == 2  # each in its own words


def test_ids_are_stable_across_runs():
    texts = {"a": ("2024-03-01", "The storm killed 5 people."), "b": ("2024-03-01", "The storm killed 5 people.")}
    assert [g.id for g in compare_facts(story(texts))] == [g.id for g in compare_facts(story(texts))]


def test_a_rank_stated_two_ways_is_a_contradiction_and_an_abbreviation_is_not():
    groups = compare_facts(story({"a": ("2024-03-01", "The navy spokesman Commander Ravi Menon said the ship was safe."),
                                  "b": ("2024-03-01", "Commodore Ravi Menon told reporters the ship was safe.")}))
    g = fact(groups, "rank")
    assert g.verdict == "contradict" and sorted(v.value for v in g.values) == ["commander", "commodore"]
    groups = compare_facts(story({"a": ("2024-03-01", "Detective Sergeant Ruth Hale said the van was found."),
                                  "b": ("2024-03-01", "Det. Ruth Hale said the van was found.")}))
    assert all(g.verdict != "contradict" for g in groups)


def test_an_office_is_no_rank():
    groups = compare_facts(story({"a": ("2024-03-01", "Attorney General Lena Brooks filed the charges."),
                                  "b": ("2024-03-01", "General Lena Brooks filed the charges, a report said.")}))
    assert not [g for g in groups if g.attribute == "rank" and g.verdict == "contradict"]


def test_clock_times_half_an_hour_apart_do_not_agree():
    from newsprism.compare.values import number_interval, overlaps

    about_ten = number_interval(600, "approximate", "about 10 a.m.", unit="minute of day")
    ten_thirty = number_interval(630, "approximate", "around 10:30 a.m.", unit="minute of day")
    assert not overlaps(about_ten, ten_thirty)
    assert overlaps(about_ten, number_interval(605, "exact", "10:05 a.m.", unit="minute of day"))


def test_weapons_clash_only_when_neither_can_be_the_other():
    groups = compare_facts(story({
        "a": ("2024-03-01", "Witnesses said the gunman who opened fire at the office brought a rifle."),
        "b": ("2024-03-02", "Police said the gunman was armed with a shotgun when he opened fire at the office."),
        "c": ("2024-03-02", "The gunman was armed with a shotgun, officers said.")}))
    g = fact(groups, "weapon")
    assert g.verdict == "contradict" and sorted(len(r["articles"]) for r in g.readings) == [1, 2]
    groups = compare_facts(story({
        "a": ("2024-03-01", "Witnesses said the gunman who opened fire at the office brought a gun."),
        "b": ("2024-03-02", "Police said the gunman was armed with a shotgun when he opened fire at the office.")}))
    assert fact(groups, "weapon").verdict == "agree"


def test_amounts_in_two_currencies_compare_at_the_years_rate():
    same = compare_facts(story({"a": ("2013-08-01", "Thieves stole jewellery worth €103 million from the hotel."),
                                "b": ("2013-08-01", "Thieves stole jewellery worth $136 million from the hotel."),
                                "c": ("2013-08-02", "Thieves stole jewellery worth £88m from the hotel.")}))
    g = fact(same, "amount")
    assert g.verdict == "agree" and len(g.articles) == 3 and "exchange rate" in (g.note or "")
    differ = compare_facts(story({"a": ("2013-08-01", "Thieves stole almost $2 million of jewellery."),
                                  "b": ("2013-08-01", "Thieves stole almost $2 million of jewellery, police said."),
                                  "c": ("2013-08-01", "Thieves stole £910,000 of jewellery."),
                                  "d": ("2013-08-01", "Thieves stole £910,000 of jewellery, police said.")}))
    assert fact(differ, "amount").verdict == "contradict"


def test_no_one_injured_contradicts_two_injured_the_same_day():
    groups = compare_facts(story({"a": ("2024-03-01", "The fire destroyed the store on Friday. No-one was injured."),
                                  "b": ("2024-03-01", "The fire destroyed the store on Friday. No one was hurt."),
                                  "c": ("2024-03-01", "Two people were injured when the fire destroyed the store.")}))
    g = fact(groups, "injured")
    assert g.verdict == "contradict" and sorted(v.value for v in g.values) == [0, 0, 2]
