"""Threads: stories that continue one another, linked with the relation and the gap in days."""
from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from newsprism.model import Story
from newsprism.stories.threads import link, relation


DAYS = {"a1": date(2023, 6, 1), "a2": date(2023, 6, 18), "a3": date(2023, 6, 20), "b1": date(2023, 1, 5)}


def test_a_plan_then_the_thing_done_is_announced_then_happened():
    assert relation("Blinken plans to visit Beijing", "Blinken meets Xi in Beijing") == "announced -> happened"


def test_the_steps_of_a_case_follow_one_another():
    assert relation("Man shot dead outside a bar", "Police arrest suspect in bar shooting") == "crime -> arrest"
    assert relation("Suspect charged with murder", "Jury convicts suspect") == "charge -> verdict"
    assert relation("Jury convicts suspect", "Suspect sentenced to life in prison") == "verdict -> sentence"
    assert relation("Talks resume", "Talks end") == "continues"


def test_link_orders_a_threads_stories_by_day_and_sets_follows_relation_gap():
    trip = Story("s2", "Blinken meets Xi in Beijing", ["a2", "a3"], "s1")
    plan = Story("s1", "Blinken plans to visit China", ["a1"], "s1")
    other = Story("s9", "Unrelated story", ["b1"], "s9")
    link([trip, plan, other], DAYS.get)
    assert (trip.follows, trip.relation, trip.gap_days) == ("s1", "announced -> happened", 17)
    assert plan.follows is None and other.follows is None


def test_an_undated_story_has_no_gap():
    a, b = Story("s1", "Bank robbed", ["x"], "s1"), Story("s2", "Two arrested for robbery", ["y"], "s1")
    link([a, b], {"x": date(2023, 1, 1)}.get)
    assert b.follows == "s1" and b.relation == "crime -> arrest" and b.gap_days is None


def test_story_list_shows_what_a_story_follows(tmp_path):
    from newsprism.cli import main

    report = {"schema_version": "1", "articles": [], "stories": [
        {"id": "s1", "title": "Plan", "articles": ["a1"], "thread": "s1"},
        {"id": "s2", "title": "Visit", "articles": ["a2"], "thread": "s1", "follows": "s1",
         "relation": "announced -> happened", "gap_days": 17}]}
    path = tmp_path / "report.json"
    path.write_text(__import__("json").dumps(report))
    out = CliRunner().invoke(main, ["story", "--report", str(path)])
    assert "s2  1 articles  Visit  thread s1, follows s1 (announced -> happened, 17 days later)" in out.output
