"""HTML cleaning: newsprism's ``extract_html`` vs trafilatura on four gold conventions at once.

Per data set (the article-extraction benchmark and the three wceb-dev sets): newsprism, trafilatura with its
defaults, trafilatura's best configuration (``BEST_CONFIG``, chosen by mean F1 over the four sets from the grid
``--grid`` prints), and the stored outputs of other extractors where the set ships them. F1 (P, R) and CPU ms per
page; the floors: newsprism F1 >= best configuration + 0.01, time <= 1.2x trafilatura's (defaults and best).
Newsprism's time includes parsing, metadata (title, byline, outlet, date, language) and credits; the row
"trafilatura defaults + metadata" (its text is the defaults' text) times trafilatura doing that whole job too.

usage: python bench/bench_html.py [--sets aeb,l3s-gn1,...] [--repeat N] [--worst K] [--ablation] [--grid]
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from html_eval import BENCHMARK, SHARED, f1, load_pages, page_counts, precision_recall  # noqa: E402

from newsprism.clean.html import HtmlSteps, extract_html  # noqa: E402
from newsprism.errors import InputError  # noqa: E402

SETS = {
    "aeb": BENCHMARK,
    "l3s-gn1": SHARED / "eval" / "wceb-dev" / "l3s-gn1",
    "google-trends-2017": SHARED / "eval" / "wceb-dev" / "google-trends-2017",
    "dragnet": SHARED / "eval" / "wceb-dev" / "dragnet",
}
# Best mean F1 over the four sets in the --grid of documented knobs (2026-12-02: 0.9088; defaults with
# comments off 0.9064, fast mode 0.9063, with comments 0.8865).
BEST_CONFIG = {"include_comments": False, "favor_recall": True}
F1_MARGIN, TIME_RATIO = 0.01, 1.2


def newsprism_text(html: str, url: str, steps: HtmlSteps = HtmlSteps()) -> str:
    try:
        return extract_html(html, url=url, steps=steps).text
    except InputError:
        return ""


def trafilatura_with(**config):
    def extract(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **config) or ""
    return extract


def trafilatura_with_metadata(html: str, url: str) -> str:
    """trafilatura's defaults doing newsprism's whole job: the text plus title, author, site, date (htmldate)."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return (document.text or "") if document else ""


# Caches keyed by a page's own strings (a line, a date phrase): warm on a second run of the same page, which a user
# never makes. They are emptied before every timed run, so each run costs what a first visit costs; before this
# (to 2026-12-06) best-of-3 hid htmldate's text-date search (dateparser, ~22 ms per phrase on every locale).
import htmldate.extractors  # noqa: E402
import htmldate.validators  # noqa: E402
import trafilatura.utils  # noqa: E402

PAGE_CACHES = (htmldate.extractors.try_date_expr, htmldate.validators._parse_and_validate,
               htmldate.validators.filter_ymd_candidate, trafilatura.utils.line_processing, trafilatura.utils.trim)


def forget_pages() -> None:
    for cached in PAGE_CACHES:
        cached.cache_clear()


def timed(pages, extractors, repeat: int) -> tuple[list[list[str]], list[float]]:
    """Each extractor's texts and CPU ms per page (this process only), back to back on each page after one
    warm-up page; each page's time is its best of ``repeat`` runs, each run with the page's string caches
    emptied (``forget_pages``)."""
    for extract in extractors:
        extract(pages[0].html, pages[0].url)
    texts, totals = [[] for _ in extractors], [0.0 for _ in extractors]
    for page in pages:
        for i, extract in enumerate(extractors):
            best = float("inf")
            for _ in range(repeat):
                forget_pages()
                start = time.process_time()
                text = extract(page.html, page.url)
                best = min(best, time.process_time() - start)
            texts[i].append(text)
            totals[i] += best
    return texts, [t / len(pages) * 1000 for t in totals]


def scored(pages, texts) -> tuple[float, float, float, list]:
    rows = [page_counts(p.gold, t) for p, t in zip(pages, texts)]
    p, r = precision_recall(rows)
    return f1(rows), p, r, rows


def stored_outputs(root: Path, pages) -> dict[str, list[str]]:
    """Other extractors' outputs the data set ships (``baseline-outputs/<tool>.json``)."""
    out = {}
    for path in sorted((root / "baseline-outputs").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = data["output"] if set(data) == {"output", "version"} else data  # two layouts are shipped
        out[path.stem] = [(data.get(p.id) or {}).get("articleBody") or "" for p in pages]
    return out


def table_for(name: str, pages, args) -> dict:
    extractors = (newsprism_text, trafilatura_with(), trafilatura_with(**BEST_CONFIG), trafilatura_with_metadata)
    texts, ms = timed(pages, extractors, args.repeat)
    results = {}
    labels = ("newsprism", "trafilatura defaults", "trafilatura best", "trafilatura defaults + metadata")
    for label, t, m in zip(labels, texts, ms):
        results[label] = (*scored(pages, t), m)
    for tool, t in stored_outputs(SETS[name], pages).items():
        results[f"stored {tool}"] = (*scored(pages, t), None)
    print(f"\n## {name} ({len(pages)} pages)\n\n| extractor | F1 | P | R | CPU ms/page |\n| --- | --- | --- | --- | --- |")
    for label, (F, p, r, _, m) in results.items():
        print(f"| {label} | {F:.4f} | {p:.3f} | {r:.3f} | {'' if m is None else f'{m:.1f}'} |")
    if args.worst:
        by_loss = sorted(zip(pages, results["newsprism"][3]), key=lambda pr: f1([pr[1]]))
        for page, row in by_loss[: args.worst]:
            print(f"  F1 {f1([row]):.3f}  {page.id[:12]}  {page.url}")
    return results


def floors(name: str, res: dict) -> bool:
    ours, best, default = res["newsprism"], res["trafilatura best"], res["trafilatura defaults"]
    like = res["trafilatura defaults + metadata"]
    f1_ok = ours[0] >= best[0] + F1_MARGIN
    t_best, t_def = ours[4] / best[4], ours[4] / default[4]
    t_ok = t_best <= TIME_RATIO and t_def <= TIME_RATIO
    print(f"floors {name}: F1 {ours[0]:.4f} vs best config {best[0]:.4f} + {F1_MARGIN} -> {'met' if f1_ok else 'NOT met'}; "
          f"time {t_best:.2f}x best config, {t_def:.2f}x defaults (<= {TIME_RATIO}x) -> {'met' if t_ok else 'NOT met'}; "
          f"{ours[4] / like[4]:.2f}x defaults + metadata (newsprism's job: text and metadata)")
    return f1_ok and t_ok


ABLATION = ("structure_check", "disjoint_runs", "split_chunks", "repeated_title", "move_credits", "furniture")


def ablation(all_pages: dict) -> None:
    """F1 per set with each step of ``HtmlSteps`` flipped from its default (texts only, no timing)."""
    base = HtmlSteps()
    variants = [("defaults", base)] + [(f"{s} {'off' if getattr(base, s) else 'on'}",
                                        replace(base, **{s: not getattr(base, s)})) for s in ABLATION]
    print("\n## ablation (F1; each row flips one step of the defaults)\n")
    print("| variant | " + " | ".join(all_pages) + " |\n| --- |" + " --- |" * len(all_pages))
    for label, steps in variants:
        cells = [scored(pages, [newsprism_text(p.html, p.url, steps) for p in pages])[0] for pages in all_pages.values()]
        print(f"| {label} | " + " | ".join(f"{c:.4f}" for c in cells) + " |", flush=True)


def grid(all_pages: dict) -> None:
    """Mean F1 over the sets of trafilatura's documented knobs (comments off; with comments: the defaults)."""
    print("\n## trafilatura configurations (F1)\n")
    print("| config | " + " | ".join(all_pages) + " | mean |\n| --- |" + " --- |" * (len(all_pages) + 1))
    configs = [{}]
    for focus, tables, fast, dedup in itertools.product((None, "favor_precision", "favor_recall"),
                                                        (True, False), (False, True), (False, True)):
        config = {"include_comments": False, "include_tables": tables, "fast": fast, "deduplicate": dedup}
        configs.append({**config, **({focus: True} if focus else {})})
    for config in configs:
        extract = trafilatura_with(**config)
        cells = [scored(pages, [extract(p.html, p.url) for p in pages])[0] for pages in all_pages.values()]
        print(f"| {config or 'defaults'} | " + " | ".join(f"{c:.4f}" for c in cells)
              + f" | {statistics.mean(cells):.4f} |", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated subset of {', '.join(SETS)}")
    parser.add_argument("--repeat", type=int, default=1, help="timing runs per page and tool (best is kept)")
    parser.add_argument("--worst", type=int, default=0, help="also list the K pages where newsprism loses most")
    parser.add_argument("--ablation", action="store_true", help="F1 with each post-step flipped (no table)")
    parser.add_argument("--stored", action="store_true", help="only the stored outputs' rows (no timing)")
    parser.add_argument("--grid", action="store_true", help="F1 of trafilatura's knobs (no table; ~1 h)")
    args = parser.parse_args()
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown set {unknown[0]!r}; choose from {', '.join(SETS)}")
    present = [n for n in names if (SETS[n] / "ground-truth.json").exists()]
    for n in set(names) - set(present):
        print(f"{n}: not found at {SETS[n]}; skipped")
    all_pages = {n: load_pages(SETS[n]) for n in present}
    if args.ablation:
        return ablation(all_pages) or 0
    if args.grid:
        return grid(all_pages) or 0
    if args.stored:
        for n, pages in all_pages.items():
            for tool, texts in stored_outputs(SETS[n], pages).items():
                F, p, r, _ = scored(pages, texts)
                print(f"| {n} | stored {tool} | {F:.4f} | {p:.3f} | {r:.3f} |")
        return 0
    print(f"trafilatura {trafilatura.__version__}; best configuration {BEST_CONFIG}")
    results = {n: table_for(n, pages, args) for n, pages in all_pages.items()}
    print()
    met = [floors(n, r) for n, r in results.items()]
    print(f"floors met on {sum(met)} of {len(met)} sets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
