"""The stories stage: every article of the report joins a story; stories about the same actors over time share
a thread. The batch run feeds the articles, oldest first, through the same incremental index a live feed uses
(``StoryIndex.add_all``: one pass, then a local refinement of the stories touched).
"""
from __future__ import annotations

from typing import Iterable

from ..model import Article, Report, Story
from .cluster import StoryIndex, StoryParams


def arrival_order(articles: Iterable[Article]) -> list[Article]:
    """Dated articles oldest first, then undated ones; ties keep the input order."""
    indexed = list(enumerate(articles))
    indexed.sort(key=lambda ia: (ia[1].published is None, ia[1].published or "", ia[0]))
    return [a for _, a in indexed]


def stories_of(index: StoryIndex) -> list[Story]:
    """The index's stories as report nouns, in the order they were started."""
    return [Story(s.id, s.title, list(s.articles), s.thread) for s in index.stories.values()]


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
