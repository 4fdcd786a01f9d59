"""Claims from small hand-made articles: what each number measures (attribute from its noun and verb), its
qualifier and scope, and the numbers that are never claims (URLs, stamps, datelines, years, names)."""
from __future__ import annotations

import pytest

from newsprism.extract import claims, furniture, timex
from newsprism.model import Article


@pytest.fixture(scope="module")
def nlp():
    from newsprism.nlp import load_nlp

    return load_nlp()


def read(nlp, text: str, published: str | None = "2024-03-04") -> dict[str, list]:
    """{claim text: [attribute, value, qualifier, scope]} of ``text``."""
    article = Article("a1", "a1.txt", text, text, published=published)
    found = claims.find_claims(article, nlp(text), timex.find_dates(article)[0])
    for f in found:
        assert text[f.start:f.end] == f.text  # spans are the contract
    return {f.text: [f.attribute, f.value, f.qualifier, f.scope] for f in found}


def test_casualty_attribute_comes_from_the_verb(nlp):
    got = read(nlp, "The storm killed at least five people and injured 12 others on Tuesday.")
    assert got["at least five people"][:3] == ["killed", 5, "lower_bound"]
    assert got["12 others"][:2] == ["injured", 12]


def test_passive_and_bare_numbers(nlp):
    got = read(nlp, "Nine villagers were hurt. Police arrested 14 and took 3 of them into custody.")
    assert got["Nine villagers"][0] == "injured"
    assert got["14"][0] == "arrested"


def test_death_toll_and_count_of_things(nlp):
    got = read(nlp, "The death toll rose to 31. Officers seized four rifles.")
    assert got["31"][:2] == ["killed", 31]
    assert got["four rifles"][:2] == ["count:rifle", 4]


def test_units_and_measures(nlp):
    got = read(nlp, "A 6.2 magnitude quake struck 10 km deep, 40 miles east of the capital, at 3:15 p.m. "
                    "The firm paid nearly $2.5 million; shares fell 4 percent. The jury deliberated for 30 hours.")
    assert got["6.2 magnitude"][:2] == ["magnitude", 6.2]
    assert got["10 km"][:2] == ["depth", 10]
    assert got["40 miles"][0] == "distance"
    assert got["3:15 p.m."][:2] == ["time", 15 * 60 + 15]
    assert got["nearly $2.5 million"][:3] == ["amount", 2500000, "nearly"]
    assert got["4 percent"][0] == "share"
    assert got["30 hours"][:2] == ["duration", 1800]


def test_ages_and_sentences(nlp):
    got = read(nlp, "Maria Lopez, 41, of Springfield, and a 29-year-old man were charged. "
                    "He was sentenced to 12 years in prison.")
    assert got["41"] == ["age", 41, "exact", ["lopez"]]
    assert got["29-year-old"][0] == "age"
    assert got["12 years"][0] == "sentence"


def test_tokenised_copies_of_numbers(nlp):
    got = read(nlp, "As many as 20, 000 people marched, and thieves took £1. 7m in jewels.")
    assert got["As many as 20, 000 people"][1:3] == [20000, "upper_bound"]
    assert got["£1. 7m"][:2] == ["amount", 1700000]


def test_parts_of_a_group_keep_their_own_scope(nlp):
    got = read(nlp, "Three people died: a man and two women.")
    assert got["Three people"][:2] == ["killed", 3] and got["Three people"][3] == []
    assert "part" in got["two women"][3]


def test_urls_stamps_and_datelines_are_not_claims(nlp):
    text = ("http: / / example. com / news / 2024 / 03 / 04 / 3 - dead - in - 2 - fires Fire kills three "
            "Updated 3 / 4 / 2024 1: 41 PM\n\nSPRINGFIELD, March 4 (Wire) - Three people died in a fire, "
            "police said.\nPhoto: 06 / 11 / stub")
    got = read(nlp, text, published=None)
    assert list(got) == ["Three people"]
    spans = furniture.furniture_spans(text)
    assert furniture.furniture_date(text, spans) == "2024-03-04"


def test_years_names_and_scores_are_not_counts(nlp):
    got = read(nlp, "In 2004, troops armed with AK-47 rifles drove down Highway 61. The team is 9-14.")
    assert all(a[0] != "count:rifle" for a in got.values())
    assert got["9-14"][:2] == ["record", "9-14"]
    assert "2004" not in got and "61" not in got


def test_as_of_is_the_article_date(nlp):
    article = Article("a1", "a1.txt", "", "Two people were killed.", published="2024-03-04")
    (f,) = claims.find_claims(article, nlp(article.text), [])
    assert f.as_of == "2024-03-04"


def test_a_model_name_is_what_is_counted_however_it_is_written(nlp):
    got = read(nlp, "The navy recovered seven AK-47 assault rifles. Another report said it seized seven AK-47s. "
                    "A third said they recovered 12 AK 47 guns and two F-16 fighter jets flew over.")
    assert got["seven AK-47"][:2] == ["count:ak47", 7]
    assert got["seven AK-47s"][:2] == ["count:ak47", 7]
    assert got["12 AK 47 guns"][:3] == ["count:ak47", 12, "exact"]
    assert got["two F-16 fighter jets"][0] == "count:f16"
    assert "47" not in got  # the digits of a model name are no count


def test_a_size_is_a_scope_not_a_model(nlp):
    got = read(nlp, "The company sold two 13-inch laptops.")
    assert got["two 13-inch laptops"] == ["count:laptop", 2, "exact", ["13-inch"]]


def test_whose_age_a_description_gives(nlp):
    got = read(nlp, "Daniel Okafor was convicted on Tuesday. Okafor's lawyer argued for a lighter sentence. "
                    "Prosecutor Ann Reyes said the 39-year-old man had planned the attack. "
                    "The victim was Carla Mendes, a 52-year-old teacher.")
    assert got["39-year-old"][3] == ["okafor"]  # the person the article named most, not the speaker
    assert got["52-year-old"][3] == ["mendes"]


def test_the_weapon_of_an_attack(nlp):
    got = read(nlp, "Witnesses said the gunman was armed with a long gun, either a shotgun or a rifle. "
                    "Police said he opened fire with a 12-gauge pump-action shotgun. It was the worst knife attack "
                    "in years. She cut the bread.")
    assert got["gun, either a shotgun or a rifle"][:2] == ["weapon", "rifle|shotgun"]
    assert got["shotgun"][:2] == ["weapon", "shotgun"]
    assert got["knife"][:2] == ["weapon", "knife"]


def test_a_crowd_size_is_its_own_attribute_with_its_place(nlp):
    got = read(nlp, "Police said 20,000 people marched through Lyon. Organisers put the rally at 45,000 people. "
                    "Three people were trapped in the building and 40 people boarded the bus.")
    assert got["20,000 people"][0] == "crowd" and "lyon" in got["20,000 people"][3]
    assert got["45,000 people"][0] == "crowd"
    assert got["Three people"][0] != "crowd" and got["40 people"][0] != "crowd"


def test_a_toll_of_zero_is_a_claim_and_a_question_is_not(nlp):
    got = read(nlp, "No-one was injured in the fire. Nobody is thought to have been killed. No deaths were reported. "
                    "No one knows how many were hurt.")
    assert got["No-one was injured"][:2] == ["injured", 0]
    assert got["Nobody is thought to have been killed"][:2] == ["killed", 0]
    assert got["No deaths"][:2] == ["killed", 0]
    assert not [t for t in got if t.startswith("No one")]


def test_a_military_clock_time_is_a_time_not_a_duration(nlp):
    got = read(nlp, "The ship sent a distress call at 1100 hours. The crew had worked 2,300 hours that year.")
    assert got["1100 hours"][:2] == ["time", 11 * 60]
    assert got["2,300 hours"][:2] == ["duration", 2300 * 60]


def test_a_range_is_one_claim_and_not_a_record(nlp):
    got = read(nlp, "Officials said about 45,000-50,000 people may have died. The team is 9-14 this season.")
    assert got["about 45,000-50,000 people"][:3] == ["killed", 45000, "approximate"]
    assert got["9-14"][0] == "record" and not [t for t in got if t.startswith("45,000-50")]
