"""Extraction throughput: the whole extract stage vs spaCy's bare ``nlp.pipe`` on the same texts, one run.

The stage side is ``newsprism.extract.stage.run`` on a report of the articles: the same ``nlp.pipe``
parse plus everything the stage does with it (entities, quotes, events, facts, dates, positions).

usage: python bench/bench_extract.py [--texts DIR_OR_FILES...] [--repeat N]

Default texts: the PolNeAR dev articles (84 real news articles) plus the five demo articles. Each side
runs ``--repeat`` times, the two sides taking turns, after one warm-up pass, and the best time counts; the ratio printed is
(bare pipe time) / (stage time), so 1.0 means extraction adds nothing and the goal is >= 0.8.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.extract import stage  # noqa: E402
from newsprism.model import Article, Report, normalize_text  # noqa: E402
from newsprism.nlp import load_nlp  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_SOURCES = [SHARED / "eval" / "polnear-dev" / "dev" / "text", SHARED / "corpus" / "blinken-2023"]


def read_texts(sources: list[Path]) -> list[Article]:
    paths = [p for s in sources for p in (sorted(s.glob("*.txt")) if s.is_dir() else [s])]
    return [Article(id=f"a{n}", path=str(p), raw="", text=normalize_text(p.read_text(encoding="utf-8")))
            for n, p in enumerate(paths)]


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def best_interleaved(repeat: int, *fns) -> list[float]:
    """Best time of each function over ``repeat`` rounds, run in turn so that load from other processes
    on the machine falls on both sides alike."""
    times = [[] for _ in fns]
    for _ in range(repeat):
        for t, fn in zip(times, fns):
            t.append(timed(fn))
    return [min(t) for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", nargs="*", type=Path, default=DEFAULT_SOURCES)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    articles = read_texts(args.texts)
    texts = [a.text for a in articles]
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm-up

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=stage.BATCH_SIZE):
            pass

    def extract() -> None:
        stage.run(Report(articles=articles))  # the whole stage: parse, read, write the report sections

    t_bare, t_stage = best_interleaved(args.repeat, bare, extract)
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars / 1e6:.2f} M characters, best of {args.repeat}")
    print(f"  spaCy nlp.pipe alone : {t_bare:6.2f}s  {chars / t_bare / 1e3:7.1f} k chars/s")
    print(f"  newsprism extract    : {t_stage:6.2f}s  {chars / t_stage / 1e3:7.1f} k chars/s")
    print(f"  throughput ratio (pipe time / extract time): {t_bare / t_stage:.2f}x  (goal >= 0.8x)")


if __name__ == "__main__":
    main()
