"""Two fast trafilatura runs (precision- and recall-focused) on one tree, sharing their common work.

``trafilatura.extract`` prunes the raw tree (``RAW_TREE_PRUNE_XPATH`` and, with comments off, the
comment/list containers), then cleans and converts it, at the start of every run; that is about
half of a fast run's time. The two runs here follow ``trafilatura.core.trafilatura_sequence`` for
``fast=True`` and ``include_comments=False`` step by step but do that preparation once (with the
balanced cleaning, which differs from the precision one only in keeping the tail text of deleted
empty elements). On the benchmark the pair takes 21 CPU ms/page instead of 28 with two
``trafilatura.extract`` calls, and the body F1 is unchanged (0.9744 either way).
It uses trafilatura internals, so when they are missing (another trafilatura version) or the page
is a forum thread (where trafilatura treats comments as content) it makes the two public calls.
"""
from __future__ import annotations

import logging
from copy import copy

import trafilatura
from lxml.html import HtmlElement

LOG = logging.getLogger(__name__)

try:  # trafilatura 2.3 internals; see the module docstring
    from trafilatura.baseline import baseline
    from trafilatura.core import _forum_thread_page, _prepare_tree
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.utils import normalize_unicode
    from trafilatura.xml import xmltotxt
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH

    SHARED_RUNS = True
except ImportError:  # pragma: no cover - depends on the installed trafilatura
    SHARED_RUNS = False


def precise_and_generous(tree: HtmlElement, url: str | None) -> tuple[str, str, bool]:
    """Text of a fast precision-focused run, of a fast recall-focused run (comments excluded), and whether the
    precise run's body is structurally deficient (``deficient_body``)."""
    if not SHARED_RUNS or _forum_thread_page(tree):
        return (extract_text(tree, url, fast=True, favor_precision=True),
                extract_text(tree, url, fast=True, favor_recall=True), False)
    try:
        pruned = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
        pruned = prune_unwanted_nodes(pruned, REMOVE_COMMENTS_AND_LISTS_XPATH)
        converted = _prepared(pruned, url)
        precise, deficient = _run(copy(converted), pruned, url, "precision")
        return precise, _run(converted, pruned, url, "recall")[0], deficient
    except Exception as err:  # internals failing on odd markup: let the public API decide
        LOG.debug("shared trafilatura runs failed (%s); using trafilatura.extract", err)
        return (extract_text(tree, url, fast=True, favor_precision=True),
                extract_text(tree, url, fast=True, favor_recall=True), False)


def deficient_body(body) -> bool:
    """No paragraph text, or more tables than paragraphs: a layout table taken whole, not an article.

    trafilatura's own test (``external._prefer_readability``) for handing a page to its fallbacks; fast mode
    skips it. Used to send such pages to the full cascade: F1 l3s-gn1 0.899 -> 0.910, others within 0.0004.
    """
    return not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p"))


def extract_text(tree: HtmlElement, url: str | None, **options) -> str:
    """``trafilatura.extract`` as plain text with comments excluded; "" when it finds nothing."""
    try:
        text = trafilatura.extract(tree, url=url, include_comments=False, **options)
    except Exception as err:  # trafilatura can fail deep inside on odd markup: found nothing
        LOG.debug("trafilatura failed: %s", err)
        return ""
    return text or ""


def _prepared(pruned: HtmlElement, url: str | None) -> HtmlElement:
    return _prepare_tree(pruned, Extractor(fast=True, comments=False, url=url), url)[0]


def _run(cleaned: HtmlElement, pruned: HtmlElement, url: str | None, focus: str) -> tuple[str, bool]:
    """One fast run on the already pruned tree (stages 1 and 3 of trafilatura's cascade): its text and whether
    its main-extractor body is ``deficient_body``."""
    options = Extractor(fast=True, comments=False, url=url, precision=focus == "precision", recall=focus == "recall")
    if focus == "precision":
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    body, text = extract_content(cleaned, options)
    deficient = bool(text) and deficient_body(body)
    if len(text) < options.min_extracted_size and focus != "precision":
        rescue_body, rescue_text, _ = baseline(pruned)
        if len(rescue_text) > len(text):
            body, text = rescue_body, rescue_text
    if len(text) < options.min_output_size:
        return "", deficient
    return normalize_unicode(xmltotxt(body, options.formatting)), deficient
