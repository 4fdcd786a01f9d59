"""Highlighted text built from escaped pieces: an article's text cut at every span boundary, each piece escaped,
and only our own ``<mark>`` / ``<a>`` tags around them. Scraped text never reaches the page unescaped."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight: ``kind`` becomes the CSS class ``k-<kind>``; ``label`` its tooltip; ``href`` makes the
    span a link; ``anchor`` an element id placed where the span starts."""

    start: int
    end: int
    kind: str
    label: str = ""
    href: str | None = None
    anchor: str | None = None
    extra: str = ""  # another CSS class (a fact's verdict: "v-contradict")


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` as HTML with every mark's span highlighted (overlapping marks share the pieces they cover)."""
    marks = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    out, active = [], []
    for lo, hi in zip(bounds, bounds[1:]):
        active = [m for m in active if m.end > lo] + starting.get(lo, [])
        out += [Markup('<span class="anchor" id="{}"></span>').format(m.anchor)
                for m in starting.get(lo, []) if m.anchor]
        out.append(_piece(text[lo:hi], active))
    return Markup("").join(out)


def _piece(text: str, active: list[Mark]) -> Markup:
    if not active:
        return escape(text)
    classes = " ".join(dict.fromkeys(c for m in active for c in (f"k-{m.kind}", m.extra) if c))
    label = "; ".join(dict.fromkeys(m.label for m in active if m.label))
    href = next((m.href for m in reversed(active) if m.href), None)  # the innermost link: the most specific
    if href:
        return Markup('<a class="{}" href="{}" title="{}">{}</a>').format(classes, href, label, text)
    return Markup('<mark class="{}" title="{}">{}</mark>').format(classes, label, text)


def marked_snippet(snippet: str) -> Markup:
    """An FTS5 snippet whose matches sit between \\x02 and \\x03, escaped, the matches in ``<mark>``."""
    out = []
    for n, part in enumerate(snippet.replace("\x03", "\x02").split("\x02")):
        out.append(Markup("<mark>{}</mark>").format(part) if n % 2 else escape(part))
    return Markup("").join(out)
