"""HTML cleaning: newsprism's ``extract_html`` vs trafilatura alone, on the article-extraction benchmark.

Prints per-page time and body F1 of both in one run, and the time ratio (goal: <= 1.2x). The
baseline is ``trafilatura.extract(html, url=url, include_comments=False)`` (body only); newsprism's
time includes parsing, metadata (title, byline, outlet, date, language) and credits.

usage: python bench/bench_html.py [--repeat N] [--worst K]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from html_eval import BENCHMARK, f1, load_pages, page_counts, precision_recall  # noqa: E402

from newsprism.clean.html import extract_html  # noqa: E402
from newsprism.errors import InputError  # noqa: E402


def newsprism_text(html: str, url: str) -> str:
    try:
        return extract_html(html, url=url).text
    except InputError:
        return ""


def trafilatura_text(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def timed_pair(pages, extractors, repeat: int) -> tuple[list[list[str]], list[float]]:
    """Each extractor's texts and per-page time in ms.

    CPU time of this process (other processes on the machine do not count), the extractors back to
    back on each page after one warm-up page; each page's time is its best of ``repeat`` runs.
    """
    for extract in extractors:
        extract(pages[0].html, pages[0].url)
    texts = [[] for _ in extractors]
    totals = [0.0 for _ in extractors]
    for page in pages:
        for i, extract in enumerate(extractors):
            best = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                text = extract(page.html, page.url)
                best = min(best, time.process_time() - start)
            texts[i].append(text)
            totals[i] += best
    return texts, [t / len(pages) * 1000 for t in totals]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per page and tool (best is kept)")
    parser.add_argument("--worst", type=int, default=0, help="also list the K pages where newsprism loses most")
    args = parser.parse_args()
    if not BENCHMARK.exists():
        print(f"benchmark not found at {BENCHMARK}; nothing to measure")
        return 0
    pages = load_pages()
    (ours, theirs), (ours_ms, theirs_ms) = timed_pair(pages, (newsprism_text, trafilatura_text), args.repeat)
    ours_rows = [page_counts(p.gold, t) for p, t in zip(pages, ours)]
    theirs_rows = [page_counts(p.gold, t) for p, t in zip(pages, theirs)]
    for name, rows in (("newsprism", ours_rows), ("trafilatura", theirs_rows)):
        p, r = precision_recall(rows)
        print(f"{name}: precision {p:.4f} recall {r:.4f} F1 {f1(rows):.4f}")
    print(
        f"html: newsprism {ours_ms:.1f} CPU ms/page F1 {f1(ours_rows):.3f}, "
        f"trafilatura {theirs_ms:.1f} CPU ms/page F1 {f1(theirs_rows):.3f}, "
        f"time ratio {ours_ms / theirs_ms:.2f}x  ({len(pages)} pages, trafilatura {trafilatura.__version__})"
    )
    defaults = [page_counts(p.gold, trafilatura.extract(p.html, url=p.url) or "") for p in pages]
    print(f"(trafilatura with its defaults, comments included, as the held-out check runs it: F1 {f1(defaults):.4f})")
    if args.worst:
        by_loss = sorted(zip(pages, ours_rows), key=lambda pr: f1([pr[1]]))
        for page, row in by_loss[: args.worst]:
            print(f"  F1 {f1([row]):.3f}  {page.id[:12]}  {page.url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
