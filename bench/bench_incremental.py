"""Incremental analysis vs re-analysing everything: adding 1 and 100 articles to a stored corpus.

usage: bench_incremental.py [--n 1000] [--db PATH] [--jobs N] [--ones K]

Builds (or reuses) a corpus of N real dev articles (PolNeAR train/dev + ECB+ texts, repeated with light
perturbations past their count, as bench/planted.py does for copies), then times in the same run:
  - ``newsprism analyze`` of 1 new article into the stored corpus, and of 100 new articles;
  - the baseline: a batch analyze of all N + 1 articles into a fresh database (estimated from the build time
    per article when the corpus was built in this run, else measured on a sample and scaled).
Every analyze runs as the CLI runs it: ``--jobs`` (default: the machine's cores) and the report of the threads
the new articles touch written out from the store. Prints seconds and the ratios
(goal: 1 article >= 1,000x cheaper, 100 articles >= 50x cheaper per article).
With ``--ones K`` and a stored ``--db``: only adding each of K different single articles, each to its own copy of
the stored corpus (the spread of "add 1", and its story placement alone).
"""
from __future__ import annotations

import argparse
import glob
import os
import random
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from newsprism import api

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def dev_texts() -> list[str]:
    files = sorted(glob.glob(str(SHARED / "eval" / "polnear-dev" / "*" / "text" / "*.txt")))
    files += sorted(glob.glob(str(SHARED / "eval" / "ecbplus-facts-dev" / "texts" / "*.txt")))
    return [Path(f).read_text(encoding="utf-8") for f in files]


def perturbed(text: str, rng: random.Random, n: int) -> str:
    """A distinct article from a real one: its paragraphs shuffled a little and a marker sentence added."""
    paras = [p for p in text.split("\n") if p.strip()]
    head, body = paras[:1], paras[1:]
    rng.shuffle(body)
    return "\n".join(head + body + [f"Reporting by desk {n}."]) + "\n"


def write_corpus(folder: Path, texts: list[str], n: int, offset: int = 0) -> list[str]:
    rng = random.Random(7 + offset)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        k = offset + i
        base = texts[k % len(texts)]
        body = base if k < len(texts) else perturbed(base, rng, k)
        path = folder / f"a{k:06d}.txt"
        path.write_text(body, encoding="utf-8")
        out.append(str(path))
    return out


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # Linux: KiB


class WorkerPeak:
    """The largest RSS any worker process of this one reached (parse and thread workers, which a fork server
    starts, are not this process's children: all descendants are sampled every 0.5 s; needs psutil), and this
    process's own by phase of the run (``phase``: what ``watch`` marks it is doing)."""

    def __init__(self):
        self.peak = 0
        self.phase, self.main = "clean", {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not self._stop.wait(0.5):
            self.main[self.phase] = max(self.main.get(self.phase, 0), me.memory_info().rss)
            for child in me.children(recursive=True):
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass

    def gb(self) -> float:
        return self.peak / 1e9

    def watch(self, module, name: str, phase: str) -> None:
        """Mark the time inside ``module.name`` as ``phase``."""
        fn = getattr(module, name)

        def marked(*a, **kw):
            before, self.phase = self.phase, phase
            try:
                return fn(*a, **kw)
            finally:
                self.phase = before
        setattr(module, name, marked)

    def phases(self) -> str:
        peaks = ", ".join(f"{k} {v / 1e9:.2f} GB" for k, v in self.main.items())
        self.main = {}
        return f"this process's peak by phase: {peaks}"


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def analyze(paths: list[str], db: str, jobs: int, work: Path) -> None:
    """What ``newsprism analyze PATHS --db DB --jobs N --out DIR`` runs: the report of the threads PATHS touch
    written to DIR from the store (``findings=False``)."""
    api.analyze(paths, db=db, jobs=jobs, out=str(work / "out"), findings=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--db", default=None, help="reuse a corpus database built by an earlier run of this script")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes, as analyze --jobs")
    ap.add_argument("--ones", type=int, default=0, help="with --db: add K different single articles, one per copy")
    args = ap.parse_args()
    texts = dev_texts()
    if args.ones:
        return add_ones(args, texts)
    workers = WorkerPeak()
    from newsprism import corpus as stages

    workers.watch(stages, "_place_articles", "stories")
    workers.watch(stages, "_compute", "threads")
    workers.watch(api, "_stored_views", "report")
    work = Path(tempfile.mkdtemp(prefix="np-inc-"))
    db = args.db or str(work / "corpus.db")
    corpus = write_corpus(work / "corpus", texts, args.n)
    build = None
    if not (args.db and os.path.exists(args.db)):
        build = timed(lambda: analyze(corpus, db, args.jobs, work))
        print(f"built a corpus of {args.n} articles in {build:.1f} s ({args.n / build:.2f} articles/s, --jobs "
              f"{args.jobs}); peak memory so far {peak_gb():.2f} GB (largest worker {workers.gb():.2f} GB); "
              f"{workers.phases()}", flush=True)
    one = write_corpus(work / "one", texts, 1, offset=args.n + 17)
    hundred = write_corpus(work / "hundred", texts, 100, offset=args.n + 1000)
    os.sync()  # the adds are not charged for flushing what the build left in the page cache
    t1 = timed(lambda: analyze(one, db, args.jobs, work))
    t100 = timed(lambda: analyze(hundred, db, args.jobs, work))
    if build is None:  # the baseline measured on a sample, scaled to N + 1 articles
        sample = corpus[: min(200, args.n)]
        build = timed(lambda: analyze(sample, str(work / "sample.db"), args.jobs, work)) * (args.n / len(sample))
    full1, full100 = build * (args.n + 1) / args.n, build * (args.n + 100) / args.n
    peak = peak_gb()
    print(f"add 1 article:    newsprism {t1:.2f} s, re-analyse all {args.n + 1}: {full1:.1f} s, ratio {full1 / t1:.0f}x")
    print(f"add 100 articles: newsprism {t100:.2f} s ({t100 / 100:.3f} s/article), re-analyse all {args.n + 100}: "
          f"{full100:.1f} s ({full100 / (args.n + 100):.3f} s/article), ratio per article "
          f"{(full100 / (args.n + 100)) / (t100 / 100):.1f}x; total {full100 / t100:.1f}x")
    print(f"peak memory of this process: {peak:.2f} GB; of its largest worker: {workers.gb():.2f} GB; adding: "
          f"{workers.phases()}")
    if not args.db:
        shutil.rmtree(work, ignore_errors=True)


def add_ones(args, texts: list[str]) -> None:
    """Adding each of ``args.ones`` different articles to a fresh copy of the stored corpus ``args.db``."""
    from newsprism import corpus as stages

    if not (args.db and os.path.exists(args.db)):
        raise SystemExit("--ones needs a corpus built earlier (--db PATH)")
    placing, place = [], stages._place_articles

    def timed_place(*a, **kw):
        placing.append(timed(lambda: place(*a, **kw)))
    stages._place_articles = timed_place
    for k in range(args.ones):
        work = Path(tempfile.mkdtemp(prefix="np-one-"))
        try:
            shutil.copy(args.db, work / "corpus.db")
            one = write_corpus(work / "one", texts, 1, offset=args.n + 317 + 211 * k)
            os.sync()  # flushed before the add: its first commit flushed the whole copy (about 1 s at 10k)
            t = timed(lambda: analyze(one, str(work / "corpus.db"), args.jobs, work))
            print(f"add 1 article ({Path(one[0]).name}): {t:.2f} s, of it story placement {placing[-1]:.2f} s",
                  flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
