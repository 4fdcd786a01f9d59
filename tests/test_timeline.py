"""The timeline from small hand-made articles, events and date mentions: ranking, cited sentences, months,
updates, size, and the Timeline17 floor."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newsprism.compare.stage import Sources
from newsprism.compare.timeline import select, timeline
from newsprism.model import Article, Event, FactGroup, FactValue, Mention, TimeMention

from conftest import REPO


def art(aid: str, text: str, published: str) -> Article:
    return Article(id=aid, path=f"{aid}.txt", raw=text, text=text, published=published)


def mention(a: Article, phrase: str, value: str, kind: str = "date") -> TimeMention:
    s = a.text.index(phrase)
    return TimeMention(a.id, s, s + len(phrase), phrase, kind, value, 0.9)


def sources(*arts: Article, groups: dict | None = None) -> Sources:
    group = {a.id: (groups or {}).get(a.id, a.id) for a in arts}
    return Sources(group, {a.id: None for a in arts}, {a.id: n for n, a in enumerate(arts)})


A = art("a", "Markets were calm. The oil rig exploded on April 20. Crews fought the fire.", "2010-04-21")
B = art("b", "Since the April 20 blast, oil has leaked into the Gulf. Talks are due on May 30.", "2010-05-02")
C = art("c", "BP capped the well on July 15. The April 20 explosion killed 11 workers.", "2010-07-16")
DATES = {"a": [mention(A, "April 20", "2010-04-20")],
         "b": [mention(B, "April 20", "2010-04-20"), mention(B, "May 30", "2010-05-30")],
         "c": [mention(C, "July 15", "2010-07-15"), mention(C, "April 20", "2010-04-20")]}


def build(arts=(A, B, C), dates=DATES, events=(), facts=(), src=None):
    return timeline(list(events), list(facts), {}, src or sources(*arts), "t1", list(arts), dates)


def by_date(entries):
    return {e.date: e for e in entries}


def test_a_day_many_sources_refer_back_to_ranks_first_and_is_cited_with_whole_sentences():
    entries = by_date(build())
    top = max(entries.values(), key=lambda e: e.score)
    assert top.date == "2010-04-20" and top.independent_sources == 3 and top.referring == 3
    texts = {a.id: a.text for a in (A, B, C)}
    cited = [texts[c.article_id][c.start:c.end] for c in top.citations]
    assert cited == ["The oil rig exploded on April 20.", "Since the April 20 blast, oil has leaked into the Gulf.",
                     "The April 20 explosion killed 11 workers."]
    assert top.text == cited[0] and top.precision == "day"


def test_a_date_after_the_articles_own_date_is_a_plan_not_a_day_of_the_story():
    assert "2010-05-30" not in by_date(build())


def test_copies_count_once_and_cite_one_sentence_per_source():
    entries = by_date(build(src=sources(A, B, C, groups={"b": "a"})))
    day = entries["2010-04-20"]
    assert day.independent_sources == 2 and len(day.citations) == 2 and len(day.articles) == 3


def test_a_month_stands_in_when_that_is_all_the_sources_say_and_yields_to_its_days():
    d = art("d", "The spill began in April and grew.", "2010-05-01")
    dates = dict(DATES, d=[mention(d, "April", "2010-04", "month")])
    entries = build((A, B, C, d), dates)
    month = by_date(entries)["2010-04"]
    assert month.precision == "month"
    assert "2010-04" not in {e.date for e in select(entries, None, {"t1": 4})}  # its day 2010-04-20 is shown
    assert "2010-04" in {e.date for e in select([month], None, {"t1": 4})}


def test_events_on_a_day_are_listed_and_their_articles_count():
    ev = Event("v1", "capture", "190", [], None, "2010-07-15", 0.9, {"class": "conflict"},
               [Mention("a", A.text.index("exploded"), A.text.index("exploded") + 8, "exploded")])
    day = by_date(build(events=[ev]))["2010-07-15"]
    assert day.events == ["v1"] and set(day.articles) == {"a", "c"} and day.type == "capture"


def test_an_event_dated_only_by_its_articles_own_date_does_not_make_a_day():
    ev = Event("v2", "protest", "141", [], None, "2010-04-21", 0.4, {"date_how": "publication"},
               [Mention("a", 0, 7, "Markets")])
    assert "2010-04-21" not in by_date(build(events=[ev]))


def test_figures_that_changed_on_a_day_are_its_updates():
    values = [FactValue("a", 0, 7, "Markets", 5, "barrels", as_of="2010-04-20"),
              FactValue("c", 0, 2, "BP", 9, "barrels", as_of="2010-07-15")]
    fact = FactGroup("f1", "oil flow", "rate", values, "update", ["a", "c"], 2)
    entries = by_date(build(facts=[fact]))
    assert entries["2010-04-20"].updates == ["f1"] and entries["2010-07-15"].updates == ["f1"]


def test_ids_are_stable_and_citations_quote_the_text():
    one, two = build(), build()
    assert [e.id for e in one] == [e.id for e in two] and len({e.id for e in one}) == len(one)
    texts = {a.id: a.text for a in (A, B, C)}
    for e in one:
        for c in e.citations:
            assert texts[c.article_id][c.start:c.end].endswith(".")


def test_size_keeps_the_best_scored_days_and_the_default_adapts_to_the_thread():
    entries = build()
    assert [e.date for e in select(entries, 1)] == ["2010-04-20"]
    assert {e.date for e in select(entries, None, {"t1": 3})} == {"2010-04-20", "2010-07-15"}  # small thread: 1 source
    assert [e.date for e in select(entries, None, {"t1": 50})] == ["2010-04-20"]  # big thread: 2 sources needed
    with pytest.raises(ValueError, match="at least 1"):
        select(entries, 0)


# --- Timeline17 floor ------------------------------------------------------------------------------------------
# The full pipeline over the 12 topics takes an hour on CI's two cores (bench/bench_timeline.py prints it); this
# test holds the floor of the timeline's own ranking, fed by the extract stage's date resolution (timex) alone.

FLOOR = 0.49  # mean date F1 over the 12 dev topics (bench/README.md, Timeline section); only goes up


def tl17_f1(topic, tmp_path) -> float:
    from newsprism.compare.timeline import CORPUS
    from newsprism.extract.timex import find_dates

    sys.path.insert(0, str(topic.parents[2] / "tools"))
    import tl17

    arts = [art(str(n), tl17.clean(a["text"]), a["dct"][:10]) for n, a in enumerate(json.load(open(topic / "articles.json")))]
    dates = {a.id: [TimeMention.from_dict(dict(d, article=a.id)) for d in find_dates(a)[0]] for a in arts}
    entries = select(timeline([], [], {}, sources(*arts), CORPUS, arts, dates), None, {CORPUS: len(arts)})
    report = tmp_path / f"{topic.name}.json"
    report.write_text(json.dumps({"timeline": [{"date": e.date, "articles": e.articles} for e in entries]}))
    out = subprocess.run([sys.executable, str(topic.parents[2] / "tools" / "tl17.py"), "score", str(topic), str(report)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["F1"]


def test_timeline17_mean_date_f1_holds_the_floor(shared, tmp_path):
    topics = sorted(p for p in (shared / "eval" / "timeline17-dev").iterdir() if (p / "articles.json").exists())
    scores = {t.name: tl17_f1(t, tmp_path) for t in topics}
    assert sum(scores.values()) / len(scores) >= FLOOR, scores


def test_may_alone_is_a_name_or_a_verb_not_a_month():
    from newsprism.extract.timex import find_dates

    a = art("m", "Theresa May said talks May resume. The vote in May 2005 and last May were close.", "2005-06-01")
    values = [d["value"] for d in find_dates(a)[0] if d["kind"] == "month"]
    assert values == ["2005-05", "2005-05"]


def test_timeline_size_option_on_analyze_and_report(tmp_path):
    from click.testing import CliRunner

    from newsprism.cli import main

    for n, text in enumerate(["Rebels seized the port on Monday, June 5, 2023. The port fell on June 5, 2023.",
                              "Since June 5, 2023, when rebels seized the port, talks stalled. On June 1, 2023, "
                              "troops withdrew."]):
        (tmp_path / f"{n}.json").write_text(json.dumps({"text": text, "date": "2023-06-10", "title": f"T{n}"}))
    db, out = str(tmp_path / "c.db"), str(tmp_path / "out")
    runner = CliRunner()
    res = runner.invoke(main, ["analyze", str(tmp_path / "0.json"), str(tmp_path / "1.json"), "--db", db,
                               "--out", out, "-q", "--timeline-size", "1"])
    assert res.exit_code == 0, res.output
    shown = json.load(open(f"{out}/report.json"))["timeline"]
    assert len({e["thread"] for e in shown}) == len(shown)  # one entry per thread
    res = runner.invoke(main, ["report", "--db", db, "--out", out, "-q", "--timeline-size", "5"])
    assert res.exit_code == 0 and "2023-06-05" in {e["date"] for e in json.load(open(f"{out}/report.json"))["timeline"]}
    res = runner.invoke(main, ["report", "--db", db, "--out", out, "--timeline-size", "0"])
    assert res.exit_code == 2 and "--timeline-size" in res.output
