"""Scraped text reaches people escaped: report.md renders inert, the terminal gets no escapes, report.html stays small."""
from __future__ import annotations

from html.parser import HTMLParser

from click.testing import CliRunner
from markdown_it import MarkdownIt

from newsprism.cli import main, safe
from newsprism.report import render_html, render_markdown

PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '[click](javascript:alert(3))',
            '![x](javascript:alert(4))', '<a href="javascript:alert(5)">a</a>', '`code` **bold** | pipe | # head',
            '<iframe srcdoc="<script>alert(6)</script>">', '&lt;script&gt;alert(7)&lt;/script&gt;',
            '<https://evil.example/>', '<svg/onload=alert(8)>']
OUR_TAGS = {"h1", "h2", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "em"}  # em: the attribute of a fact, ours


def hostile_report() -> dict:
    p = " ".join(PAYLOADS)
    arts = [{"id": f"a{n}", "title": f"{p} title", "byline": p, "outlet": p, "published": p, "text": p,
             "provenance": {"status": p}} for n in range(2)]
    return {"articles": arts, "skipped": [],
            "summary": [{"text": x, "citations": [{"article": "a0"}]} for x in PAYLOADS],
            "facts": [{"verdict": "contradict", "subject": p, "attribute": p, "articles": ["a0", "a1"],
                       "values": [{"text": x, "article": "a1"} for x in PAYLOADS], "independent_sources": 2}],
            "timeline": [{"date": x, "text": x, "articles": ["a0"]} for x in PAYLOADS],
            "relations": [{"kind": "rewrite", "score": 0.5, "a": "a0", "b": "a1", "original": "a0"}]}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def test_report_md_with_payloads_in_every_field_renders_to_html_with_no_tag_of_the_payload():
    for md in (MarkdownIt("commonmark").enable("table"), MarkdownIt("gfm-like", {"linkify": False}).disable("linkify")):
        html = md.render(render_markdown(hostile_report()))
        parser = _Tags()
        parser.feed(html)
        assert {t for t, _ in parser.tags} <= OUR_TAGS, html
        assert all(not attrs for _, attrs in parser.tags)  # no href, src, onerror, ...
        assert "alert(1)" in html  # the text is still there, shown as text


def test_terminal_output_loses_ansi_and_control_characters():
    assert safe("\x1b[31mred\x1b[0m \x1b]0;title\x07ok\x07 bell\x08\x00 \u202eevil") == "red ok bell evil"
    assert safe("two\nlines\ttab") == "two\nlines\ttab"
    assert safe("two\nlines", one_line=True) == "two lines"


def test_show_and_articles_strip_escapes_from_scraped_fields(tmp_path):
    doc = tmp_path / "a.json"
    doc.write_text('{"title": "Talks \\u001b[2J\\u001b[31mresume", "text": "Ministers met in Geneva on Tuesday, '
                   'officials said.\\u001b]0;pwned\\u0007 They agreed to meet again."}')
    db = str(tmp_path / "n.db")
    assert CliRunner().invoke(main, ["ingest", str(doc), "--db", db, "-q"]).exit_code == 0
    listed = CliRunner().invoke(main, ["articles", "--db", db]).output
    shown = CliRunner().invoke(main, ["show", listed.split()[0], "--db", db]).output
    for out in (listed, shown):
        assert "\x1b" not in out and "\x07" not in out
    assert "Talks resume" in listed  # the whole escape sequence goes, not only its ESC byte


def test_a_huge_title_does_not_make_a_huge_page():
    data = hostile_report()
    data["articles"][0]["title"] = "T" * 2_000_000
    html = render_html(data)
    assert len(html) < 200_000
    assert len(data["articles"][0]["title"]) == 2_000_000  # the data (report.json) keeps it whole
