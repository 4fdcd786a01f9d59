"""The compare stage on small hand-made reports in the shapes the earlier stages write (CONTRACT.md)."""
from __future__ import annotations

import re
from datetime import date

from newsprism.compare import stage
from newsprism.compare.quotes import diff_flag, word_diff
from newsprism.compare.text import sentence_spans
from newsprism.compare.values import date_interval, number_interval, overlaps
from newsprism.model import (Article, Entity, Event, FactMention, Mention, Passage, Position, Provenance, Quote,
                             Relation, Report, TimeMention)

TEXTS = {
    "a": "The minister held a five-hour meeting with Foreign Minister Li Wei on Sunday. "
         "Officials said the talks between the two delegations were frank and covered trade. Trade reached nearly $700 billion last year.",
    "b": "After seven and a half hours of talks with Li Wei, the minister left. "
         "Officials said the talks between the two delegations were frank and useful.",
    "c": "The minister met for about six hours with Li Wei on Sunday, officials said. "
         "Officials said the talks between the two delegations were frank and covered trade.",
    "d": "The minister met for about six hours with Li Wei on Sunday, officials said. "
         "The storm hit the coast.",
}


def span(article: str, needle: str) -> tuple[int, int]:
    at = TEXTS[article].index(needle)
    return at, at + len(needle)


def mention(article: str, text: str, value: float, qualifier: str = "exact", measures: str | None = None,
            kind: str = "duration", unit: str = "minutes") -> FactMention:
    s, e = span(article, text)
    m = None
    if measures:
        ms, me = span(article, measures)
        m = {"text": measures, "start": ms, "end": me, "head": measures.split()[0]}
    attribute = {"duration": "duration", "money": "amount"}.get(kind, kind)  # what extract's claims layer sets
    return FactMention(article, s, e, text, value, unit, qualifier, m, kind, id=f"m-{article}-{s}",
                       attribute=attribute)


def text_mention(article: str, text: str) -> Mention:
    return Mention(article, *span(article, text), text)


def entity(eid: str, name: str, surface: dict[str, list[str]]) -> Entity:
    return Entity(eid, name, "PERSON", mentions=[text_mention(a, t) for a, ts in surface.items() for t in ts])


def hand_report(with_extract: bool = True) -> Report:
    arts = [Article(id=k, path=f"{k}.txt", raw=v, text=v, outlet=f"Outlet {k.upper()}", published="2023-06-20")
            for k, v in TEXTS.items()]
    report = Report(articles=arts)
    groups = {"a": "a", "b": "b", "c": "c", "d": "c"}  # d copies c
    for k in TEXTS:
        report.set_article_field(k, "group", groups[k])
        report.set_article_field(k, "provenance", Provenance("spun" if k == "d" else "original"))
    if not with_extract:
        return report
    li = entity("E1", "Li Wei", {"a": ["Li Wei"], "b": ["Li Wei"], "c": ["Li Wei"], "d": ["Li Wei"]})
    report.sections["entities"] = [li]
    report.sections["fact_mentions"] = [
        mention("a", "five-hour", 300, measures="meeting with Foreign Minister Li Wei"),
        mention("b", "seven and a half hours", 450, measures="talks with Li Wei"),
        mention("c", "about six hours", 360, "approximate", measures="met for about six hours with Li Wei"),
        mention("a", "nearly $700 billion", 7e11, "approximate", measures=None, kind="money", unit="USD"),
    ]
    report.sections["events"] = [Event("V1", "meeting", "040", ["E1"], date="2023-06-18", date_confidence=0.8,
                                       mentions=[text_mention("a", "meeting with Foreign Minister Li Wei"),
                                                 text_mention("c", "met")])]
    return report


def test_qualifiers_become_intervals():
    assert number_interval(6, "approximate", "about six hours") == (6 * 0.85, 6 * 1.15)
    assert number_interval(8, "lower_bound", "more than eight hours")[1] == float("inf")
    assert number_interval(700, "approximate", "nearly 700") == (630, 700)
    assert not overlaps(number_interval(5), number_interval(6, "approximate", "about six"))
    assert overlaps(number_interval(9), number_interval(8, "lower_bound", "more than eight"))
    assert number_interval(5, text="5 to 6 hours", high=6) == (5, 6)


def test_date_values_cover_their_days():
    assert date_interval("2023-01", "early") == (date(2023, 1, 1), date(2023, 1, 10))
    assert date_interval(None, "late", 1, 2023) == (date(2023, 1, 21), date(2023, 1, 31))
    assert date_interval("2023-06-17/2023-06-18") == (date(2023, 6, 17), date(2023, 6, 18))
    assert not overlaps(date_interval("2023-01", "early"), date_interval("2023-02"))
    assert overlaps(date_interval("2023-06"), date_interval("2023-06-19"))


def read_texts() -> Report:
    """TEXTS through the real reuse, extract and compare stages (one corpus: no stories stage)."""
    from newsprism.pipeline import run_stages

    report = Report(articles=[Article(id=k, path=f"{k}.txt", raw=v, text=v, outlet=f"Outlet {k.upper()}",
                                      published="2023-06-20") for k, v in TEXTS.items()])
    run_stages(report, ["reuse", "extract", "compare"])
    return report


def test_durations_of_one_meeting_contradict():
    report = read_texts()
    (talks,) = [f for f in report.sections["facts"] if f.attribute == "duration" and len(f.articles) > 1]
    assert talks.verdict == "contradict"
    assert {"five-hour", "seven and a half hours"} <= {v.text for v in talks.values}
    assert talks.independent_sources == len(talks.articles)
    assert len(talks.readings) == len(talks.values)


def test_single_source_and_raw_mentions_kept():
    report = hand_report()
    stage.run(report)
    money = next(f for f in report.sections["facts"] if f.attribute == "amount")
    assert money.verdict == "single_source" and money.articles == ["a"]
    assert len(report.sections["fact_mentions"]) == 4


def test_copies_count_once_and_spun_only_is_weak():
    report = hand_report()
    report.sections["fact_mentions"] = [
        mention("c", "about six hours", 360, "approximate", "met for about six hours with Li Wei"),
        mention("d", "about six hours", 360, "approximate", "met for about six hours with Li Wei")]
    report.sections["events"] = []
    at = TEXTS["c"].index("The minister met")  # d copied c's first sentence: reuse's aligned passage says so
    end = TEXTS["c"].index(". ") + 1
    report.sections["relations"] = [Relation("c", "d", "partial", 0.9, "c",
                                             [Passage(at, end, at, end, TEXTS["c"][at:end])])]
    stage.run(report)
    group = next(f for f in report.sections["facts"] if f.attribute == "duration")
    assert group.verdict == "agree" and group.articles == ["c", "d"]
    assert group.independent_sources == 1
    report.sections["fact_mentions"] = report.sections["fact_mentions"][1:]  # only the spun copy says it
    stage.run(report)
    only_spun = next(f for f in report.sections["facts"] if f.attribute == "duration")
    assert only_spun.support == "weak" and "weakly supported" in only_spun.note


def test_summary_lines_are_source_sentences():
    report = read_texts()
    summary = report.sections["summary"]
    assert summary
    texts = {a.id: a.text for a in report.articles}
    for line in summary:
        for c in line.citations:
            assert texts[c.article_id][c.start:c.end] == line.text
    assert any(line.kind == "disagreement" for line in summary)
    frank = [line for line in summary if line.text.startswith("Officials said the talks")]
    assert len(frank) == 1 and frank[0].independent_backing == 2  # the other two groups say it too


def test_runs_without_extract_sections():
    report = hand_report(with_extract=False)
    stage.run(report)
    for name in ("facts", "quote_groups", "positions", "coverage", "timeline", "summary"):
        assert name in report.sections
    assert report.sections["facts"] == []


def quote(qid: str, article: str, text: str) -> Quote:
    return Quote(qid, article, 0, len(text), text, True, "E1")


def test_quote_variants_grouped_and_diffed_word_by_word():
    report = hand_report(with_extract=False)
    q1 = "We will continue to take targeted actions to protect our security"
    q2 = "We will continue taking targeted actions to protect national security"
    q3 = "We will not continue to take targeted actions to protect our security"
    report.sections["quotes"] = [quote("Q1", "a", q1), quote("Q2", "b", q2), quote("Q3", "c", q3)]
    stage.run(report)
    (group,) = report.sections["quote_groups"]
    assert [m.quote for m in group.members] == ["Q1", "Q2", "Q3"]
    flags = {d["to"]: d["flag"] for d in group.diffs}
    assert flags == {"Q2": "reworded", "Q3": "misquote"}
    assert group.match == "misquote"


def test_word_diff_names_the_changed_words():
    ops = word_diff("agreed to live up to the understandings", "agreed to follow through on the understandings")
    changed = [o for o in ops if o["op"] != "equal"]
    assert changed == [{"op": "replace", "a": "live up to", "b": "follow through on"}]
    assert diff_flag(ops) == "reworded"


def demands(stance: str, articles: str) -> list[Position]:
    return [Position(f"P{n}", "E1", "demand", a, 0, len(stance), stance, "urged") for n, a in enumerate(articles, 1)]


def test_positions_ledger_merges_one_stance_across_outlets():
    report = hand_report(with_extract=False)
    report.sections["position_mentions"] = demands("urged the US to lift sanctions on Chinese firms", "ab")
    report.sections["entities"] = [Entity("E1", "Li Wei", "PERSON")]
    stage.run(report)
    (actor,) = report.sections["positions"]
    assert actor.name == "Li Wei" and len(actor.demands) == 1
    assert actor.demands[0].articles == ["a", "b"] and actor.demands[0].independent_sources == 2
    cov = report.sections["coverage"]
    assert cov.counts["Outlet A"]["position"] == 1 and cov.counts["Outlet C"]["position"] == 0


def test_timeline_merges_one_event_reported_twice():
    report = hand_report()
    stage.run(report)
    days = [e for e in report.sections["timeline"] if e.date == "2023-06-18"]
    assert days and set(days[0].articles) == {"a", "c"}
    assert days[0].precision == "day" and days[0].independent_sources == 2
    assert sorted(c.article_id for c in days[0].citations) == ["a", "c"]  # one citation per reporting article


def test_coverage_lists_what_one_outlet_alone_reports():
    report = hand_report()
    stage.run(report)
    cov = report.sections["coverage"]
    money = next(f.id for f in report.sections["facts"] if f.attribute == "amount")
    assert money in cov.only_one_outlet["Outlet A"]


def test_sentences_keep_abbreviations_whole():
    text = "Mr. Li met U.S. officials on Monday. They talked."
    assert [text[s:e] for s, e in sentence_spans(text)] == ["Mr. Li met U.S. officials on Monday.", "They talked."]


def test_facts_of_different_story_threads_are_never_grouped():
    report = hand_report()
    for aid, thread in (("a", "S1"), ("b", "S1"), ("c", "S2"), ("d", "S2")):
        report.set_article_field(aid, "thread", thread)
    stage.run(report)
    for f in report.sections["facts"]:
        assert set(f.articles) <= {"a", "b"} or set(f.articles) <= {"c", "d"}
        assert f.thread == ("S1" if set(f.articles) <= {"a", "b"} else "S2")
    findings = [*report.sections["summary"], *report.sections["timeline"], *report.sections["quote_groups"]]
    assert findings and {x.thread for x in findings} <= {"S1", "S2"}


def all_ids(report: Report) -> list[str]:
    sec = report.sections
    return sorted([x.id for name in ("facts", "quote_groups", "timeline", "summary") for x in sec[name]]
                  + [s.id for e in sec["positions"] for s in e.stances()])


def test_finding_ids_derive_from_content_not_from_the_order_of_a_run():
    report = hand_report()
    report.sections["position_mentions"] = demands("urged the US to lift sanctions on Chinese firms", "ab")
    stage.run(report)
    first = all_ids(report)
    assert len(first) == len(set(first)) and all(re.fullmatch(r"[a-z]+[0-9a-f]{12}", i) for i in first)
    report.sections["fact_mentions"].reverse()
    report.sections["position_mentions"].reverse()
    report.sections["events"].insert(0, Event("V0", "visit", "042", date="2023-06-17",
                                              mentions=[text_mention("d", "The storm hit the coast")]))
    stage.run(report)
    assert set(first) <= set(all_ids(report))


def test_running_twice_gives_the_same_sections():
    report = hand_report()
    stage.run(report)
    first = {k: v for k, v in report.sections.items()}
    stage.run(report)
    assert report.sections["facts"] == first["facts"]
    assert report.sections["positions"] == first["positions"]
    assert len(report.sections["fact_mentions"]) == 4


def test_summary_backing_of_repeated_sentences_equals_the_all_pairs_count():
    """A wire sentence carried by many outlets is scored once per class of equal sentences; every sentence's
    backing (independent groups carrying a similar sentence) must equal what comparing all pairs gives."""
    import random

    from newsprism.compare.summary import SIMILAR, Candidate, score_sentences

    class Groups:
        def __init__(self, group):
            self.group, self.order = group, {}

        def copied(self, article):
            return False

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(40)]
    base = [set(rng.sample(vocab, rng.randint(3, 9))) for _ in range(25)]
    cands = []
    for n in range(300):
        bag = set(rng.choice(base))
        if rng.random() < 0.3:  # a rewrite: one word changed
            bag.discard(next(iter(bag)))
            bag.add(rng.choice(vocab))
        cands.append(Candidate(f"a{rng.randrange(60)}", n, n + 1, "", bag if rng.random() > 0.02 else set()))
    sources = Groups({f"a{i}": f"g{i // 3}" for i in range(60)})  # every three articles are one source group

    def naive(c):
        g = sources.group.get
        return len({g(o.article) for o in cands if o.article != c.article and o.bag and c.bag
                    and len(o.bag & c.bag) / min(len(o.bag), len(c.bag)) >= SIMILAR} - {g(c.article)})

    expected = {(c.article, c.start): naive(c) for c in cands}
    scored = score_sentences(cands, {}, sources)
    assert {(c.article, c.start): c.backing for c in scored} == expected
    assert max(expected.values()) > 3  # the case has real backing to count


def test_quote_groups_of_many_copies_equal_checking_every_member_pair():
    """Grouping compares only the pairs across two groups it merges; the groups must be those that checking
    every member against every other member gives (a quote repeated by many copies, loose variants around it)."""
    import random

    from newsprism.compare import quotes as Q
    from newsprism.compare.text import content_words, overlapping_pairs

    def reference(quotes, order):
        bags = [set(content_words(q.text or "")) for q in quotes]
        comparable = [b if len(b) >= Q.MIN_WORDS else set() for b in bags]
        pairs = sorted(((s, i, j) for (i, j), s in overlapping_pairs(comparable, Q.SAME_STATEMENT, Q.MIN_SHARED).items()
                        if quotes[i].article != quotes[j].article), reverse=True)
        home = {}
        for score, i, j in pairs:
            if score < Q._threshold(quotes[i], quotes[j]):
                break
            gi, gj = home.get(i), home.get(j)
            if gi is not None and gi is gj:
                continue
            merged = (gi or [i]) + (gj or [j])
            if all(sum(Q.overlap(bags[k], bags[o]) >= Q.SAME_STATEMENT for o in merged if o != k) * 2 >= len(merged) - 1
                   for k in merged):
                for k in merged:
                    home[k] = merged
        return sorted(sorted((quotes[k].id for k in g)) for g in {id(g): g for g in home.values()}.values()
                      if len({quotes[k].article for k in g}) > 1)

    rng = random.Random(11)
    vocab = "talks border trade tariffs minister ceasefire troops aid vote court budget deal oil grain".split()
    statements = [rng.sample(vocab, 7) for _ in range(6)]
    quotes = []
    for n in range(160):
        ws = list(rng.choice(statements))
        for _ in range(rng.randint(0, 3)):  # a loose variant: some words swapped
            ws[rng.randrange(len(ws))] = rng.choice(vocab)
        quotes.append(Quote(f"q{n}", f"a{n % 40}", n, n + 1, " ".join(ws), True, rng.choice([None, "e1", "e2"])))
    got = sorted(sorted(q.id for q in g) for g in Q.group_quotes(quotes, {}))
    assert got == reference(quotes, {})
    assert max(map(len, got)) > 10  # large groups were formed and checked


def test_thousands_of_copies_of_one_quote_are_one_group():
    """A wire quote every copy repeats (past the pairwise limit) is one group holding every copy, and a variant
    of it still joins."""
    from newsprism.compare.quotes import MAX_COPIES, group_quotes

    text = "We will not accept any ceasefire that leaves troops on our border"
    quotes = [Quote(f"q{n}", f"a{n}", 10, 70, text, True, "e1") for n in range(MAX_COPIES * 30)]
    quotes.append(Quote("qv", "av", 10, 70, text.replace("any", "a"), True, "e1"))
    groups = group_quotes(quotes, {})
    assert len(groups) == 1 and len(groups[0]) == len(quotes)


def test_a_flood_of_near_identical_quotes_is_still_one_group():
    """Past MAX_PARTNERS similar quotes per quote the pairs are capped; the flood must still end as one group
    holding every near-copy (each differs from the others by one word)."""
    from newsprism.compare.quotes import MAX_PARTNERS, group_quotes

    base = "We will not accept any ceasefire that leaves troops on our border this winter"
    quotes = [Quote(f"q{n}", f"a{n}", 10, 80, f"{base} day{n}", True, "e1") for n in range(MAX_PARTNERS + 150)]
    groups = group_quotes(quotes, {})
    assert len(groups) == 1 and len(groups[0]) == len(quotes)
