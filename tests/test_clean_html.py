"""HTML cleaning: body text, metadata, credits and failure modes of ``extract_html``."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from newsprism.clean.html import HtmlSteps, VISIBLE_TEXT_NOTE, extract_html, within_extent
from newsprism.clean.html_text import is_credit, repeats_title, split_credits
from newsprism.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCH_DIR = Path(__file__).resolve().parents[1] / "bench"

# Floor for body F1 on the article-extraction benchmark (measured 0.9732; trafilatura 2.3 alone 0.9598). It was
# 0.976 with the headline drop, which issue 13 turned off: it lost F1 on the three wceb-dev sets (bench/README.md).
BENCHMARK_F1_FLOOR = 0.973

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the northern tram line by four kilometres, ending a "
    "debate that has divided residents of the harbour district for almost a decade.",
    "Mayor Ines Okafor said the extension would connect about 30,000 people to the centre and cut the "
    "average commute by twelve minutes, according to the transport department's own estimates.",
    "Opponents argued that the 410 million euro budget leaves too little for bus routes in the outer "
    "suburbs, and several members asked for an independent audit before construction begins next spring.",
    "Construction is expected to take three years. The council will publish the tender documents in "
    "March and choose a builder before the summer recess, a spokeswoman for the transport office said.",
]
HEADLINE = "Council approves northern tram extension after decade-long debate"


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><title>{HEADLINE} | Harbour Gazette</title>{head}</head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
{body}
<footer><p>About us</p><p><a href="/privacy">Privacy policy</a></p></footer></body></html>"""


def article(extra_end: str = "", paragraphs: list[str] = PARAGRAPHS) -> str:
    ps = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<article><h1>{HEADLINE}</h1>{ps}{extra_end}</article>"


META = f"""<meta property="og:title" content="{HEADLINE}">
<meta property="og:site_name" content="Harbour Gazette">
<meta name="author" content="Lena Brandt">
<meta property="article:published_time" content="2023-06-19T08:30:00+02:00">"""


def test_body_is_the_headline_and_article_paragraphs_separated_by_blank_lines():
    # the headline line stays: three of the four gold conventions of bench_html.py count it as body text
    cleaned = extract_html(page(article(), META), url="https://gazette.example/city/tram")
    assert cleaned.text.split("\n\n") == [HEADLINE] + PARAGRAPHS


def test_navigation_and_footer_stay_out_of_the_body():
    text = extract_html(page(article(), META)).text
    assert "Privacy policy" not in text and "Sport" not in text


def test_headline_drop_is_a_step_that_can_be_turned_on():
    cleaned = extract_html(page(article(), META), steps=HtmlSteps(repeated_title=True))
    assert cleaned.text.split("\n\n") == PARAGRAPHS


def test_metadata_from_meta_tags():
    cleaned = extract_html(page(article(), META), url="https://gazette.example/city/tram")
    assert cleaned.title == HEADLINE
    assert cleaned.byline == "Lena Brandt"
    assert cleaned.outlet == "Harbour Gazette"
    assert (cleaned.published, cleaned.published_via) == ("2023-06-19", "html-meta")
    assert cleaned.language == "en"


def test_metadata_from_json_ld_and_content_language():
    head = """<meta http-equiv="Content-Language" content="de-DE"><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Stadtrat stimmt zu",
     "datePublished": "2022-11-03", "author": {"@type": "Person", "name": "Jonas Weber"},
     "publisher": {"@type": "Organization", "name": "Hafenblatt"}}</script>"""
    html = page(article(), head).replace('lang="en"', "")
    cleaned = extract_html(html)
    assert cleaned.title == "Stadtrat stimmt zu"
    assert cleaned.byline == "Jonas Weber"
    assert cleaned.outlet == "Hafenblatt"
    assert cleaned.published == "2022-11-03"
    assert cleaned.language == "de"


def test_title_loses_the_site_name_suffix():
    head = '<meta property="og:site_name" content="Harbour Gazette">'
    assert extract_html(page(article(), head)).title == HEADLINE  # <title> is "HEADLINE | Harbour Gazette"


def test_outlet_falls_back_to_the_host_name():
    html = page(article()).replace(" | Harbour Gazette", "")
    assert extract_html(html, url="https://www.gazette.example/a").outlet == "gazette.example"


def test_credit_lines_are_listed_as_credits_and_stay_in_the_body():
    end = "<p>Source: Reuters</p><p>© 2023 Harbour Gazette Media. All rights reserved.</p>"
    cleaned = extract_html(page(article(end), META))
    assert cleaned.credits == ["Source: Reuters", "© 2023 Harbour Gazette Media. All rights reserved."]
    assert cleaned.text.split("\n\n")[-2:] == cleaned.credits
    assert "credit" not in {b.reason for b in cleaned.boilerplate}


def test_credit_lines_move_out_of_the_body_with_the_move_credits_step():
    end = "<p>Source: Reuters</p><p>© 2023 Harbour Gazette Media. All rights reserved.</p>"
    cleaned = extract_html(page(article(end), META), steps=HtmlSteps(move_credits=True))
    assert cleaned.credits == ["Source: Reuters", "© 2023 Harbour Gazette Media. All rights reserved."]
    assert "Reuters" not in cleaned.text and "©" not in cleaned.text
    assert cleaned.text.split("\n\n") == [HEADLINE] + PARAGRAPHS
    assert {(b.text, b.reason) for b in cleaned.boilerplate} >= {("Source: Reuters", "credit")}


def test_removed_headline_is_kept_as_a_boilerplate_record():
    body = "<div class='story'>" + f"<p>{HEADLINE}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    cleaned = extract_html(page(body, META), steps=HtmlSteps(repeated_title=True))
    assert cleaned.text.split("\n\n") == PARAGRAPHS
    assert ("repeated_title" in {b.reason for b in cleaned.boilerplate})


def test_no_break_spaces_from_entities_become_plain_spaces():
    paragraphs = [p.replace(" voted", "&nbsp;voted") for p in PARAGRAPHS]
    text = extract_html(page(article(paragraphs=paragraphs))).text
    assert "\u00a0" not in text and "council voted on Tuesday" in text


def test_body_split_over_sibling_containers_is_joined():
    chunk = '<div class="story-body grid">{}</div>'
    first = chunk.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]))
    second = chunk.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:]))
    body = f'<div class="chunks">{first}<div class="ad-row"><p>Advertisement</p></div>{second}</div>'
    text = extract_html(page(f"<h1>{HEADLINE}</h1>{body}", META)).text
    assert [p for p in PARAGRAPHS if p in text] == PARAGRAPHS


def test_a_sibling_holding_a_form_is_not_joined():
    chunk = '<div class="story-body">{}</div>'
    pitch = ("Did you enjoy reading this? Every morning we can send the newest pieces to your inbox when you type "
             "your address into the field below, and you can stop the messages whenever you wish to.")
    # trafilatura drops the box (its id); the sibling search would bring it back for its class
    form = f'<div class="story-body" id="newsletter-box"><form action="/s"><p>{pitch}</p><p>{pitch[10:]} again</p>' \
           '<input name="e"></form></div>'
    body = chunk.format("".join(f"<p>{p}</p>" for p in PARAGRAPHS)) + form
    text = extract_html(page(f'<div class="main"><h1>{HEADLINE}</h1>{body}</div>', META)).text
    assert PARAGRAPHS[-1] in text and "inbox" not in text


def test_an_appended_next_story_is_not_joined():
    story = '<div class="story"><h1>{}</h1><div class="story-body">{}</div></div>'
    other = ["A different story about the football club signing a new goalkeeper from a rival team "
             "in the north, for a fee the club did not disclose on Monday evening.",
             "The goalkeeper, who is 24, played every league match last season and kept eleven clean "
             "sheets, the club said in a statement published on its website."]
    first = story.format(HEADLINE, "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    second = story.format("Club signs goalkeeper", "".join(f"<p>{p}</p>" for p in other))
    text = extract_html(page(f'<div class="stream">{first}{second}</div>', META)).text
    assert PARAGRAPHS[0] in text and other[0] not in text


def test_share_and_follow_prompts_stay_by_default_and_go_with_the_furniture_step():
    end = "<p>Share This Article</p><p>Follow Lena Brandt on Twitter at @lenab</p><p>12 Comments</p>"
    assert "Share This Article" in extract_html(page(article(end), META)).text
    cleaned = extract_html(page(article(end), META), steps=HtmlSteps(furniture=True))
    assert cleaned.text.split("\n\n") == [HEADLINE] + PARAGRAPHS
    assert [b.text for b in cleaned.boilerplate if b.reason == "page_furniture"] == [
        "Share This Article", "Follow Lena Brandt on Twitter at @lenab", "12 Comments"]


def test_broken_html_still_gives_the_text():
    html = "<html><body><div><p>" + "<p>".join(PARAGRAPHS) + "<div><span>unclosed"  # no closing tags
    text = extract_html(html).text
    assert all(p in text for p in PARAGRAPHS[:3])


@pytest.mark.parametrize("html", [
    "", "   \n", "<html></html>", "<html><body><nav><a href='/'>Home</a></nav></body></html>",
    "\x00\x01\x02 binary junk \xff",
])
def test_pages_without_article_text_raise_input_error(html):
    with pytest.raises(InputError, match="no article text found in the HTML"):
        extract_html(html)


def test_a_page_trafilatura_rejects_keeps_its_visible_text_with_a_note():
    # trafilatura (comments excluded) returns nothing for text inside a "comments" container
    import trafilatura

    notice = "Short notice: the library opens at nine tomorrow morning for all readers."
    html = f"<html><head><script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>" \
           f"<div class='comments'>{notice}</div><footer>About us</footer></body></html>"
    assert notice not in (trafilatura.extract(html, include_comments=False) or "")
    cleaned = extract_html(html)
    assert cleaned.text == notice
    assert [(b.text, b.reason) for b in cleaned.boilerplate] == [(VISIBLE_TEXT_NOTE, "visible_text_fallback")]


def test_a_page_with_a_truncated_doctype_keeps_its_article():
    # no "html" in its first characters and one child after parsing: trafilatura's loader rejects it as not HTML
    from trafilatura.utils import load_html

    html = "<!DOCTYPE htm\n<div id='story'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>"
    assert load_html(html) is None
    text = extract_html(html).text
    assert all(p in text for p in PARAGRAPHS)


@pytest.mark.parametrize("lang,line", [("es", "martes 4 de marzo de 2008"),
                                       ("en", "Posted on Tuesday the 4th of March, 2008")])
def test_a_date_only_in_the_text_is_read_in_the_language_the_page_declares(lang, line):
    html = (f"<html lang='{lang}'><head><title>Budget</title></head><body><article><h1>Budget</h1>"
            f"<p class='x'>{line}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
    cleaned = extract_html(html)
    assert (cleaned.published, cleaned.published_via) == ("2008-03-04", "html-text")


def test_a_page_swallowed_by_an_unclosed_title_keeps_its_text_with_a_note():
    html = "<html><head><title>Tram extension approved<body>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    cleaned = extract_html(html)
    assert PARAGRAPHS[0] in cleaned.text
    assert [b.reason for b in cleaned.boilerplate] == ["visible_text_fallback"]


def test_a_layout_table_body_goes_to_the_full_cascade():
    from lxml import etree

    from newsprism.clean.html_runs import deficient_body

    table = etree.fromstring("<body><table><row><cell>a</cell></row></table><table/><p>x</p></body>")
    assert deficient_body(table)
    assert not deficient_body(etree.fromstring("<body><p>One paragraph.</p><table/></body>"))
    assert deficient_body(etree.fromstring("<body><list><item>no paragraph</item></list></body>"))


def test_within_extent_keeps_generous_paragraphs_between_the_precise_ends():
    generous = ["Headline", "Lead paragraph.", "Product name", "Body paragraph.", "Related: other story"]
    body, outside = within_extent(generous, ["Lead paragraph.", "Body paragraph."])
    assert body == ["Lead paragraph.", "Product name", "Body paragraph."]
    assert outside == ["Headline", "Related: other story"]


def test_credit_lines_are_recognised_only_at_the_edges():
    assert is_credit("Source: Asia Times") and is_credit("(c) 2023 the Asia News Network")
    assert is_credit("Distributed by Tribune Content Agency, LLC.")
    assert not is_credit("The source said the talks would continue.")
    body, credits, _ = split_credits(["Copyright 2023 ABC", "Para one.", "Source: AP", "Para two.", "x", "y", "z"])
    assert credits == ["Copyright 2023 ABC"]  # "Source: AP" is mid-body, not at an edge


def test_repeats_title_tolerates_a_site_suffix_but_not_a_fragment():
    assert repeats_title("Council approves tram", "Council approves tram | Harbour Gazette")
    assert not repeats_title("Photos", "Photos of the council approving the tram extension")


def _html_eval():
    spec = importlib.util.spec_from_file_location("html_eval", BENCH_DIR / "html_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("html_eval", module)
    spec.loader.exec_module(module)
    return module


def test_body_f1_on_the_article_extraction_benchmark():
    if not (SHARED / "eval" / "article-extraction-benchmark" / "ground-truth.json").exists():
        pytest.skip(f"benchmark not found under {SHARED}/eval (shared/ is a sibling of the repository)")
    ev = _html_eval()
    pages = ev.load_pages()

    def body(p):
        try:
            return extract_html(p.html, url=p.url).text
        except InputError:
            return ""

    score, _ = ev.score(pages, body)
    assert len(pages) == 181
    assert score >= BENCHMARK_F1_FLOOR


# Floors on wceb-dev's three sets (bench/README.md, 2026-12-06: l3s-gn1 0.9141, google-trends-2017 0.8755,
# dragnet 0.9069; trafilatura's best configuration 0.9035 / 0.8725 / 0.8999).
WCEB_F1_FLOORS = {"l3s-gn1": 0.913, "google-trends-2017": 0.874, "dragnet": 0.906}


@pytest.mark.parametrize("name", sorted(WCEB_F1_FLOORS))
def test_body_f1_on_wceb_dev(name):
    root = SHARED / "eval" / "wceb-dev" / name
    if not (root / "ground-truth.json").exists():
        pytest.skip(f"wceb-dev/{name} not found under {SHARED}/eval (shared/ is a sibling of the repository)")
    ev = _html_eval()

    def body(p):
        try:
            return extract_html(p.html, url=p.url).text
        except InputError:
            return ""

    score, _ = ev.score(ev.load_pages(root), body)
    assert score >= WCEB_F1_FLOORS[name]


def test_the_full_cascade_replaces_a_short_listing_only_with_an_article():
    from newsprism.clean.html import _cascade_found_more

    scores = ["Monday Jan 21", "Harbour v City", "Tuesday Jan 22", "Rovers 1-2 United", "Athletic 0-0 Town"]
    teasers = [f"Watch how the builders plan the next stage of the line and what it costs {i}..."
               for i in range(12)]
    article = PARAGRAPHS * 3
    chars = sum(map(len, scores))
    # a listing of scores where the page's article is: the cascade's prose is taken
    assert _cascade_found_more(scores, article, chars)
    # a listing of teasers ending in ellipses is no article: the fast runs' text stays
    assert not _cascade_found_more(scores, teasers, chars)
    # a short article the cascade extends (it holds the precise paragraphs) is taken too
    assert _cascade_found_more(PARAGRAPHS[:1], PARAGRAPHS * 2, len(PARAGRAPHS[0]))
    # a short article the cascade replaces with other text, or text not much longer, stays
    assert not _cascade_found_more(PARAGRAPHS[:2], [p.upper() for p in PARAGRAPHS * 3], len(PARAGRAPHS[0]) * 2)
    assert not _cascade_found_more(scores, article[:1], chars * 2)


def test_when_the_cascade_takes_another_part_of_the_page_the_fast_runs_agreeing_on_the_article_win(monkeypatch):
    import newsprism.clean.html as html

    events = ["Register now for the cloud workshop in London on Monday afternoon with our partners and speakers.",
              "Join the online webinar on Tuesday morning to learn which services suit your web application best."]
    lead = PARAGRAPHS[0]
    # the precise run kept only the lead (too little to trust), the recall run the article, the cascade a sidebar
    runs = {"precise": lead, "generous": "\n".join(PARAGRAPHS), "cascade": "\n".join(events * 3)}
    monkeypatch.setattr(html, "precise_and_generous", lambda tree, url: (runs["precise"], runs["generous"], False))
    monkeypatch.setattr(html, "extract_text", lambda tree, url, **o: runs["cascade"])
    tree = html.parse_html(page("<div>x</div>"))
    steps = HtmlSteps(split_chunks=False)
    assert html.body_paragraphs(tree, None, steps)[0] == PARAGRAPHS
    assert html.body_paragraphs(tree, None, HtmlSteps(split_chunks=False, disjoint_runs=False))[0] == events * 3
    # a cascade that holds the recall run's article (and more) is still the cascade's call
    runs["cascade"] = "\n".join(PARAGRAPHS + events)
    assert html.body_paragraphs(tree, None, steps)[0] == PARAGRAPHS + events
    # the runs disagree but the precise run's text is not in the recall run's: nothing says the cascade is wrong
    runs.update(cascade="\n".join(events * 3), precise="A line found by neither of the other runs at all, here.")
    assert html.body_paragraphs(tree, None, steps)[0] == events * 3
