"""Events of every kind from small hand-written articles: type, class, CAMEO, who/whom/where, dated mentions."""
from __future__ import annotations

import pytest

from newsprism.extract import event_types
from newsprism.model import Article, Report


def article(text: str, aid: str = "a1", published: str | None = "2010-01-14") -> Article:
    return Article(id=aid, path=f"{aid}.txt", raw=text, text=text, published=published)


@pytest.fixture(scope="module")
def read():
    from newsprism.extract import stage

    def run(*arts: Article) -> Report:
        report = Report(articles=list(arts))
        stage.run(report)
        return report

    return run


def events_of(report: Report, type_: str):
    return [e for e in report.sections["events"] if e.type == type_]


def names(report: Report) -> dict[str, str]:
    return {e.id: e.name for e in report.sections["entities"]}


def test_every_type_of_the_vocabulary_has_a_class_and_every_trigger_a_type():
    assert set(event_types.TRIGGERS.values()) <= set(event_types.TYPES)
    assert event_types.type_class("arrest") == "justice" and event_types.TYPES["arrest"][1] == "173"
    assert event_types.type_class("earthquake") == "disaster"
    assert event_types.type_class("something else") == "something else"


def test_a_disaster_is_found_from_its_noun_with_place_and_relative_date(read):
    r = read(article("A powerful earthquake struck Haiti on Tuesday, flattening much of the capital."))
    quake = events_of(r, "earthquake")[0]
    assert quake.attributes["class"] == "disaster"
    assert quake.date == "2010-01-12"  # the Tuesday before the article's Thursday
    assert quake.attributes["mention_dates"][0]["how"] == "relative"


def test_an_arrest_has_who_and_whom_and_its_cameo_code(read):
    r = read(article("Police arrested John Carter in Boston on Monday after a long search."))
    arrest = events_of(r, "arrest")[0]
    assert arrest.cameo == "173"
    who = names(r)
    assert [who[i] for i in arrest.attributes["roles"]["whom"]] == ["John Carter"]
    assert arrest.date == "2010-01-11"
    assert who.get(arrest.place) == "Boston"


def test_trial_verdict_sentence_resignation_and_acquisition_are_typed(read):
    r = read(article("The jury convicted Mark Stone on Wednesday. A judge sentenced him to ten years. "
                     "The chief executive resigned on Monday. Acme Corp acquired Beta Inc on Tuesday."))
    types = {e.type for e in r.sections["events"]}
    assert {"verdict", "sentence", "resignation", "acquisition"} <= types


def test_a_mention_without_a_date_of_its_own_inherits_the_previous_sentence_date(read):
    r = read(article("Rebels seized the town of Zawiya on Sunday. Government troops shelled the town."))
    shelling = events_of(r, "shelling")[0]
    assert shelling.date == "2010-01-10"
    assert shelling.attributes["mention_dates"][0]["how"] == "context"
    assert shelling.date_confidence < events_of(r, "capture")[0].date_confidence


def test_a_lead_event_without_a_date_takes_the_articles_own_date_with_low_confidence(read):
    r = read(article("Thousands of protesters rallied in the capital, demanding change."))
    rally = events_of(r, "protest")[0]
    assert rally.date == "2010-01-14" and rally.date_confidence < 0.5
    assert rally.attributes["date_how"] == "publication"


def test_a_background_event_keeps_its_own_date(read):
    r = read(article("The storm hit the coast on Monday. The explosion on January 2, 2009 was worse."))
    assert events_of(r, "explosion")[0].date == "2009-01-02"
    assert events_of(r, "storm")[0].date == "2010-01-11"


def test_negated_and_light_verbs_do_not_make_events(read):
    r = read(article("The army did not attack the city. Rebels launched an assault on the port on Monday."))
    attacks = events_of(r, "attack")
    assert len(attacks) == 1 and attacks[0].mentions[0].text.startswith("assault")


def test_one_event_reported_by_two_articles_is_one_event_with_both_mentions(read):
    r = read(article("An earthquake struck the island on Tuesday.", "a1", "2010-01-13"),
             article("The earthquake on Tuesday killed thousands, officials said.", "a2", "2010-01-14"))
    quakes = events_of(r, "earthquake")
    assert len(quakes) == 1 and {m.article for m in quakes[0].mentions} == {"a1", "a2"}
    assert quakes[0].date == "2010-01-12"


def test_meetings_keep_their_own_types_beside_the_new_ones(read):
    r = read(article("Blinken met Xi in Beijing on Monday. Police arrested two men on Monday."))
    types = {e.type for e in r.sections["events"]}
    assert "meeting" in types and "arrest" in types


def test_fire_is_a_disaster_as_a_noun_a_dismissal_as_a_verb_and_an_attack_with_a_weapon(read):
    r = read(article("A fire destroyed the depot on Monday. The board fired the manager on Tuesday. "
                     "Troops fired rockets at the town on Wednesday."))
    kinds = {(e.type, e.mentions[0].text.split()[0]) for e in r.sections["events"]}
    assert ("fire", "fire") in kinds and ("dismissal", "fired") in kinds and ("attack", "fired") in kinds
