"""Plain-text cleaning throughput and quality, printed beside baselines measured in the same run.

Texts: the PolNeAR train articles and the five demo-corpus seeds, cycled to ``--n`` texts, each with page
boilerplate lines (ads, share and follow prompts, related links, sign-up boxes, tags, captions...) mixed in at
random places with a fixed seed, so the junk that should go is known.

Baselines on the same texts:
- ``splitlines``: a bare ``str.splitlines()`` + strip pass (the floor: what reading the lines costs);
- ``trafilatura``: ``trafilatura.extract`` on the text wrapped as one ``<p>`` per line (the library answer),
  on the first ``--trafilatura-n`` texts because it is slow.

Quality on unseen real pages (``--pages``): the article-extraction benchmark's 181 HTML pages flattened to
plain text (one line per block element, as a crude scraper would leave them), scored with the benchmark's
shingle F1 against the typed article bodies: whole page text vs. the same text after ``clean_plain``.

The injected junk lines use the same vocabulary families as the shipped rules, so "junk out" there is a
regression check, not an unbiased score; the page F1 is the held-out number.

Run: .venv/bin/python bench/bench_clean_text.py [--n 3000] [--trafilatura-n 300] [--pages]
"""
from __future__ import annotations

import argparse
import html
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from newsprism.clean.plaintext import clean_plain
from newsprism.model import normalize_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_TRAIN = SHARED / "eval" / "polnear-dev" / "train" / "text"
SEEDS = SHARED / "corpus" / "blinken-2023"

# Generic page furniture; none of it comes from the seed files.
JUNK = [
    "Advertisement", "- Advertisement -", "ADVERTISEMENT", "Story continues below advertisement",
    "Share this article", "Share", "Facebook Twitter WhatsApp Email", "Click to share on Twitter",
    "Read more: Markets rally as rate fears ease", "Related: Ten things to know before the vote",
    "Follow Maria Lopez on Twitter @mlopez", "Follow us on Facebook and Instagram",
    "Sign up for our daily newsletter", "Subscribe to our newsletter to get the latest news",
    "Enter your email address", "Already a subscriber? Log in", "Comments (14)", "Leave a comment",
    "Tags: politics, elections, economy", "Photo: Reuters", "Skip to content", "Like this: Like Loading...",
    "We use cookies to improve your experience on our website.", "Join our WhatsApp channel for breaking news",
    "Copyright 2020 Example Media Group. All rights reserved.",
]


@dataclass(slots=True)
class Sample:
    text: str
    junk: set[str]  # injected lines
    body: list[str]  # original non-empty lines but the first (the headline, which cleaning moves to ``title``)


def load_texts() -> list[str]:
    paths = sorted(POLNEAR_TRAIN.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no texts under {POLNEAR_TRAIN} or {SEEDS}: shared/ must sit beside the repository")
    return [normalize_text(p.read_text(encoding="utf-8")) for p in paths]


def with_junk(text: str, rng: random.Random) -> Sample:
    lines = text.split("\n")
    junk = set(rng.sample(JUNK, rng.randint(2, 6)))
    for line in junk:
        at = rng.choice([rng.randint(1, 3), len(lines), rng.randint(0, len(lines))])
        lines[at:at] = ["", line]
    return Sample("\n".join(lines), junk, [line.strip() for line in text.split("\n") if line.strip()][1:])


def build_samples(n: int, seed: int = 13) -> list[Sample]:
    texts, rng = load_texts(), random.Random(seed)
    return [with_junk(texts[i % len(texts)], rng) for i in range(n)]


_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "section", "article",
           "header", "footer", "nav", "aside", "blockquote", "figcaption", "figure", "ul", "ol", "table", "main",
           "form", "dd", "dt", "pre", "title"}


def page_text(page_html: str) -> str:
    """A whole HTML page as plain text, one line per block element (scripts and styles dropped)."""
    import lxml.html

    try:
        root = lxml.html.fromstring(page_html.encode("utf-8", "replace"))
    except Exception:  # an unparsable page flattens to nothing, like a failed scrape
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    parts: list[str] = []
    _flatten(root, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return normalize_text("\n".join(line for line in lines if line))


def _flatten(el, parts: list[str]) -> None:
    if not isinstance(el.tag, str):  # a comment or processing instruction: its text is not on the page
        return
    block = el.tag in _BLOCKS
    parts.append("\n" if block else "")
    parts.append(el.text or "")
    for child in el:
        _flatten(child, parts)
        parts.append(child.tail or "")
    parts.append("\n" if block else "")


def page_quality() -> list[tuple[str, float, float, float]]:
    """(method, F1, precision, recall) on the benchmark pages flattened to text."""
    import html_eval

    pages = html_eval.load_pages()
    texts = {p.id: page_text(p.html) for p in pages}
    out = []
    for name, fn in (("whole page text", lambda p: texts[p.id]),
                     ("clean_plain(page text)", lambda p: clean_plain(texts[p.id]).text)):
        f1, rows = html_eval.score(pages, fn)
        out.append((name, f1, *html_eval.precision_recall(rows)))
    return out


def splitlines_baseline(text: str) -> str:
    return "\n\n".join(s for s in (line.strip() for line in text.splitlines()) if s)


def trafilatura_baseline(text: str) -> str:
    import trafilatura

    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return trafilatura.extract(f"<html><body><article>{body}</article></body></html>") or ""


def ours(text: str) -> str:
    return clean_plain(text).text


def measure(name: str, fn: Callable[[str], str], samples: list[Sample]) -> dict:
    """Throughput and quality: share of injected junk lines gone, share of original body lines kept."""
    outputs, start = [], time.perf_counter()
    for s in samples:
        outputs.append(fn(s.text))
    secs = time.perf_counter() - start
    mb = sum(len(s.text.encode("utf-8")) for s in samples) / 1e6
    junk_total = junk_out = body_total = body_kept = 0
    for s, out in zip(samples, outputs):
        out_lines = {line.strip() for line in out.split("\n")}
        junk_total += len(s.junk)
        junk_out += sum(j not in out_lines for j in s.junk)
        body_total += len(s.body)
        body_kept += sum(b in out for b in s.body)
    return {"name": name, "n": len(samples), "secs": secs, "art_s": len(samples) / secs, "mb_s": mb / secs,
            "junk_out": junk_out / junk_total, "body_kept": body_kept / body_total}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=3000, help="texts to clean")
    ap.add_argument("--trafilatura-n", type=int, default=300, help="texts for the trafilatura baseline (0 = skip)")
    ap.add_argument("--pages", action="store_true", help="also score quality on the benchmark pages as plain text")
    args = ap.parse_args()
    samples = build_samples(args.n)
    clean_plain(samples[0].text)  # load rules and dateparser outside the timing
    rows = [measure("splitlines+strip", splitlines_baseline, samples), measure("newsprism clean_plain", ours, samples)]
    if args.trafilatura_n:
        sub = samples[:args.trafilatura_n]
        rows += [measure("trafilatura.extract (<p> per line)", trafilatura_baseline, sub),
                 measure("newsprism clean_plain (same subset)", ours, sub)]
    mb = sum(len(s.text.encode("utf-8")) for s in samples) / 1e6
    print(f"{args.n} texts, {mb:.1f} MB, {sum(len(s.junk) for s in samples)} injected junk lines")
    print(f"{'method':38s} {'texts':>6s} {'art/s':>9s} {'MB/s':>7s} {'junk out':>9s} {'body kept':>10s}")
    for r in rows:
        print(f"{r['name']:38s} {r['n']:6d} {r['art_s']:9.0f} {r['mb_s']:7.2f} {r['junk_out']:9.1%} {r['body_kept']:10.2%}")
    ours_row, floor = rows[1], rows[0]
    print(f"clean_plain speed = {ours_row['art_s'] / floor['art_s']:.3f}x splitlines+strip")
    if args.trafilatura_n:
        print(f"clean_plain speed = {rows[3]['art_s'] / rows[2]['art_s']:.1f}x trafilatura.extract (same {args.trafilatura_n} texts)")
    if args.pages:
        print("article-extraction-benchmark pages flattened to text (shingle F1 vs typed bodies):")
        for name, f1, p, r in page_quality():
            print(f"  {name:28s} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}")


if __name__ == "__main__":
    main()
