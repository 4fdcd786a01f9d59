"""report.md: the brief a person reads in a terminal or pastes into a note — summary, facts, timeline, copies."""
from __future__ import annotations

import re
from typing import Any

# Every character that can start Markdown or inline HTML syntax (tags, links, images, emphasis, code, tables,
# headings, entities): scraped text is written with each of them backslash-escaped, so it renders as the text it
# is in any CommonMark / GFM viewer.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&!])")


_LEADING_MARKER = re.compile(r"^(\s*)(\d*)([-+=.)])")  # a list item or setext/rule marker opening the text


def md_escape(text: str) -> str:
    """``text`` with every Markdown-special character backslash-escaped (a leading list marker too)."""
    return _LEADING_MARKER.sub(r"\1\2\\\3", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


def _cell(text: Any, n: int = 160) -> str:
    """One line of scraped text for a table cell or list item: spaces folded, long text cut, Markdown escaped."""
    s = " ".join(str(text if text is not None else "").split())
    return md_escape(s if len(s) <= n else s[: n - 1] + "…")


def _name(arts: dict[str, dict], aid: str | None) -> str:
    a = arts.get(aid or "")
    return _cell((a.get("outlet") or a.get("title") or aid) if a else aid, 40)


def render_markdown(data: dict, story: str | None = None) -> str:
    """The report (or one story of it) as Markdown."""
    arts = {a["id"]: a for a in data["articles"]}
    keep = _story_articles(data, story)
    out = [f"# newsprism report{f' — story {story}' if story else ''}", "",
           f"{len(keep)} articles, {len(data.get('skipped') or [])} inputs skipped.", ""]
    out += _summary(data, arts, keep) + _facts(data, arts, keep) + _timeline(data, arts, keep)
    out += _relations(data, arts, keep) + _articles(data, keep)
    return "\n".join(out).rstrip() + "\n"


def _story_articles(data: dict, story: str | None) -> set[str]:
    if story is None:
        return {a["id"] for a in data["articles"]}
    for s in data.get("stories") or []:
        if str(s.get("id")) == story:
            return set(s.get("articles") or [])
    raise KeyError(f"no story {story!r}; the report's stories are: "
                   + ", ".join(str(s.get("id")) for s in data.get("stories") or []) or "none")


def _summary(data, arts, keep) -> list[str]:
    lines = [s for s in data.get("summary") or [] if any(c.get("article") in keep for c in s.get("citations") or [])]
    if not lines:
        return []
    return ["## Summary", ""] + [
        f"- {_cell(s['text'], 600)} [{', '.join(_name(arts, c['article']) for c in s.get('citations') or [])}]"
        for s in lines] + [""]


def _facts(data, arts, keep) -> list[str]:
    order = {"contradict": 0, "update": 1, "agree": 2, "single_source": 3}
    rows: list[list[str]] = [[] for _ in range(len(order) + 1)]  # one line per fact, by verdict (the facts are
    # read once: a large corpus's are not all held at once)
    for f in data.get("facts") or []:
        if set(f.get("articles") or []) & keep:
            rows[order.get(f.get("verdict"), len(order))].append(_fact_row(f, arts))
    if not any(rows):
        return []
    out = ["## Facts", "", "| verdict | fact | values (source) | independent sources |", "| --- | --- | --- | --- |"]
    return out + [line for bucket in rows for line in bucket] + [""]


def _fact_row(f: dict, arts) -> str:
    values = "; ".join(f"“{_cell(v.get('text'), 60)}” ({_name(arts, v.get('article'))})" for v in f.get("values") or [])
    sure = f" ({f['confidence']:.2f})" if f.get("verdict") == "contradict" and f.get("confidence") else ""
    moved = f" ({_cell(f['change'])})" if f.get("verdict") == "update" and f.get("change") else ""
    return (f"| **{_cell(f.get('verdict'))}**{sure}{moved} | {_cell(f.get('subject'), 80)} — "
            f"*{_cell(f.get('attribute'), 30)}* | {values} | {f.get('independent_sources', '')} |")


def _timeline(data, arts, keep) -> list[str]:
    items = [t for t in data.get("timeline") or [] if set(t.get("articles") or []) & keep]
    if not items:
        return []
    return ["## Timeline", ""] + [
        f"- **{_cell(t.get('date'))}** {_cell(t.get('text'), 200)} ({_sources(arts, t.get('articles') or [])})"
        for t in items] + [""]


def _sources(arts, ids: list, shown: int = 6) -> str:
    names = ", ".join(_name(arts, a) for a in ids[:shown])
    return names + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def _relations(data, arts, keep) -> list[str]:
    if "relations" not in data:
        return []
    lines = [f"- {_cell(r.get('kind'))} {float(r.get('score') or 0):.2f}: {_name(arts, r.get('a'))} ↔ "
             f"{_name(arts, r.get('b'))}" + (f", original {_name(arts, r.get('original'))}" if r.get("original") else "")
             for r in data.get("relations") or [] if r.get("a") in keep or r.get("b") in keep]
    return ["## Who copied whom", ""] + (lines or ["No copying found between these articles."]) + [""]


def _articles(data, keep) -> list[str]:
    out = ["## Articles", "", "| outlet | title | published | provenance |", "| --- | --- | --- | --- |"]
    for a in data["articles"]:
        if a["id"] in keep:
            status = (a.get("provenance") or {}).get("status", "")
            out.append(f"| {_cell(a.get('outlet'))} | {_cell(a.get('title'), 90)} | {_cell(a.get('published'))} | {_cell(status)} |")
    return out + [""]
