"""The pages: stories, one story, one article, one fact, one entity, two related articles side by side. Each
handler calls one ``newsprism.api`` function and renders its typed view as a page or, at ``PATH.json``, as JSON."""
from __future__ import annotations

import re

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from .. import api
from ..errors import QueryError
from .marks import article_marks, claim_facts, passage_marks
from .render import respond, story_plots

router = APIRouter()
MAX_PAGE = 1_000_000
Page = Query(1, ge=1, le=MAX_PAGE, description="page number, from 1")


def twin(path: str):
    """Register a handler at ``path`` (a page) and ``path.json`` (its JSON twin); the .json route first, so that
    an id never swallows the suffix."""
    def register(fn):
        router.add_api_route(path + ".json", fn, methods=["GET"], include_in_schema=False)
        router.add_api_route(path, fn, methods=["GET"], include_in_schema=False)
        return fn
    return register


def _db(request: Request) -> str:
    return request.app.state.db


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/stories", status_code=303)


@twin("/stories")
def stories(request: Request, q: str | None = None, outlet: str | None = None, since: str | None = None,
            until: str | None = None, page: int = Page, per_page: int = Query(25, ge=1, le=200)) -> Response:
    listing = api.story_listing(_db(request), q, outlet, since, until, (page - 1) * per_page, per_page)
    return respond(request, "stories.html", listing, q=q or "", page=page)


@twin("/stories/{story_id}")
def story(request: Request, story_id: str, page: int = Page, per_page: int = Query(50, ge=1, le=200)) -> Response:
    view = api.story_page(story_id, _db(request), (page - 1) * per_page, per_page)
    if request.url.path.endswith(".json"):
        return respond(request, "story.html", view)
    return respond(request, "story.html", view, page=page, arts={a.id: a for a in view.report.articles},
                   plots=story_plots(view))


@twin("/articles/{article_id}")
def article(request: Request, article_id: str, span: str | None = None) -> Response:
    view = api.article_view(article_id, _db(request))
    focus = _span(span, len(view.article.text))
    return respond(request, "article.html", view, marks=article_marks(view, focus), facts=claim_facts(view),
                   focus=focus)


@twin("/facts/{fact_id}")
def fact(request: Request, fact_id: str) -> Response:
    return respond(request, "fact.html", api.fact(fact_id, _db(request)))


@twin("/entities/{entity_id}")
def entity(request: Request, entity_id: str, page: int = Page, per_page: int = Query(50, ge=1, le=200)) -> Response:
    view = api.entity(entity_id, _db(request), (page - 1) * per_page, per_page)
    return respond(request, "entity.html", view, page=page)


@twin("/relations/{relation_id}")
def relation(request: Request, relation_id: str) -> Response:
    view = api.relation(relation_id, _db(request))
    return respond(request, "relation.html", view, sides=passage_marks(view))


def _span(value: str | None, length: int) -> tuple[int, int] | None:
    """``?span=START-END`` as offsets into the article's text; QueryError for anything else."""
    if not value:
        return None
    found = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value, re.ASCII)
    if not found or not int(found[1]) < int(found[2]) <= length:
        raise QueryError(f"span must be START-END, two offsets into the article's text (0 to {length}), "
                         f"not {value!r}")
    return int(found[1]), int(found[2])
