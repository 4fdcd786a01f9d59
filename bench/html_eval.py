"""Body-text F1 of the article-extraction benchmark, shared by ``tests/test_clean_html.py`` and ``bench/bench_html.py``.

The metric is the benchmark authors' one, as ``shared/tools/html_f1.py`` implements it: tokens are ``\\w+``
matches (case kept); each text becomes a multiset of 4-token shingles; per page TP = shared shingles,
FP = extra, FN = missing (with multiplicity); precision and recall are averaged over pages (a page with no
prediction has no precision), and F1 = 2PR / (P + R) of the two averages.
"""
from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
BENCHMARK = SHARED / "eval" / "article-extraction-benchmark"

_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str
    gold: str


def shingles(text: str, n: int = 4) -> Counter:
    toks = _TOKEN.findall(text or "")
    return Counter(tuple(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def page_counts(gold: str, predicted: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of shingles on one page."""
    gs, ps = shingles(gold), shingles(predicted)
    return sum((gs & ps).values()), sum((ps - gs).values()), sum((gs - ps).values())


def precision_recall(rows: Iterable[tuple[int, int, int]]) -> tuple[float, float]:
    rows = list(rows)
    p = statistics.mean([tp / (tp + fp) for tp, fp, fn in rows if tp + fp > 0] or [0])
    r = statistics.mean([tp / (tp + fn) for tp, fp, fn in rows if tp + fn > 0] or [0])
    return p, r


def f1(rows: Iterable[tuple[int, int, int]]) -> float:
    p, r = precision_recall(rows)
    return 2 * p * r / (p + r) if p + r else 0.0


def page_f1(gold: str, predicted: str) -> float:
    return f1([page_counts(gold, predicted)])


def load_pages(root: Path = BENCHMARK) -> list[Page]:
    """The benchmark's pages with their gold bodies, sorted by id (HTML decoded as UTF-8, like its authors)."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        raw = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes())
        html = raw.decode("utf-8", errors="replace")
        pages.append(Page(pid, truth[pid].get("url", ""), html, truth[pid]["articleBody"]))
    return pages


def score(pages: list[Page], extract: Callable[[Page], str]) -> tuple[float, list[tuple[int, int, int]]]:
    """Benchmark F1 of ``extract`` and the per-page counts."""
    rows = [page_counts(p.gold, extract(p)) for p in pages]
    return f1(rows), rows
