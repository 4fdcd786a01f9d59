"""The extract stage on small hand-written articles: quotes, speakers, aliases, numbers, dates, events."""
from __future__ import annotations

import json

import pytest

from newsprism.extract import numbers, quotes, timex
from newsprism.model import Article, Entity, FactMention, Provenance, Report, Signal


def article(text: str, aid: str = "a1", published: str | None = None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", raw=text, text=text, published=published)


@pytest.fixture(scope="module")
def read():
    from newsprism.extract import stage

    def run(*arts: Article, signals: dict | None = None) -> Report:
        report = Report(articles=list(arts))
        for aid, sigs in (signals or {}).items():
            report.set_article_field(aid, "provenance", Provenance("spun", signals=list(sigs)))
        stage.run(report)  # spaCy missing is a failure: make test installs the nlp extra
        return report

    return run


def entity_named(report: Report, name: str) -> Entity:
    return next(e for e in report.sections["entities"] if e.name == name)


def names_by_id(report: Report) -> dict[str, str]:
    return {e.id: e.name for e in report.sections["entities"]}


def forms(entity: Entity) -> set[str]:
    return {a["text"] for a in entity.aliases}


def speaker_of(report: Report, start_of_text: str) -> str | None:
    q = next(q for q in report.sections["quotes"] if q.text.startswith(start_of_text))
    return names_by_id(report).get(q.speaker)


# --- quotation marks (no model needed) ------------------------------------------------------------

def test_quotes_pair_curly_marks_and_keep_nested_single_quotes_inside():
    text = "“We reject ‘debt trap’ talk,” she said. Nobody’s fault, the farmers’ union said."
    spans = quotes.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["We reject ‘debt trap’ talk,"]


def test_a_quote_left_open_continues_into_the_next_paragraph():
    text = "“First part of the speech.\n\n“Second part,” he said."
    spans = quotes.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["First part of the speech.", "Second part,"]
    assert spans[1].continues == 0 and spans[0].closed is False


def test_a_stray_closing_mark_is_ignored():
    text = "He blamed the “misperception of the US side.” China, resulting in policies” due to it."
    spans = quotes.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["misperception of the US side."]


# --- speakers ---------------------------------------------------------------------------------------

def test_pronoun_speaker_goes_to_the_nearest_named_person_outside_quotes(read):
    text = ("Maria Lopez, the mayor of Springfield, spoke on Tuesday. Lopez said the budget was tight.\n\n"
            "“We cannot pay for it, and I told Governor Smith so,” she said.")
    report = read(article(text))
    assert speaker_of(report, "We cannot pay") == "Maria Lopez"


def test_inverted_cue_and_according_to(read):
    text = ("“The talks were useful,” said Foreign Minister Ana Ruiz.\n\n"
            "Prices will rise next year, according to Peter Grant, an economist at the central bank.")
    report = read(article(text))
    assert speaker_of(report, "The talks were useful") == "Ana Ruiz"
    reported = [q for q in report.sections["quotes"] if not q.direct]
    assert any(q.text.startswith("Prices will rise") and q.cue == "according to" for q in reported)


def test_reported_speech_has_speaker_and_content(read):
    text = "Senator John Reed demanded that the agency stop the program immediately."
    report = read(article(text))
    q = next(q for q in report.sections["quotes"] if not q.direct)
    assert q.text == "that the agency stop the program immediately"
    assert names_by_id(report)[q.speaker] == "John Reed" and q.cue == "demanded"


def test_following_quote_in_the_paragraph_keeps_the_speaker(read):
    text = "“We will win,” Ana Ruiz told reporters on Monday. “The voters are with us.”"
    report = read(article(text))
    assert speaker_of(report, "The voters are with us") == "Ana Ruiz"


# --- entities and aliases ---------------------------------------------------------------------------

def test_titles_honorifics_and_roles_join_one_person_across_articles(read):
    a = article("Chinese President Xi Jinping met the envoy. Mr Xi said little. The Chinese leader smiled.", "a")
    b = article("Xi spoke for an hour. Later Xi left Beijing.", "b")
    report = read(a, b)
    xi = entity_named(report, "Xi Jinping")
    assert {"Chinese President Xi Jinping", "Mr Xi", "Xi", "The Chinese leader"} <= forms(xi)
    assert {m.article for m in xi.mentions} == {"a", "b"}


def test_bare_family_name_goes_to_the_nearest_full_name_before_it(read):
    text = ("Wang Wenbin, a ministry spokesman, spoke first. Wang said the talks were fine. "
            "Later, Wang Yi met the envoy. Wang then left.")
    report = read(article(text))
    wenbin, yi = entity_named(report, "Wang Wenbin"), entity_named(report, "Wang Yi")
    starts = {m.start for m in wenbin.mentions if m.text == "Wang"}
    assert text.index("Wang said") in starts
    assert text.index("Wang then") in {m.start for m in yi.mentions}


def test_garbled_name_from_provenance_signal_becomes_a_marked_alias(read):
    text = "Secretary of State Antony Blinken arrived. Wang told Blame that the US should stop."
    at = text.index("Blame")
    signal = Signal("garbled_name", "Blame", at, at + 5, "a garbled copy of a name", intended="Antony Blinken")
    report = read(article(text), signals={"a1": [signal]})
    blinken = entity_named(report, "Antony Blinken")
    alias = next(a for a in blinken.aliases if a["text"] == "Blame")
    assert alias["garbled"] is True and alias["kind"] == "garbled"


# --- numbers ----------------------------------------------------------------------------------------

def facts_of(text: str, read) -> dict[str, FactMention]:
    report = read(article(text))
    return {f.text: f for f in report.sections["fact_mentions"]}


def test_durations_in_words_with_qualifiers_and_what_they_measure(read):
    text = ("After a five-hour meeting with the minister on Sunday, they held more than eight hours of talks. "
            "She spoke for about six hours, then seven and a half hours more.")
    facts = facts_of(text, read)
    assert facts["five-hour"].value == 300 and facts["five-hour"].measures["text"].startswith("meeting")
    assert facts["more than eight hours"].qualifier == "lower_bound"
    assert facts["more than eight hours"].measures["text"] == "talks"
    assert facts["about six hours"].qualifier == "approximate" and facts["about six hours"].value == 360
    assert facts["seven and a half hours"].value == 450


def test_money_percent_and_points_are_normalised():
    art = article("Trade reached US$700 billion (S$938 billion). The index rose 258 points, or 0.8%.")
    found = {f.text: f for f in numbers.durations(art) + numbers.money(art) + numbers.percents_and_points(art)}
    assert found["US$700 billion"].value == 700e9 and found["US$700 billion"].unit == "USD"
    assert found["S$938 billion"].unit == "SGD"
    assert found["258 points"].value == 258 and found["0.8%"].unit == "percent"


# --- dates ------------------------------------------------------------------------------------------

def test_relative_dates_resolve_against_the_article_date():
    art = article("June 22, 2023\n\nThey met on Monday and on Sunday. Last November they spoke; "
                  "in February a trip was cancelled, and earlier this month a request was refused.")
    items, anchor = timex.find_dates(art)
    values = {i["text"]: i["value"] for i in items}
    assert anchor == {"date": "2023-06-22", "via": "dateline"}
    assert values["on Monday"] == "2023-06-19" and values["on Sunday"] == "2023-06-18"
    assert values["Last November"] == "2022-11" and values["in February"] == "2023-02"
    assert values["earlier this month"] == "2023-06"


def test_without_an_anchor_weekdays_stay_unresolved():
    items, anchor = timex.find_dates(article("They met on Monday."))
    assert anchor["date"] is None and items[0]["value"] is None and items[0]["weekday"] == "monday"


# --- events and positions ---------------------------------------------------------------------------

def test_meeting_event_with_participants_place_date_and_duration(read):
    text = "On Sunday, Antony Blinken met for about six hours with Foreign Minister Qin Gang in Beijing."
    report = read(article(text, published="2023-06-22"))
    ents = names_by_id(report)
    ev = next(e for e in report.sections["events"] if e.type == "meeting")
    assert {ents[p] for p in ev.participants} >= {"Antony Blinken", "Qin Gang"}
    assert ev.date == "2023-06-18" and ev.cameo == "040" and ents[ev.place] == "Beijing"
    assert ev.attributes["durations"][0]["value"] == 360


def test_intent_to_meet_is_cameo_036(read):
    report = read(article("President Joe Biden said he hopes to meet Xi Jinping in the coming months."))
    assert any(e.cameo == "036" for e in report.sections["events"])


def test_positions_demand_refusal_red_line(read):
    text = ("Wang Yi urged Washington to stop selling weapons to Taiwan. "
            "Li Shangfu refused to meet the American delegation. "
            "Wang Yi warned that “China has no room for compromise”.")
    report = read(article(text))
    ents = names_by_id(report)
    kinds = {(p.kind, ents.get(p.actor)) for p in report.sections["position_mentions"]}
    assert ("demand", "Wang Yi") in kinds and ("refusal", "Li Shangfu") in kinds
    assert ("red_line", "Wang Yi") in kinds


def test_undated_article_takes_its_weekdays_from_an_event_shared_with_a_dated_one(read):
    dated = article("On Sunday, Antony Blinken met Qin Gang in Beijing.", "dated", published="2023-06-22")
    undated = article("Blinken met Qin Gang on Sunday. On Friday, Xi Jinping met Bill Gates.", "undated")
    report = read(dated, undated)
    values = {d.text: d.value for d in report.field_of("undated", "dates")}
    assert values == {"on Sunday": "2023-06-18", "On Friday": "2023-06-16"}
    assert report.field_of("undated", "date_anchor").via == "event shared with article dated"


def test_dash_colon_and_transcript_attributions(read):
    text = ("“The most unqualified candidate ever.” ― Francisco Herrero\n\n"
            "Pollster Daron Shaw: “Lesser-known candidates often get the biggest boost.”\n\n"
            "Caddell continued:\n\n“The health issue is very much a partisan issue.”\n\n"
            "WALLACE: Do you really see those two as equivalent?")
    report = read(article(text))
    assert speaker_of(report, "The most unqualified") == "Francisco Herrero"
    assert speaker_of(report, "Lesser-known candidates") == "Daron Shaw"
    assert speaker_of(report, "The health issue") == "Caddell"
    turn = next(q for q in report.sections["quotes"] if q.kind == "transcript")
    assert turn.text == "Do you really see those two as equivalent?" and turn.speaker_span["text"] == "WALLACE"


def test_a_quote_that_ends_its_sentence_does_not_borrow_the_next_sentence_s_cue(read):
    text = ("Salma Hayek confirmed she had been and said, “America has a problem with discrimination.” "
            "The star then recalled her first audition.")
    report = read(article(text))
    assert speaker_of(report, "America has a problem") == "Salma Hayek"


def test_an_article_the_stage_cannot_read_is_skipped_with_a_reason(read, monkeypatch):
    from newsprism.extract import stage

    real = stage.claims.find_claims

    def broken_on_b(article, doc, dates):
        if article.id == "b":
            raise ValueError("unexpected layout")
        return real(article, doc, dates)

    monkeypatch.setattr(stage.claims, "find_claims", broken_on_b)
    report = read(article("It lasted five hours.", "a"), article("It lasted six hours.", "b"))
    assert [s.source for s in report.skipped] == ["b.txt#claims"]  # only b's claims are lost, with the reason
    assert "unexpected layout" in report.skipped[0].reason
    assert [f.text for f in report.sections["fact_mentions"]] == ["five hours"]


def test_a_curly_quote_closed_by_a_straight_mark_still_pairs():
    text = '“We are going to win so much," Trump said. "Believe me.”'
    spans = quotes.find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["We are going to win so much,", "Believe me."]


# --- ids ----------------------------------------------------------------------------------------------

STORY = ("On Sunday, Antony Blinken met for about six hours with Foreign Minister Qin Gang in Beijing. "
         "“The talks were candid and constructive,” Blinken said. Qin Gang urged Washington to stop "
         "selling weapons to Taiwan. “We want stable ties,” Qin said on Monday.")


def ids_of(report: Report) -> dict[str, list[str]]:
    return {name: [f.id for f in report.sections[name]]
            for name in ("entities", "quotes", "events", "fact_mentions", "position_mentions")}


def test_finding_ids_are_the_same_across_runs_and_distinct_within_one(read):
    first = ids_of(read(article(STORY, published="2023-06-22")))
    second = ids_of(read(article(STORY, published="2023-06-22")))
    assert first == second
    for name in ("entities", "quotes", "events"):
        assert len(first[name]) >= 2, name  # the text has several of each, so distinctness is tested
    every = [i for ids in first.values() for i in ids]
    assert all(every) and len(set(every)) == len(every)


def test_a_quote_keeps_its_id_when_other_articles_join_the_run(read):
    alone = read(article(STORY, "a1", published="2023-06-22"))
    other = article("“Prices will rise,” said Peter Grant, an economist.", "a0")
    joined = read(other, article(STORY, "a1", published="2023-06-22"))
    ids = {q.id for q in joined.sections["quotes"] if q.article == "a1"}
    assert ids == {q.id for q in alone.sections["quotes"]}


def _reading(report: Report) -> dict:
    """What the stage found, as report.json holds it."""
    return {name: [x.to_dict() for x in report.sections[name]]
            for name in ("entities", "quotes", "events", "fact_mentions", "position_mentions")}


def test_a_thread_read_again_replays_the_unchanged_articles_and_finds_the_same(monkeypatch):
    """Each article's reading of the thread's entity index is kept with what it asked the index; in a later
    run an article whose answers are all the same is not read again, one whose answers changed is, and either
    way the findings equal a run that kept nothing."""
    from newsprism.extract import stage

    a = article('Ana Costa, the health minister, said on Monday that the clinic would open. "We are ready," '
                'Costa said. Vitter demanded a vote.\n\nPENCE: Well, the question is still open.', "a1",
                "2024-03-04")
    b = article("The minister Ana Costa met John Pence in Lisbon on Tuesday. Pence said the talks went well.",
                "a2", "2024-03-05")
    c = article("Mike Pence, a former governor, said on Wednesday that he would not run again.", "a0",
                "2024-03-06")
    read = []
    read_article = stage.read_article

    def counted(art, *rest, **kw):
        read.append(art.id)
        return read_article(art, *rest, **kw)
    monkeypatch.setattr(stage, "read_article", counted)

    def run(arts, known=None):
        report = Report(articles=list(arts))
        report.known_readings = dict(known or {})
        stage.run(report)
        return report

    first = run([a, b])
    assert set(first.new_readings) == {"a1", "a2"}
    assert all("read" in json.loads(data) for _, data in first.new_readings.values())
    read.clear()
    again = run([a, b], first.new_readings)
    assert read == []  # nothing in the thread changed: every reading replayed
    assert _reading(again) == _reading(first)
    # a new article whose full name comes first in the index: the transcript speaker "PENCE" of a1 now goes to
    # it, so a1 is read again; a2's answers did not change
    joined = run([c, a, b], first.new_readings)
    assert "a1" in read and "a2" not in read
    assert _reading(joined) == _reading(run([c, a, b]))
    assert "a1" in joined.new_readings and "a2" not in joined.new_readings


def test_a_journal_that_no_longer_holds_leaves_the_index_as_it_was():
    from newsprism.extract import aliases
    from newsprism.model import Mention

    index = aliases.EntityIndex()
    index.attach("ana costa", "PERSON", Mention("a1", 0, 9, "Ana Costa"))
    journal = aliases.Journal(index, "a1")
    key = journal.known_person("Costa", "a1")
    journal.attach(key, "PERSON", Mention("a1", 20, 25, "Costa"))
    journal.name(key, "Costa")
    journal.attach("vitter", journal.type_of("vitter") or "PERSON", Mention("a1", 30, 36, "Vitter"))
    journal.name("vitter", "Vitter")
    recorded = journal.to_json()

    def state(ix):
        return ({k: (d.type, dict(d.names), dict(d.forms), list(d.mentions)) for k, d in ix.drafts.items()},
                {k: list(v) for k, v in ix.spans.items()})

    replayed = aliases.EntityIndex()
    replayed.attach("ana costa", "PERSON", Mention("a1", 0, 9, "Ana Costa"))
    assert aliases.replay(replayed, "a1", recorded)
    assert state(replayed) == state(index)

    # the same start, but another article made "Vitter" an organisation: the answer the reading had (no such
    # entity yet) differs, after the bare name "Costa" was already redone
    changed = aliases.EntityIndex()
    changed.attach("ana costa", "PERSON", Mention("a1", 0, 9, "Ana Costa"))
    for k in range(3):
        changed.attach("rui costa", "PERSON", Mention("a9", 10 * k, 10 * k + 8, "Rui Costa"))
    changed.attach("vitter", "ORG", Mention("a9", 40, 46, "Vitter"))
    before = state(changed)
    assert not aliases.replay(changed, "a1", recorded)
    assert state(changed) == before


def test_the_name_indexes_resolve_every_bare_name_and_acronym_as_a_scan_of_all_names_does(monkeypatch):
    """``by_end_word`` and ``initials_of`` replace a scan of every corpus name per bare name or acronym; on the
    bundled articles the entity index is the same either way."""
    from conftest import EXAMPLES
    from newsprism import api
    from newsprism.extract import aliases, entities
    from newsprism.nlp import load_nlp

    arts = api.analyze(sorted(str(p) for p in EXAMPLES.glob("*.txt")), stages=[]).articles
    docs = list(load_nlp().pipe([a.text for a in arts]))
    namings = {a.id: entities.find_namings(a, d) for a, d in zip(arts, docs)}

    def state():
        import copy
        index = aliases.build_index(copy.deepcopy(namings), {}, [], {a.id: a.text for a in arts})
        return ({k: (d.type, dict(d.names), dict(d.forms), d.mentions) for k, d in index.drafts.items()},
                index.spans)

    def scanned_words(keys):  # a scan of every key per word, as each bare name looked its candidates up
        keys = list(keys)
        return {w: aliases.bare_name_candidates(w, keys) for k in keys for w in (k.split()[0], k.split()[-1])}

    def scanned_initials(keys):  # a scan of every multi-word key per acronym
        keys = list(keys)
        return {i: [k for k in keys if len(k.split()) > 1 and aliases.initials(k) == i]
                for i in {aliases.initials(k) for k in keys if len(k.split()) > 1}}

    indexed = state()
    people = [k for k, d in indexed[0].items() if " " in k and d[0] == "PERSON"]
    assert any(len(v) > 1 for v in aliases.by_end_word(people).values())
    assert aliases.by_end_word(people) == scanned_words(people)
    assert aliases.initials_of(indexed[0]) == scanned_initials(indexed[0])
    monkeypatch.setattr(aliases, "by_end_word", scanned_words)
    monkeypatch.setattr(aliases, "initials_of", scanned_initials)
    assert state() == indexed


def test_a_thread_whose_readings_are_all_kept_decodes_no_parse_and_dates_the_same(examples):
    """An article whose readings are kept needs no parse: when one article joins a large thread, the others'
    cached parses are never decoded. The date claims read what each date dates from the parse; kept with the
    article's readings, they give the same fact groups as a run that parsed everything, and as the compare
    stage reading the parses itself."""
    from newsprism import api, pipeline
    from newsprism.model import plain
    from newsprism.nlp import Parses, doc_to_bytes

    base = api.analyze(sorted(str(p) for p in examples.glob("*.txt")))
    stages = {s.name: s for s in pipeline.STAGES}

    def run(names, known=None, parsed=None, sections=None, heads=None):
        part = Report(articles=list(base.articles),
                      article_fields={aid: dict(f) for aid, f in base.article_fields.items()})
        part.known_readings, part.parsed = dict(known or {}), parsed if parsed is not None else {}
        part.sections, part.date_heads = dict(sections or {}), dict(heads or {})
        pipeline.run_thread(part, [stages[n] for n in names])
        assert not part.stage_errors
        return part

    first = run(["extract", "compare"])
    dated = [f for f in first.sections["facts"] if f.attribute == "date"]
    assert any(len(f.articles) > 1 for f in dated)  # dates several outlets give of one thing
    cached = Parses()
    cached.add_bytes({aid: doc_to_bytes(doc) for aid, doc in first.parsed.items()})
    again = run(["extract", "compare"], known=first.new_readings, parsed=cached)
    assert len(cached.undecoded) == len(base.articles) and not dict(cached)  # not one Doc decoded
    assert plain(again.sections["facts"]) == plain(first.sections["facts"])
    # the compare stage alone, with the parses and no kept heads, finds the same date claims
    alone = run(["compare"], parsed=dict(first.parsed), sections=first.sections)
    assert plain(alone.sections["facts"]) == plain(first.sections["facts"])
