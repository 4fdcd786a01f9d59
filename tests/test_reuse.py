"""The reuse stage on small hand-built articles: relation kinds, spans, originals, groups, signals."""
from __future__ import annotations

import pytest

from newsprism.model import Article, Boilerplate, Relation, Report
from newsprism.reuse.credits import credit_signals
from newsprism.reuse.groups import independent_groups
from newsprism.reuse.spin import grammar_signals
from newsprism.reuse.stage import analyse, run

BODY = (
    "The city council voted on Tuesday to close the old harbour bridge for repairs after engineers found cracks "
    "in two of its steel supports. The closure will last at least six months and will divert about 40,000 "
    "vehicles a day onto the ring road. Mayor Ellen Park said the decision was painful but necessary for public "
    "safety. Local businesses near the bridge warned that the detour would cut their trade by half during the "
    "busiest season of the year. The repair contract, worth 12 million euros, will be awarded next month after "
    "a public tender. Engineers first reported the damage in March, but a full inspection was delayed by "
    "flooding that kept divers from reaching the lower supports until the summer."
)
OTHER = (
    "A new library opened in the northern district on Saturday with a collection of 80,000 books and a "
    "reading garden designed by local students. The building replaces a branch that burned down three years "
    "ago. Librarian Omar Haddad said visitors could borrow e-readers for free during the first month. The "
    "district plans to run evening classes for adults in the autumn, funded by a regional grant."
)


def art(i: str, text: str, **kw) -> Article:
    return Article(id=i, path=f"{i}.txt", raw=kw.pop("raw", text), text=text, **kw)


def kinds(relations) -> dict[frozenset, str]:
    return {frozenset((r.a, r.b)): r.kind for r in relations}


def spun(text: str) -> str:
    for a, b in (("voted", "decided"), ("close", "shut"), ("repairs", "fixes"), ("found", "discovered"),
                 ("last", "endure"), ("divert", "redirect"), ("painful", "hurtful"), ("warned", "cautioned"),
                 ("busiest", "most hectic"), ("awarded", "granted"), ("reported", "recounted"),
                 ("delayed", "postponed"), ("decision", "choice"), ("trade", "commerce")):
        text = text.replace(a, b)
    return text


def test_kinds_of_reuse_are_told_apart():
    arts = [
        art("orig", BODY, published="2024-05-02"),
        art("dup", BODY, published="2024-05-03"),
        art("synd", BODY, raw="Harbour Times\n\n" + BODY + "\n\nSource: City Wire", credits=["Source: City Wire"],
            published="2024-05-03", outlet="Harbour Times"),
        art("part", OTHER + "\n\n" + BODY.split(". Engineers first")[0] + ".", published="2024-05-04"),
        art("spun", spun(BODY), published="2024-05-05"),
        art("alone", OTHER.replace("library", "museum").replace("books", "paintings")[:200]),
    ]
    relations, _ = analyse(arts)
    got = kinds(relations)
    assert got[frozenset(("orig", "dup"))] == "duplicate"
    assert got[frozenset(("orig", "synd"))] == "syndicated"
    assert got[frozenset(("orig", "part"))] == "partial"
    assert got[frozenset(("orig", "spun"))] == "rewrite"
    rel = next(r for r in relations if {r.a, r.b} == {"orig", "spun"})
    assert rel.original == "orig"  # published first


def test_passages_point_into_both_texts():
    a, b = art("a", BODY), art("b", OTHER + "\n\n" + BODY)
    (rel,) = [r for r in analyse([a, b])[0] if r.is_copy]
    first, second = (a, b) if rel.a == "a" else (b, a)
    assert rel.passages
    for p in rel.passages:
        assert first.text[p.a_start:p.a_end] == p.text
        assert " ".join(second.text[p.b_start:p.b_end].split()) == " ".join(p.text.split())


def test_shared_quote_alone_is_not_copying():
    quote = "“We will not accept any delay to the repairs, and the bridge will reopen before winter,” the mayor said."
    a = art("a", OTHER + " " + quote)
    b = art("b", BODY + " " + quote)
    assert all(not r.is_copy for r in analyse([a, b])[0])


def test_independent_groups_collapse_copies():
    rels = [Relation("x", "y", "syndicated", 0.9, original="x"), Relation("y", "z", "rewrite", 0.6),
            Relation("p", "q", "independent", 0.1)]
    groups = independent_groups(rels, ["x", "y", "z", "p", "q"])
    assert groups["x"] == groups["y"] == groups["z"] == "x"
    assert groups["p"] != groups["q"]


def test_byline_against_author_signoff_is_a_credit_mismatch():
    a = art("a", BODY, byline="Sam Jones", credits=["Follow Maria Lopez on Twitter at @mlopez"])
    signals, outlet, author = credit_signals(a)
    assert [s.kind for s in signals] == ["credit_mismatch"]
    assert "Maria Lopez" in signals[0].text and author == "Maria Lopez"


def test_source_credit_is_declared_syndication_not_spin():
    a = art("a", BODY, outlet="Harbour Times", boilerplate=[Boilerplate("Source: City Wire", "credit")])
    report = Report([a])
    run(report)
    prov = report.field_of("a", "provenance")
    assert prov.status == "original" and prov.apparent_outlet == "City Wire"


def test_spinning_artefacts_have_exact_spans():
    text = "He wrote in a article posted Monday. The talks were frank, Li said in his statement. speech on Friday."
    a = art("a", text)
    found = grammar_signals(a)
    assert {s.text for s in found} == {"a article", "statement. speech"}
    assert all(text[s.start:s.end] == s.text for s in found)


@pytest.fixture(scope="module")
def story():
    base = ("Foreign Minister Karl Lindqvist met his Norwegian counterpart Anna Berg in Oslo on Monday. "
            "Lindqvist told Berg that the fishing quota dispute must be settled this year. ")
    docs = [
        art("s1", base + "Lindqvist accepted an invitation to visit Bergen in the spring, officials said."),
        art("s2", "Talks in Oslo. Karl Lindqvist and Anna Berg discussed fishing quotas. Berg welcomed the talks. "
                  "Lindqvist told Berg that both sides wanted calm. Anna Berg said the dispute was old."),
        art("s3", "During the meeting, Lindqvist told Shadow that the fishing quota dispute must be settled this "
                  "year. Both governments said Hansen had accepted an invitation to visit Bergen in the spring. "
                  "Karl Lindqvist and Anna Berg met in Oslo."),
    ]
    return docs


def test_garbled_names_are_found_with_the_intended_person(story):
    report = Report(story)
    run(report)
    prov = report.field_of("s3", "provenance")
    garbled = {s.text: s for s in prov.signals if s.kind == "garbled_name"}
    assert set(garbled) == {"Shadow", "Hansen"}
    assert garbled["Shadow"].intended == "Anna Berg"
    assert garbled["Hansen"].intended == "Karl Lindqvist"
    assert prov.status == "spun"
    text = story[2].text
    assert all(text[s.start:s.end] == s.text for s in garbled.values())
    for other in ("s1", "s2"):
        assert report.field_of(other, "provenance").status == "original"



def test_a_kept_garbled_name_check_is_used_while_the_article_s_story_is_unchanged(story, monkeypatch):
    """The garbled-name check of an article reads its story (the articles it may share material with): a later
    run that adds an unrelated article checks only that one, and one that changes a story article checks that
    story again; the provenance equals a run that kept nothing."""
    from newsprism.reuse import stage

    monkeypatch.setattr(stage, "SMALL_CORPUS", 0)  # stories from candidate pairs, as in a corpus of any size
    checked = []
    suspects = stage.suspects

    def counted(article, *rest):
        checked.append(article.id)
        return suspects(article, *rest)
    monkeypatch.setattr(stage, "suspects", counted)

    def provenance(arts, known=None, new=None):
        return {k: v.to_dict() for k, v in analyse(arts, known_signals=known, new_signals=new)[1].items()}

    kept: dict = {}
    first = provenance(story, new=kept)
    assert set(kept) == {"s1", "s2", "s3"} and kept["s3"][1]  # s3's garbled names are kept with it
    other = art("s4", OTHER)
    checked.clear()
    added = provenance(story + [other], known=kept, new=(more := {}))
    assert checked == ["s4"] and set(more) == {"s4"}
    assert {k: v for k, v in added.items() if k != "s4"} == first
    assert added == provenance(story + [other])
    edited = art("s2", story[1].text + " Berg said more talks would follow.")
    checked.clear()
    again = provenance([story[0], edited, story[2]], known=kept)
    assert "s2" in checked and again == provenance([story[0], edited, story[2]])
    assert again["s3"]["status"] == "spun"

def test_relations_print_side_by_side():
    from newsprism.reuse.show import describe_all

    a, b = art("a", BODY), art("b", spun(BODY))
    report = Report([a, b])
    run(report)
    relations = [r.to_dict() for r in report.sections["relations"]]  # the CLI reads them from report.json
    lines = describe_all(relations, {"a": a.text, "b": b.text}, width=40)
    assert lines[0].startswith("a ~ b: rewrite") or lines[0].startswith("b ~ a: rewrite")
    assert any(" | " in line and "bridge" in line for line in lines)


def test_tiny_and_empty_inputs_do_not_break_the_stage():
    for arts in ([], [art("one", BODY)], [art("e1", ""), art("e2", "   \n"), art("x", BODY)]):
        report = Report(arts)
        run(report)
        assert report.sections["relations"] == []
        assert {a.id for a in arts} == set(report.article_fields)
        assert all(f["provenance"].status == "original" for f in report.article_fields.values())


def test_undated_duplicates_have_unknown_status_and_share_a_group():
    report = Report([art("x", BODY), art("y", BODY)])
    run(report)
    fields = report.article_fields
    assert [r.kind for r in report.sections["relations"]] == ["duplicate"]
    assert fields["x"]["provenance"].status == fields["y"]["provenance"].status == "unknown"
    assert fields["x"]["group"] == fields["y"]["group"]


def test_republished_article_gets_the_outlet_its_author_is_credited_to_elsewhere():
    signoff = "Follow Maria Lopez on Twitter"
    repost = art("r", BODY, byline="Sam Jones", outlet="Content Farm", credits=[signoff])
    credited = art("c", OTHER, credits=[signoff, "Source: Harbour Times"])
    report = Report([repost, credited])
    run(report)
    prov = report.field_of("r", "provenance")
    assert (prov.status, prov.apparent_author, prov.apparent_outlet) == ("copy", "Maria Lopez", "Harbour Times")
    assert report.field_of("c", "provenance").status == "original"


def test_sentence_alignment_skips_no_pair_an_exhaustive_comparison_keeps():
    """The similarity bound that skips most pairs must never drop a pair scoring at the threshold or above:
    alignment equals matching every sentence pair's exact similarity, best first, one to one."""
    import random

    from newsprism.reuse.align import Side, align_sentences, sentence_similarity

    rng = random.Random(3)
    vocab = [f"word{i}" for i in range(30)] + ["1999", "2024", "40"]

    def article():
        return ". ".join(" ".join(rng.choice(vocab).capitalize() if k == 0 else rng.choice(vocab)
                                  for k in range(rng.randint(3, 14))) for _ in range(25)) + "."

    for _ in range(20):
        a, b = Side.of(article()), Side.of(article())
        scored = sorted(((sentence_similarity(s.stems, t.stems), i, j) for i, s in enumerate(a.sents)
                         for j, t in enumerate(b.sents) if len(s.stems) >= 4 and len(t.stems) >= 4
                         and len(s.stems.keys() & t.stems.keys()) >= 2), reverse=True)
        used_a, used_b, expected = set(), set(), []
        for sim, i, j in scored:
            if sim >= 0.5 and i not in used_a and j not in used_b:
                used_a.add(i), used_b.add(j)
                expected.append((i, j, sim))
        assert align_sentences(a.sents, b.sents, 0.5, where=b.stems) == sorted(expected)
        assert expected


def _most_sides_alive(pairs: list[tuple[int, int]], order: list[int]) -> int:
    """The most articles whose alignment side is alive at once when ``pairs`` are aligned in ``order`` (a side is
    made at its article's first pair and dropped after its last)."""
    last = {x: pos for pos, k in enumerate(order) for x in pairs[k]}
    alive, most = set(), 0
    for pos, k in enumerate(order):
        alive.update(pairs[k])
        most = max(most, len(alive))
        alive -= {x for x in pairs[k] if last[x] == pos}
    return most


def test_alignment_keeps_few_articles_sides_in_memory_when_copies_are_spread_over_the_thread():
    """Sixty stories of ten near-copies each, their articles interleaved in arrival order (as planted copies and
    syndicated pieces arrive): aligned in arrival order nearly every side is alive at once, in the alignment
    order about one story's."""
    from newsprism.reuse.stage import alignment_order

    groups, size = 60, 10
    members = [[g + groups * k for k in range(size)] for g in range(groups)]  # article g + 60k: story g
    pairs = sorted((a, b) for m in members for i, a in enumerate(m) for b in m[i + 1:])
    order = alignment_order(pairs, groups * size)
    assert sorted(order) == list(range(len(pairs)))  # every pair aligned once
    assert _most_sides_alive(pairs, list(range(len(pairs)))) > groups * size * 0.8
    assert _most_sides_alive(pairs, order) <= 2 * size


def test_the_rewrite_index_reads_the_words_alignment_reads():
    """The content-word text behind the rewrite candidates holds the stems of exactly the tokens alignment
    sees (curly apostrophes, case, stopwords, one-letter words), in order."""
    from newsprism.reuse.align import STOPWORDS, stem
    from newsprism.reuse.candidates import content_text
    from newsprism.reuse.shingles import tokens

    for text in (BODY, OTHER, spun(BODY), "Don’t STOP the l'état d’urgence, a b 2024 Relationships!", ""):
        words = [stem(t.norm) for t in tokens(text) if t.norm not in STOPWORDS and len(t.norm) > 1]
        assert content_text(text).split() == words
    assert content_text("Ministers agreed on relations.").split() == ["minist", "agreed", "relati"]
