"""HTML page -> article body text and metadata (``extract_html``).

The body comes from trafilatura (comments excluded), run twice on one parsed tree, in its fast mode:
once favouring precision and once favouring recall. The precise run marks where the article starts
and ends; the body is the recall run's paragraphs inside that extent (``within_extent``), so page
furniture at the edges ("related" lists, newsletter boxes, footers) goes while in-body paragraphs
that the precise run dropped (product names, short subheads) stay. When the precise run lost more
than half of the text, or its body is a layout table (``html_runs.deficient_body``), it is not
trusted and trafilatura's full cascade (readability/justext fallbacks) decides instead, unless the cascade
took another part of the page than both fast runs agree on (``_elsewhere``). Then an
article split over sibling containers is completed (``html_chunks``) and credit lines at the edges
are listed as credits (``html_text``). When nothing is found the body is the page's visible text,
noted as boilerplate ``visible_text_fallback``.

Which steps run is ``HtmlSteps``; ``bench/bench_html.py --ablation`` measures each on four gold
conventions (article-extraction benchmark, l3s-gn1, google-trends-2017, dragnet) and a step is on
by default only where it loses F1 on none of them (the table is in bench/README.md).
"""
from __future__ import annotations

import itertools
import logging
import re
from copy import deepcopy
from dataclasses import asdict, dataclass

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction, fromstring
from trafilatura.utils import decode_file, repair_faulty_html

from ..compare.text import sentence_spans, words
from ..errors import InputError
from ..model import Boilerplate, normalize_text
from .base import Cleaned, Metadata
from .html_chunks import add_split_chunks
from .html_meta import read_metadata
from .html_runs import extract_text, precise_and_generous
from .html_text import drop_furniture, drop_repeated_title, split_credits

LOG = logging.getLogger(__name__)
_WORD = re.compile(r"\w+")

# Below this share of the recall run's words, the precise run is taken to have lost the article
# (benchmark F1 of the whole pipeline: 0.3 -> 0.9766, 0.5 -> 0.9766, 0.7 -> 0.9758).
MIN_PRECISE_SHARE = 0.5
# When the fast runs find less text than this, trafilatura's full cascade is asked too, and its text replaces
# theirs when it is CASCADE_SHARE times longer and passes ``_cascade_found_more``. F1 on the four sets (aeb,
# l3s-gn1, google-trends-2017, dragnet), 2026-12-06: without 0.9731 0.9109 0.8689 0.9038; with 0.9731 0.9141
# 0.8755 0.9038 (the same from 700 to 1,500 chars; share 3 or 4 loses on aeb and dragnet, 8 gains less on
# l3s-gn1); without the holding-or-prose test 0.9731 0.9141 0.8732 0.9035 (two dragnet teaser listings taken).
MIN_TRUSTED_CHARS = 1000
CASCADE_SHARE = 5.0
# Below this share of word 4-grams in common, the full cascade and the fast recall run found different parts of the
# page (``_elsewhere``). Set, not tuned: "almost nothing in common"; 0.1, 0.2 and 0.5 give the same F1 on the four
# sets (dragnet 0.9038 -> 0.9069, the others unchanged).
DISJOINT_SHARE = 0.1
# Prose: the share of words in sentences of at least MIN_PROSE_WORDS words (set, not tuned: half, a short
# sentence); what separates the listing the fast runs found from the article the cascade found on l3s-gn1.
PROSE_SHARE = 0.5
MIN_PROSE_WORDS = 8
_SENTENCE_END = re.compile(r"(?<!\.\.)[.!?][\"'\u201d\u2019)]*$")
# A body with fewer words is a stray label ("Home", "Loading..."), not an article.
MIN_BODY_WORDS = 5
# The benchmark's 181 pages hold at most 1,737 elements; trafilatura's passes grow faster than linearly with the
# element count (20k elements: 19 s, 200k: minutes). A page with more elements is no article page: skipped.
MAX_ELEMENTS = 50_000
# The longest start tag of the benchmark is 27k characters (inline JSON); libxml2 and htmldate are quadratic in
# a tag's attribute count (100k attributes: minutes). A longer tag keeps its name and loses its attributes.
MAX_TAG_CHARS = 100_000
_START_TAG = re.compile(r"<[A-Za-z]")


def _fast_parser() -> etree.HTMLParser:
    """trafilatura's HTML parser settings, with lxml's C-level default class lookup in place of lxml.html's
    Python one (``HtmlElementClassLookup.lookup`` ran 1.56 M times, 9% of the time, on 300 l3s-gn1 pages).
    Every element is still an ``HtmlElement``; only lxml.html's form/input/label subclasses are gone, which no
    extraction step uses: the extracted text was identical on the 761 pages of the four benchmarks tried."""
    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


_PARSER = _fast_parser()
_LONG_TAG = re.compile(r"<([A-Za-z][\w:-]*)[^<>]{%d,}>" % MAX_TAG_CHARS)


@dataclass(frozen=True, slots=True)
class HtmlSteps:
    """Which steps ``extract_html`` runs after trafilatura. Each is on only where it loses F1 on none of the
    four benchmarks (``bench/bench_html.py --ablation``; the numbers are in bench/README.md)."""

    structure_check: bool = True  # a layout-table body goes to trafilatura's full cascade
    # when the full cascade and the fast recall run found disjoint text, the one holding the precise run's text
    disjoint_runs: bool = True
    split_chunks: bool = True  # html_chunks: an article split over sibling containers is completed
    repeated_title: bool = False  # off: the headline line is body text in 3 of the 4 gold conventions
    # on: edge credit lines move from the body to ``credits``; off: they are listed in ``credits`` and stay in the
    # body (moving them lost F1 on l3s-gn1, -0.0010, and google-trends-2017, -0.0001)
    move_credits: bool = False
    furniture: bool = False  # off: share/follow prompts; lost F1 on google-trends-2017 (-0.0007)


VISIBLE_TEXT_NOTE = ("[no extraction run found article text: the body is the page's visible text, scripts, styles, "
                     "navigation, headers, footers and forms dropped]")
_HIDDEN_TAGS = ("head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
                "button", "select", "iframe", "svg", "object")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "blockquote", "pre", "dd", "dt", "table", "ul", "ol", "main", "figcaption"}


def extract_html(html: str, url: str | None = None, steps: HtmlSteps = HtmlSteps()) -> Cleaned:
    """The article in an HTML page: body text (paragraphs split by blank lines), metadata, credits.

    When no extraction run finds article text, the body is the page's visible text, noted as boilerplate
    ``visible_text_fallback``. Raises ``InputError`` when the page has no text at all (empty, broken, or
    nothing but navigation).
    """
    tree = parse_html(html)
    meta = _metadata(tree, url)
    paragraphs, boilerplate = body_paragraphs(tree, url, steps)
    if steps.repeated_title:
        paragraphs, dropped = drop_repeated_title(paragraphs, meta.title)
        boilerplate += dropped
    body, credits, credit_lines = split_credits(paragraphs)
    if steps.move_credits:
        paragraphs, boilerplate = body, boilerplate + credit_lines
    if steps.furniture:
        paragraphs, furniture = drop_furniture(paragraphs)
        boilerplate += furniture
    if _words(paragraphs) < MIN_BODY_WORDS:
        paragraphs, credits = visible_paragraphs(tree), []
        if _words(paragraphs) < MIN_BODY_WORDS:  # broken markup (an unclosed <title>) can put the page in <head>
            paragraphs = visible_paragraphs(tree, hidden=_HIDDEN_TAGS[1:])
        boilerplate = [Boilerplate(VISIBLE_TEXT_NOTE, "visible_text_fallback")]
    if _words(paragraphs) < MIN_BODY_WORDS:
        raise InputError("no article text found in the HTML")
    return Cleaned(**asdict(meta), text="\n\n".join(paragraphs), credits=credits, boilerplate=boilerplate)


def visible_paragraphs(tree: HtmlElement, hidden: tuple[str, ...] = _HIDDEN_TAGS) -> list[str]:
    """The lines a reader sees on the page: every block's text, without scripts, styles and page chrome
    (the elements named in ``hidden``)."""
    tree = deepcopy(tree)
    for element in list(tree.iter(*hidden)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in tree.iter(tag=None):
        if isinstance(element.tag, str) and element.tag in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    return _paragraphs(tree.text_content())


def _metadata(tree: HtmlElement, url: str | None) -> Metadata:
    try:
        return read_metadata(tree, url)
    except Exception as err:  # odd markup can break a metadata reader; the body is still worth having
        LOG.warning("metadata unreadable (%s); page kept without it", err)
        return Metadata()


def parse_html(html: str) -> HtmlElement:
    """The page as an lxml tree; ``InputError`` when there is no usable markup."""
    if not html or not html.strip():
        raise InputError("no article text found in the HTML")
    elements = sum(1 for _ in itertools.islice(_START_TAG.finditer(html), MAX_ELEMENTS + 1))
    if elements > MAX_ELEMENTS:
        raise InputError(f"the page has over {MAX_ELEMENTS:,} elements (the longest real article pages have a few "
                         "thousand): not an article page")
    if len(html) > MAX_TAG_CHARS:
        html = _LONG_TAG.sub(r"<\1>", html)
    try:
        tree = _load(html)
    except Exception as err:  # lxml raises a variety of errors on binary or truncated input
        raise InputError(f"no article text found in the HTML (unparsable: {err})") from err
    if tree is None:
        raise InputError("no article text found in the HTML")
    return tree


def _load(html: str) -> HtmlElement | None:
    """``trafilatura.utils.load_html`` with ``_PARSER``: decode, repair what libxml2 trips on, parse the text
    (its bytes when the text declares an encoding or parses empty). Unlike load_html it keeps a page that does not
    start like HTML and parses to a lone ``<body>`` (a truncated doctype, ``<!DOCTYPE htm``): such a page can hold
    the whole article (one l3s-gn1 page: P 0.995, R 0.987 with it, nothing without). A page without text still
    ends as "no article text found" in ``extract_html``."""
    html = decode_file(html)
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    try:
        tree = fromstring(html, parser=_PARSER)
    except Exception:  # ValueError: "Unicode strings with encoding declaration are not supported."
        tree = None
    if tree is None or len(tree) < 1:
        tree = fromstring(html.encode("utf8", "surrogatepass"), parser=_PARSER)
    return tree


def body_paragraphs(tree: HtmlElement, url: str | None,
                    steps: HtmlSteps = HtmlSteps()) -> tuple[list[str], list[Boilerplate]]:
    """The article's paragraphs and the edge lines dropped as outside the article."""
    precise_text, generous_text, deficient = precise_and_generous(tree, url)
    precise, generous = _paragraphs(precise_text), _paragraphs(generous_text)
    trusted = not (deficient and steps.structure_check)
    if trusted and precise and _words(precise) >= MIN_PRECISE_SHARE * _words(generous):
        paragraphs, outside = within_extent(generous, precise)
        if len(generous_text) < MIN_TRUSTED_CHARS:
            cascade = _paragraphs(extract_text(tree, url))
            if _cascade_found_more(precise, cascade, len(generous_text)):
                paragraphs, outside = cascade, []
    else:
        paragraphs, outside = _paragraphs(extract_text(tree, url)), []
        if steps.disjoint_runs and trusted and _elsewhere(paragraphs, generous, precise):
            paragraphs = generous
    if steps.split_chunks:
        paragraphs = add_split_chunks(tree, paragraphs)
    return paragraphs, [Boilerplate(line, "outside_article") for line in outside]


def _cascade_found_more(precise: list[str], cascade: list[str], fast_chars: int) -> bool:
    """Whether the full cascade's paragraphs are the article where the fast runs found only a little text: many
    times longer, and either holding the precise run's paragraphs (the article, extended) or prose where the
    precise run found a listing."""
    if sum(map(len, cascade)) < CASCADE_SHARE * fast_chars:
        return False
    held = set(cascade)
    if sum(p in held for p in precise) * 2 >= len(precise):
        return True
    return _prose_share(precise) < PROSE_SHARE <= _prose_share(cascade)


def _elsewhere(cascade: list[str], generous: list[str], precise: list[str]) -> bool:
    """Whether the full cascade took another part of the page than the fast runs: it shares almost nothing with
    the recall run (under ``DISJOINT_SHARE`` of either's word 4-grams), and the precise run's text lies in the
    recall run's rather than in the cascade's. Then the two fast runs agree on where the article is, against the
    cascade (which on such pages has taken a sidebar or an events box)."""
    if not (cascade and generous and precise):
        return False
    c, g, p = _grams(cascade), _grams(generous), _grams(precise)
    shared = len(c & g)
    if shared >= DISJOINT_SHARE * min(len(c), len(g)):
        return False
    return len(p & g) > len(p & c)


def _grams(paragraphs: list[str], n: int = 4) -> set[tuple[str, ...]]:
    found = words(" ".join(paragraphs))
    return {tuple(found[i:i + n]) for i in range(max(1, len(found) - n + 1))}


def _prose_share(paragraphs: list[str]) -> float:
    """The share of the words that stand in sentences: pieces of at least ``MIN_PROSE_WORDS`` words ending like a
    sentence (not with an ellipsis, as teasers in a listing do)."""
    total = prose = 0
    for paragraph in paragraphs:
        for start, end in sentence_spans(paragraph):
            piece = paragraph[start:end]
            words = len(_WORD.findall(piece))
            total += words
            if words >= MIN_PROSE_WORDS and _SENTENCE_END.search(piece):
                prose += words
    return prose / max(1, total)


def within_extent(generous: list[str], precise: list[str]) -> tuple[list[str], list[str]]:
    """The generous paragraphs from the precise run's first to its last paragraph, and the rest.

    Benchmark F1: with the precise run alone instead 0.9762, with this 0.9767 (recall up; 10 pages
    better, 5 worse). It keeps in-article lines the precise run drops, which readers expect.
    """
    try:
        start = generous.index(precise[0])
        end = len(generous) - generous[::-1].index(precise[-1])
    except ValueError:
        return precise, []
    if end <= start:
        return precise, []
    return generous[start:end], generous[:start] + generous[end:]


def _paragraphs(text: str) -> list[str]:
    lines = (" ".join(line.split()) for line in normalize_text(text).split("\n"))
    return [line for line in lines if line]


def _words(paragraphs: list[str]) -> int:
    return sum(len(_WORD.findall(p)) for p in paragraphs)
