"""Copy detection alone on Dask at scale: MinHash/LSH candidate pairs over N synthetic documents on a LocalCluster.

usage: bench_dask_copies.py [--docs 100000] [--workers 2] [--partition 5000] [--reducers 16] [--threshold 0.3]
                            [--memory-limit 4GB] [--in-process-max 100000]

Documents are synthesised inside the workers, partition by partition (no process holds the corpus): each draws
15-30 real sentences (PolNeAR texts and ECB+ documents in ../shared/eval, as bench_minhash.py does); 5% are
planted near-copies of an earlier document (words swapped, a sentence dropped), each document a function of its
index alone, so a copy is rebuilt from its original wherever it lands. ``newsprism.scale.copies.candidate_pairs``
then runs map (signatures and band keys per partition) -> shuffle by band key to P reducers -> pairs -> unique.
Prints the time, the recall of the planted pairs (all, and those whose true 5-gram Jaccard is at least the
threshold), the candidate pairs found, and each worker's peak memory (RSS sampled every 0.5 s) beside its idle
memory and its limit. Up to ``--in-process-max`` documents the same pairs are also found by the in-process
``MinHashLSH`` over the same texts, as the baseline time and a check that both find the same pairs.
"""
from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

COPY_RATE = 0.05


def _rng(seed: int, i: int) -> random.Random:
    return random.Random(seed * 1_000_003 + i)


def source_of(i: int, seed: int) -> tuple[int | None, random.Random]:
    """The original document ``i`` is a planted copy of (None for an original), and its random stream."""
    rng = _rng(seed, i)
    return (rng.randrange(i) if i > 10 and rng.random() < COPY_RATE else None), rng


def text_of(i: int, pool: list[str], seed: int) -> str:
    j, rng = source_of(i, seed)
    if j is None:
        return " ".join(rng.choice(pool) for _ in range(rng.randint(15, 30)))
    words = text_of(j, pool, seed).split()
    for _ in range(len(words) // 25):
        words[rng.randrange(len(words))] = rng.choice(words)
    sents = " ".join(words).split(". ")
    if len(sents) > 3:
        sents.pop(rng.randrange(len(sents)))
    return ". ".join(sents)


def partition(start: int, stop: int, pool: list[str], seed: int) -> list[tuple[int, str]]:
    return [(i, text_of(i, pool, seed)) for i in range(start, stop)]


def planted_pairs(start: int, stop: int, pool: list[str], seed: int) -> list[tuple[int, int, float]]:
    """(original, copy, true 5-gram Jaccard) of the planted copies among documents start..stop."""
    from newsprism.reuse.shingles import shingle_hashes

    out = []
    for i in range(start, stop):
        j, _ = source_of(i, seed)
        if j is not None:
            h, o = shingle_hashes([text_of(j, pool, seed), text_of(i, pool, seed)], 5)
            a, b = set(h[o == 0].tolist()), set(h[o == 1].tolist())
            out.append((j, i, len(a & b) / max(1, len(a | b))))
    return out


def _rss() -> int:
    import psutil

    return psutil.Process().memory_info().rss


class MemorySampler:
    """Every worker's RSS sampled in a background thread; ``peaks`` holds each one's maximum."""

    def __init__(self, client, every: float = 0.5):
        self.client, self.every, self.peaks = client, every, {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for worker, rss in self.client.run(_rss).items():
                    self.peaks[worker] = max(self.peaks.get(worker, 0), rss)
            except Exception:  # a worker restarting: sample again next time
                pass
            self._stop.wait(self.every)

    def __enter__(self) -> "MemorySampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def recall(found: set[tuple[int, int]], truth: list[tuple[int, int, float]], threshold: float) -> tuple[float, float]:
    hit = [(j, i) in found for j, i, _ in truth]
    wanted = [h for h, (_, _, jac) in zip(hit, truth) if jac >= threshold]
    return sum(hit) / max(1, len(hit)), sum(wanted) / max(1, len(wanted))


def in_process_pairs(n: int, pool: list[str], seed: int, threshold: float) -> tuple[set, float]:
    from newsprism.reuse.lsh import MinHashLSH
    from newsprism.reuse.minhash import stream_signatures

    texts = (text_of(i, pool, seed) for i in range(n))
    start = time.perf_counter()
    lsh = MinHashLSH(threshold, 128)
    for sig in stream_signatures(texts, num_perm=128, ngram=5, batch=5000):
        lsh.add(sig)
    pairs = {(int(i), int(j)) for i, j in lsh.candidate_pairs()}
    return pairs, time.perf_counter() - start


def gb(n: float) -> str:
    return f"{n / 1e9:.2f} GB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--partition", type=int, default=5000, help="documents per input partition")
    ap.add_argument("--reducers", type=int, default=16, help="P: partitions of the shuffle by band key")
    ap.add_argument("--threshold", type=float, default=0.3, help="LSH threshold (the reuse stage's: 0.3)")
    ap.add_argument("--memory-limit", default="4GB", help="per worker; Dask spills to disk above 60%% of it")
    ap.add_argument("--in-process-max", type=int, default=100_000, help="largest N the in-process index runs at")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    import dask.bag as db
    from dask import delayed
    from distributed import Client

    from bench_minhash import sentence_pool
    from newsprism.scale.cluster import local_cluster
    from newsprism.scale.copies import LSHOptions, candidate_pairs

    pool = sentence_pool()
    opts = LSHOptions(threshold=args.threshold, reducers=args.reducers)
    bounds = [(s, min(s + args.partition, args.docs)) for s in range(0, args.docs, args.partition)]
    print(f"{args.docs} documents in {len(bounds)} partitions of {args.partition}, {len(pool)} real sentences, "
          f"threshold {args.threshold} (bands x rows {opts.bands}), {args.reducers} reducers, "
          f"{args.workers} workers x 1 thread, memory limit {args.memory_limit} each", flush=True)
    with local_cluster(args.workers, args.memory_limit) as cluster, Client(cluster) as client:
        idle = client.run(_rss)
        limit = next(iter(client.scheduler_info()["workers"].values()))["memory_limit"]
        (shared_pool,) = client.scatter([pool], broadcast=True)  # one future for the whole list
        bag = db.from_delayed([delayed(partition)(s, e, shared_pool, args.seed) for s, e in bounds])
        with MemorySampler(client) as memory:
            start = time.perf_counter()
            pairs = candidate_pairs(bag, opts)
            seconds = time.perf_counter() - start
        print(f"candidate pairs in {seconds:.1f} s; the planted truth next", flush=True)
        truth = [t for part in client.gather([client.submit(planted_pairs, s, e, shared_pool, args.seed)
                                              for s, e in bounds]) for t in part]
    found = {(int(i), int(j)) for i, j in pairs}
    r_all, r_thr = recall(found, truth, args.threshold)
    print(f"dask: {seconds:.1f} s ({args.docs / seconds:,.0f} documents/s), {len(found):,} candidate pairs; "
          f"planted pairs {len(truth):,}: recall {r_all:.3f} (all), {r_thr:.3f} (true Jaccard >= "
          f"{args.threshold})")
    for worker in sorted(memory.peaks):
        print(f"  worker {worker}: peak {gb(memory.peaks[worker])} (idle {gb(idle.get(worker, 0))}, "
              f"limit {gb(limit)})")
    if args.docs <= args.in_process_max:
        ref, t_ref = in_process_pairs(args.docs, pool, args.seed, args.threshold)
        print(f"in-process MinHashLSH on the same texts: {t_ref:.1f} s (ratio in-process / dask "
              f"{t_ref / seconds:.2f}x), same pairs: {ref == found}")


if __name__ == "__main__":
    main()
