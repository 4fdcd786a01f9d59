"""Inline SVG plots for the HTML report: copy graph, timeline, coverage heatmap.

No JavaScript and no external files: the report stays one self-contained page. Every label is scraped or derived
text, so each goes through ``escape`` before it enters the markup.
"""
from __future__ import annotations

import math
from datetime import date

from markupsafe import Markup, escape

KIND_COLOURS = {"duplicate": "#b2182b", "syndicated": "#d6604d", "partial": "#f4a582", "rewrite": "#8e44ad",
                "independent": "#4d9221"}
STATUS_COLOURS = {"original": "#2c7fb8", "copy": "#d6604d", "spun": "#8e44ad", "unknown": "#999999"}


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(width: int, height: int, body: list[str], label: str) -> Markup:
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                  f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
                  f'font-family="system-ui, sans-serif" font-size="12">' + "".join(body) + "</svg>")


def copy_graph(articles: list[dict], relations: list[dict], size: int = 520) -> Markup:
    """Articles on a circle (coloured by provenance status), relations as edges coloured by kind."""
    n = len(articles)
    if n == 0:
        return Markup("")
    width = size + 240  # room for labels left and right of the circle
    cx, cy = width / 2, size / 2
    r = size / 2 - 60 if n > 1 else 0
    pos = {a["id"]: (cx + r * math.cos(2 * math.pi * i / n - math.pi / 2),
                     cy + r * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, a in enumerate(articles)}
    body = []
    for rel in relations:
        if rel.get("a") in pos and rel.get("b") in pos:
            (x1, y1), (x2, y2) = pos[rel["a"]], pos[rel["b"]]
            colour = KIND_COLOURS.get(rel.get("kind"), "#666")
            dash = ' stroke-dasharray="5 4"' if rel.get("kind") == "independent" else ""
            body.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                        f'stroke-width="{1 + 3 * float(rel.get("score") or 0):.1f}"{dash}>'
                        f'<title>{escape(rel.get("kind"))} {float(rel.get("score") or 0):.2f}</title></line>')
    for a in articles:
        x, y = pos[a["id"]]
        status = (a.get("provenance") or {}).get("status", "unknown")
        label = _short(a.get("outlet") or a.get("title") or a["id"], 24)
        anchor = "start" if x >= cx else "end"
        dx = 12 if x >= cx else -12
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="{STATUS_COLOURS.get(status, "#999")}">'
                    f'<title>{escape(a.get("title") or a["id"])} ({escape(status)})</title></circle>'
                    f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    return _svg(width, size, body, "copy graph: articles and the relations between them")


def _day(value: str) -> date | None:
    """The first day of an ISO date, month or year ("2023-06-19", "2022-11", "2023")."""
    parts = (str(value or "")[:10].split("-") + ["01", "01"])[:3]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def timeline(entries: list[dict], width: int = 1000, row: int = 22, max_rows: int = 40) -> Markup:
    """Dated entries on a time axis, one row each, with their number of sources (the ``max_rows`` best-sourced
    entries when there are more)."""
    best = sorted(entries, key=lambda e: -len(e.get("articles") or []))[:max_rows]
    dated = [(d, e) for e in best if (d := _day(e.get("date")))]
    if not dated:
        return Markup("")
    dated.sort(key=lambda x: x[0])
    lo, hi = dated[0][0].toordinal(), dated[-1][0].toordinal()
    span = max(1, hi - lo)
    left, right = 90, 330
    height = 40 + row * len(dated)
    body = [f'<line x1="{left}" y1="20" x2="{width - right}" y2="20" stroke="#444"/>',
            f'<text x="{left}" y="14" text-anchor="middle">{dated[0][0].isoformat()}</text>',
            f'<text x="{width - right}" y="14" text-anchor="middle">{dated[-1][0].isoformat()}</text>']
    for i, (d, e) in enumerate(dated):
        x = left + (width - right - left) * (d.toordinal() - lo) / span
        y = 40 + row * i
        n = len(e.get("articles") or [])
        body.append(f'<line x1="{x:.1f}" y1="20" x2="{x:.1f}" y2="{y}" stroke="#ccc"/>'
                    f'<circle cx="{x:.1f}" cy="{y}" r="{4 + min(n, 6)}" fill="#2c7fb8" fill-opacity=".75">'
                    f'<title>{escape(e.get("date"))}: {n} source(s)</title></circle>'
                    f'<text x="4" y="{y + 4}">{escape(str(e.get("date"))[:10])}</text>'
                    f'<text x="{width - right + 14}" y="{y + 4}">{escape(_short(e.get("text"), 48))}</text>')
    return _svg(width, height, body, "timeline of dated events")


def coverage_heatmap(coverage: dict, max_rows: int = 40, cell: int = 18) -> Markup:
    """Rows = facts/quotes/positions, columns = outlets; a filled cell = that outlet reports it."""
    rows = (coverage or {}).get("rows") or []
    outlets = [o["outlet"] if isinstance(o, dict) else str(o) for o in (coverage or {}).get("outlets") or []]
    if not rows or not outlets:
        return Markup("")
    rows = sorted(rows, key=lambda r: (-len(r.get("outlets") or []), r.get("kind", "")))[:max_rows]
    label_w, top = 330, 140
    colours = {"fact": "#2c7fb8", "quote": "#e6550d", "position": "#31a354"}
    body = []
    for j, o in enumerate(outlets):
        x = label_w + j * cell + cell / 2
        body.append(f'<text transform="translate({x:.1f},{top - 6}) rotate(-45)">{escape(_short(o, 22))}</text>')
    for i, r in enumerate(rows):
        y = top + i * cell
        body.append(f'<text x="4" y="{y + 13}">{escape(r.get("kind", ""))}: {escape(_short(r.get("label"), 44))}</text>')
        have = set(r.get("outlets") or [])
        for j, o in enumerate(outlets):
            fill = colours.get(r.get("kind"), "#555") if o in have else "#f0f0f0"
            body.append(f'<rect x="{label_w + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                        f'<title>{escape(o)}: {"reports" if o in have else "does not report"}</title></rect>')
    return _svg(label_w + cell * len(outlets) + 140, top + cell * len(rows) + 10, body,
                "coverage: which outlet reports which fact, quote and position")
