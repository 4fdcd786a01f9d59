"""Pages and their ``.json`` twins: one Jinja2 environment (autoescape on, for every template), the helpers the
templates use, and the one error shape."""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..browse import StoryView
from ..model import plain
from ..report import svg
from ..report.html import FIELD_CAPS, VERDICT_COLOURS
from .highlight import Mark, highlight, marked_snippet

env = Environment(loader=PackageLoader("newsprism.web", "templates"), autoescape=True, trim_blocks=True,
                  lstrip_blocks=True)


def cut(value: Any, n: int) -> Any:
    """A long string shown cut (the .json twin keeps it whole)."""
    return value[: n - 1] + "…" if isinstance(value, str) and len(value) > n else value


def with_query(request: Request, **changes: Any) -> str:
    """This page's path and query with some parameters changed (None drops one)."""
    params = {k: v for k, v in request.query_params.items() if k != "token"}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    for k in [k for k, v in changes.items() if v is None]:
        params.pop(k, None)
    return request.url.path + ("?" + urlencode(params) if params else "")


def span_link(article_id: str, start: int, end: int) -> str:
    """The article page with this span highlighted and scrolled to."""
    return f"/articles/{article_id}?span={start}-{end}#focus"


def in_sentence(text: str, offset: int, start: int, end: int, kind: str = "focus") -> Markup:
    """A sentence (``text``, starting at ``offset`` in its article) with the span [start, end) highlighted."""
    return highlight(text, [Mark(start - offset, end - offset, kind)])


env.filters.update(cut=cut, marked=marked_snippet, verdict=lambda v: (v or "").replace("_", " "))
env.globals.update(highlight=highlight, zip=zip, with_query=with_query, span_link=span_link, in_sentence=in_sentence, caps=FIELD_CAPS,
                   verdicts=list(VERDICT_COLOURS), kind_colours=svg.KIND_COLOURS, status_colours=svg.STATUS_COLOURS,
                   svg=svg)


def story_plots(view: StoryView) -> dict[str, Markup]:
    """The report's inline SVG plots (report/svg.py) of a story page: copy graph, timeline, coverage heatmap."""
    rep = view.report
    articles = [{"id": a.id, "outlet": a.outlet, "title": a.title,
                 "provenance": plain(rep.field_of(a.id, "provenance"))} for a in rep.articles]
    return {"copy_graph": svg.copy_graph(articles, plain(rep.section("relations"))),
            "timeline": svg.timeline(plain(rep.section("timeline"))),
            "coverage": svg.coverage_heatmap(plain(rep.section("coverage")) or {})}


def wants_json(request_path: str, accept: str = "") -> bool:
    return request_path.endswith(".json") or ("application/json" in accept and "text/html" not in accept)


def respond(request: Request, template: str, view: Any, **context: Any) -> Response:
    """The view as its page, or as JSON at the page's ``.json`` path."""
    if request.url.path.endswith(".json"):
        return JSONResponse(view.to_json())
    return HTMLResponse(env.get_template(template).render(request=request, view=view, **context))


def error_response(path: str, accept: str, status: int, code: str, message: str) -> Response:
    """``{"error": {"code", "message"}}`` for JSON clients, the same words as a page for browsers."""
    if wants_json(path, accept):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    html = env.get_template("error.html").render(status=status, code=code, message=message, request=None)
    return HTMLResponse(html, status_code=status)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1)
