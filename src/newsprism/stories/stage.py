"""The stories stage: every article of the report joins a story; stories about the same actors over time share
a thread. The batch run feeds the articles, oldest first, through the same incremental index a live feed uses
(``StoryIndex.add_all``: one pass, then a local refinement of the stories touched).
"""
from __future__ import annotations

from typing import Iterable

from ..model import Article, Report, Story, finding_id
from .cluster import StoryIndex, StoryParams


def arrival_order(articles: Iterable[Article]) -> list[Article]:
    """Dated articles oldest first, then undated ones; ties keep the input order."""
    indexed = list(enumerate(articles))
    indexed.sort(key=lambda ia: (ia[1].published is None, ia[1].published or "", ia[0]))
    return [a for _, a in indexed]


def stories_of(index: StoryIndex, states: list | None = None) -> list[Story]:
    """The index's stories as report nouns, earliest first, each with its articles oldest first.

    A story's id derives from its earliest article (oldest publication day, then smallest id) and a thread's from
    its earliest story, so the same articles give the same ids whatever order and batches they arrived in.
    ``states``: only these stories (whole threads of them), e.g. those a stored index loaded."""
    def order(a: str) -> tuple:
        day = index.day_of(a)
        return (day is None, day or 0, a)

    def first(article_ids) -> tuple:
        return min(order(a) for a in article_ids)

    states = [s for s in (index.stories.values() if states is None else states) if s.articles]
    index.prefetch_days(a for s in states for a in s.articles)
    public = {s.id: finding_id("s", first(s.articles)[2]) for s in states}
    threads: dict[str, list] = {}
    for s in states:
        threads.setdefault(s.thread, []).append(s)
    thread_id = {t: public[min(members, key=lambda s: first(s.articles)).id] for t, members in threads.items()}
    states.sort(key=lambda s: first(s.articles))
    return [Story(public[s.id], s.title, sorted(s.articles, key=order), thread_id[s.thread]) for s in states]


def build_index(articles: Iterable[Article], params: StoryParams | None = None) -> StoryIndex:
    """A story index holding ``articles``, added one at a time in arrival order, then refined."""
    index = StoryIndex(params)
    index.add_all(arrival_order(articles))
    return index


def assign(report: Report, stories: list[Story]) -> None:
    """``report.sections["stories"]`` and each article's ``story`` and ``thread`` fields."""
    report.sections["stories"] = stories
    for story in stories:
        for article_id in story.articles:
            report.set_article_field(article_id, "story", story.id)
            report.set_article_field(article_id, "thread", story.thread)


def run(report: Report, params: StoryParams | None = None) -> None:
    """Stage entry point: the report's articles clustered into stories and threads."""
    assign(report, stories_of(build_index(report.articles, params)))
