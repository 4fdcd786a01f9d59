"""Stories: hand-made cases, incremental == batch, saved state, the seeds and the ECB+ floor."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from newsprism.model import Article, Report, Story, finding_id, normalize_text
from newsprism.stories.cluster import StoryIndex, StoryParams
from newsprism.stories.features import featurize, name_terms
from newsprism.stories.stage import arrival_order, build_index, run

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "bench"))

FLOOD = ("Floods swept through Riverton on Tuesday after the Calder River burst its banks, forcing mayor Lena Okafor "
         "to evacuate 3,000 residents. Rescue crews from Marlow County pulled families from rooftops as water rose.")
FLOOD_2 = ("Mayor Lena Okafor ordered the evacuation of 3,000 Riverton residents when the Calder River burst its "
           "banks. Marlow County rescue crews used boats to reach families stranded on rooftops by the floods.")
# The same report after a synonym spinner: names garbled ("Okafor" -> "Okay"), words swapped.
FLOOD_SPUN = ("Floods swept via Riverton on Tuesday after the Calder River burst its shores, forcing mayor Lena Okay "
              "to evacuate 3,000 inhabitants. Rescue teams from Marlow County pulled households from rooftops.")
CHESS = ("Grandmaster Tomas Varga won the Helsinki Open chess tournament on Sunday, beating Irina Solberg in a "
         "tense final game that lasted six hours. Varga takes home the trophy and a prize of 40,000 euros.")
CHESS_2 = ("Tomas Varga beat Irina Solberg to win the Helsinki Open chess tournament after a six hour final game, "
           "taking the 40,000 euros prize.")
# Mostly the chess result, with a line about the floods: closest to the floods until the chess story exists.
CHESS_AMID_FLOODS = ("Riverton grandmaster Tomas Varga won the Helsinki Open chess tournament, beating Irina Solberg, "
                     "as floods swept Riverton and the Calder River burst its banks.")


def art(article_id: str, text: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", raw=text, text=text, published=published, title=title)


def test_same_event_joins_and_other_event_starts_a_story():
    index = build_index([art("a", FLOOD), art("b", FLOOD_2), art("c", CHESS)])
    assert index.story_of["a"] == index.story_of["b"]
    assert index.story_of["c"] != index.story_of["a"]
    assert len(index.stories) == 2


def test_spun_copy_with_garbled_names_joins_its_story():
    index = build_index([art("a", FLOOD), art("c", CHESS), art("s", FLOOD_SPUN)])
    assert index.story_of["s"] == index.story_of["a"]


def test_unrelated_story_starts_its_own_thread():
    index = build_index([art("a", FLOOD), art("c", CHESS)])
    threads = {s.thread for s in index.stories.values()}
    assert len(threads) == 2


def test_refine_moves_an_early_article_to_the_story_that_formed_after_it():
    index = StoryIndex(StoryParams(join_threshold=0.2, thread_threshold=0.1))
    for a in [art("a", FLOOD), art("b", FLOOD_2), art("s", FLOOD_SPUN), art("y", CHESS_AMID_FLOODS),
              art("d", CHESS_2), art("c", CHESS)]:
        index.add(a)
    assert index.story_of["y"] == index.story_of["a"], "single pass: the chess story did not exist yet"
    assert index.refine() == 1
    assert index.story_of["y"] == index.story_of["c"] == index.story_of["d"] != index.story_of["a"]
    assert sorted(i for s in index.stories.values() for i in s.articles) == ["a", "b", "c", "d", "s", "y"]


def test_related_story_shares_the_thread_of_the_earlier_one():
    followup = ("Lena Okafor asked Marlow County for money to rebuild Riverton levees along the Calder River, a "
                "month after the floods. Engineers said the levee plan would take two years to finish.")
    params = StoryParams(join_threshold=0.6, thread_threshold=0.1)
    index = build_index([art("a", FLOOD, "2024-03-05"), art("f", followup, "2024-04-08"),
                         art("c", CHESS, "2024-04-09")], params)
    flood, later, chess = (index.stories[index.story_of[i]] for i in ("a", "f", "c"))
    assert later.id != flood.id, "the follow-up is a story of its own"
    assert later.thread == flood.thread == flood.id
    assert chess.thread == chess.id


def test_same_text_months_apart_is_not_the_same_story():
    index = build_index([art("a", FLOOD, "2023-03-01"), art("b", FLOOD_2, "2024-03-01")])
    a, b = (index.stories[index.story_of[i]] for i in ("a", "b"))
    assert a.id != b.id and a.thread != b.thread


def test_dates_closer_in_time_score_higher():
    index = build_index([art("a", FLOOD, "2024-03-05")])
    story = index.stories[index.story_of["a"]]
    near = index.similarity(featurize(art("b", FLOOD_2, "2024-03-06")), story)
    far = index.similarity(featurize(art("b", FLOOD_2, "2024-04-20")), story)
    assert near > far


def test_names_are_capitalised_words_not_sentence_starts():
    names = name_terms("Rescue crews met Lena Okafor. Rescue went on. The mayor of Riverton spoke.\n"
                       "Headline In Title Case Words Here")
    assert {"lena", "okafor", "riverton"} <= set(names)
    assert "rescue" not in names and "headline" not in names


def test_incremental_after_save_and_load_equals_batch():
    articles = [art("a", FLOOD, "2024-03-05"), art("c", CHESS, "2024-03-06"), art("b", FLOOD_2, "2024-03-06"),
                art("s", FLOOD_SPUN, "2024-03-07")]
    batch = build_index(articles)
    live = build_index(articles[:2])
    live = StoryIndex.from_state(json.loads(json.dumps(live.to_state())))
    live.add_all(articles[2:])
    assert live.story_of == batch.story_of
    assert [s.thread for s in live.stories.values()] == [s.thread for s in batch.stories.values()]


def test_adding_an_article_twice_changes_nothing():
    index = build_index([art("a", FLOOD), art("c", CHESS)])
    again = index.add(art("a", FLOOD))
    assert not again.new_story and len(index.stories) == 2 and index.term_idf.n_docs == 2


def test_arrival_order_puts_dated_articles_first_oldest_first():
    order = arrival_order([art("x", "x"), art("b", "b", "2024-02-01"), art("a", "a", "2024-01-01")])
    assert [a.id for a in order] == ["a", "b", "x"]


def test_run_fills_the_report_section_and_article_fields():
    report = Report(articles=[art("a", FLOOD, title="Floods in Riverton"), art("b", FLOOD_2), art("c", CHESS)])
    run(report)
    stories = report.sections["stories"]
    assert all(isinstance(s, Story) for s in stories)
    assert sorted(i for s in stories for i in s.articles) == ["a", "b", "c"]
    assert all(set(s.to_dict()) == {"id", "title", "articles", "thread", "follows", "relation", "gap_days"}
               for s in stories)
    flood = next(s for s in stories if "a" in s.articles)
    assert flood.title == "Floods in Riverton" and "b" in flood.articles
    assert report.field_of("c", "story") != report.field_of("a", "story")
    assert report.field_of("a", "story") == report.field_of("b", "story") == flood.id
    assert report.field_of("a", "thread") == flood.thread
    assert report.to_json()["articles"][2]["story"] != report.to_json()["articles"][0]["story"]


def test_story_ids_are_stable_across_runs_and_derive_from_the_founding_article():
    def story_ids() -> dict[str, str]:
        report = Report(articles=[art("a", FLOOD, "2024-03-05"), art("b", FLOOD_2, "2024-03-06"),
                                  art("c", CHESS, "2024-03-07")])
        run(report)
        return {a.id: report.field_of(a.id, "story") for a in report.articles}

    first, second = story_ids(), story_ids()
    assert first == second
    assert first == {"a": finding_id("s", "a"), "b": finding_id("s", "a"), "c": finding_id("s", "c")}


def test_bad_params_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="thread_threshold"):
        StoryParams(join_threshold=0.3, thread_threshold=0.5)


def _seed_articles(shared: Path) -> list[Article]:
    try:
        from newsprism.clean.plaintext import clean_plain
    except ImportError:
        clean_plain = None
    out = []
    for path in sorted((shared / "corpus" / "blinken-2023").glob("*.txt")):
        raw = normalize_text(path.read_text(encoding="utf-8"))
        if clean_plain is None:
            out.append(Article(id=path.stem, path=str(path), raw=raw, text=raw))
            continue
        c = clean_plain(raw)
        out.append(Article(id=path.stem, path=str(path), raw=raw, text=c.text, title=c.title, published=c.published))
    return out


def test_seed_visit_articles_form_one_story(shared):
    index = build_index(_seed_articles(shared))
    visit = {index.story_of[i] for i in index.story_of if not i.startswith("001_")}
    assert len(visit) == 1, "the four reports of the Beijing visit (two of them spun copies) are one story"
    planned = index.stories[index.story_of[next(i for i in index.story_of if i.startswith("001_"))]]
    assert planned.thread == index.stories[visit.pop()].thread, "the trip being planned is in the visit's thread"


def test_ecbplus_bcubed_floor(shared):
    from ecbplus import bcubed, load_ecbplus

    docs = load_ecbplus(shared / "eval" / "ecbplus-dev")
    if not docs:
        pytest.skip("ECB+ dev documents are absent")
    articles = sorted((d.article for d in docs), key=lambda a: a.id)  # file-name order, as `analyze DIR` reads
    index = build_index(articles)
    _, _, f1 = bcubed(index.story_of, {d.article.id: d.story for d in docs})
    assert f1 >= 0.91  # floor: measured 0.914 with refine checkpoints every 25 articles (0.917 refining once per
    # batch, which made incremental runs differ from batch runs); bench/bench_stories.py "all 1-35", name order


def test_idf_of_many_terms_is_the_same_float_as_one_by_one_as_the_corpus_grows():
    """The fast idf table (what story placement scores with) gives exactly ``idf``'s values, also after the corpus
    grew, so stories do not depend on which path computed a weight."""
    from newsprism.stories.vectors import OnlineIdf, top_terms, weighted_norm

    idf = OnlineIdf()
    docs = [{"ferry": 1.0, "strike": 1.4}, {"ferry": 1.0, "port": 2.0}, {"strike": 1.0, "union": 1.0, "port": 1.0}]
    for doc in docs:
        idf.add(doc)
        terms = ["ferry", "strike", "port", "union", "never-seen"]
        assert idf.of(terms) == [idf.idf(t) for t in terms]
    vector = {"port": 2.0, "union": 0.5, "ferry": 1.0, "never-seen": 0.1}
    assert weighted_norm(vector, idf) == math.sqrt(sum((v * idf.idf(k)) ** 2 for k, v in vector.items()))
    ranked = sorted(vector, key=lambda t: (-vector[t] * idf.idf(t), t))
    assert top_terms(vector, idf, 2) == ranked[:2] and top_terms(vector, idf, 10) == ranked
