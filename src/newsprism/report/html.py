"""The self-contained HTML report. Every piece of scraped text is escaped (Jinja2 autoescape; the SVG plots escape
their labels themselves)."""
from __future__ import annotations

import json
from collections import Counter

from jinja2 import Environment, PackageLoader, select_autoescape

from . import svg
from .stream import by_verdict

_env = Environment(loader=PackageLoader("newsprism.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
_env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)

# Sections the template renders itself; any other section a stage adds is shown generically.
_KNOWN = {"schema_version", "articles", "skipped", "relations", "stories", "facts", "timeline", "summary",
          "quote_groups", "positions", "coverage", "entities", "quotes", "events", "fact_mentions",
          "position_mentions"}
VERDICT_COLOURS = {"agree": "#d9f0d3", "contradict": "#f4c7c3", "update": "#d6e6f5", "single_source": "#fdf0c2"}


# Longest shown value of each scraped article field. A page's <title> can hold megabytes, and the title is
# repeated in every link to its article: a 2 MB title made a 34 MB page. report.json keeps every value whole.
FIELD_CAPS = {"title": 300, "byline": 200, "outlet": 120, "path": 300, "url": 500, "published": 40}
BOILERPLATE_CAP = (300, 1000)  # at most this many removed pieces per article, each at most this many characters


def _cut(value, n: int):
    return value[: n - 1] + "…" if isinstance(value, str) and len(value) > n else value


def _displayed(article: dict) -> dict:
    """The article as the page shows it: long fields cut (a copy; the report data is not changed)."""
    shown = {**article, **{k: _cut(article.get(k), n) for k, n in FIELD_CAPS.items() if k in article}}
    most, each = BOILERPLATE_CAP
    shown["boilerplate"] = [{**b, "text": _cut(b.get("text"), each)} for b in (article.get("boilerplate") or [])[:most]]
    return shown


def render_html(data: dict) -> str:
    """report.json's data as one HTML page with no external resources."""
    return "".join(html_chunks(data))


def html_chunks(data: dict):
    """``render_html`` piece by piece (Jinja2's ``generate``), for writing a large report without holding the
    whole page as one string; a section may be a ``stream.Rows``, read as the page is written."""
    data = {**data, "articles": [_displayed(a) for a in data["articles"]]}
    arts = {a["id"]: a for a in data["articles"]}
    reasons = Counter(b["reason"] for a in data["articles"] for b in a.get("boilerplate", []))
    plots = {"copy_graph": svg.copy_graph(data["articles"], data.get("relations") or []),
             "timeline": svg.timeline(data.get("timeline") or []),
             "coverage": svg.coverage_heatmap(data.get("coverage") or {})}
    extra = {k: v for k, v in data.items() if k not in _KNOWN}
    return _env.get_template("report.html").generate(
        data=data, arts=arts, facts_by_verdict=by_verdict(data.get("facts") or []), reasons=reasons.most_common(),
        extra=extra, plots=plots,
        verdict_colours=VERDICT_COLOURS, kind_colours=svg.KIND_COLOURS, status_colours=svg.STATUS_COLOURS)
