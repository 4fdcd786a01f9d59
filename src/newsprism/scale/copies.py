"""MinHash/LSH candidate pairs over a Dask collection of documents, without a global index.

Map: each input partition computes its documents' signatures (``reuse.minhash.signatures``) and band keys
(``reuse.lsh.band_keys`` with the (b, r) of ``threshold``) and splits its (band, key, document id) rows by key
modulo P. Reduce: reducer p concatenates its part of every partition, sorts the rows by band, key and id, and
emits each band's pairs with ``reuse.lsh.pairs_from_keys``; the pairs are split again by their code modulo P and
made unique per part. No task holds every document's keys (a reducer holds about 1/P of them), and the pairs equal
``MinHashLSH.candidate_pairs`` over the same documents, big buckets (a chain) included.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..reuse.lsh import band_keys, optimal_bands, pairs_from_keys
from ..reuse.minhash import check_num_perm, signatures

ROW = np.dtype([("band", "u2"), ("key", "u8"), ("doc", "u4")])  # 14 bytes per document and band
MAX_DOC_ID = 2**32 - 1


@dataclass(frozen=True, slots=True)
class LSHOptions:
    """What the index hashes and how: the reuse stage's defaults (word 5-grams, 128 permutations, 0.3)."""

    threshold: float = 0.3
    num_perm: int = 128
    ngram: int = 5
    seed: int = 1
    max_bucket: int = 32  # a bucket larger than this yields only a chain of neighbours (as MinHashLSH)
    reducers: int = 16  # P: the partitions rows are shuffled into by band key

    def check(self) -> None:
        check_num_perm(self.num_perm)
        optimal_bands(self.threshold, self.num_perm)  # raises ValueError for a threshold outside (0, 1)
        if self.reducers < 1:
            raise ValueError(f"reducers must be >= 1, got {self.reducers}")

    @property
    def bands(self) -> tuple[int, int]:
        return optimal_bands(self.threshold, self.num_perm)


def band_rows(docs: list[tuple[int, str]], options: LSHOptions) -> list[np.ndarray]:
    """The map step: ``ROW`` arrays of one partition's ``(id, text)`` documents, one per reducer (key % P).
    Documents without shingles have no rows (their key 0 never pairs)."""
    if not docs:
        return [np.zeros(0, ROW) for _ in range(options.reducers)]
    ids = np.array([i for i, _ in docs], dtype=np.int64)
    if ids.min() < 0 or ids.max() > MAX_DOC_ID:
        raise ValueError(f"document ids must be integers in [0, {MAX_DOC_ID}]")
    b, r = options.bands
    keys = band_keys(signatures([t for _, t in docs], options.num_perm, options.ngram, options.seed), b, r)
    rows = np.empty(keys.size, ROW)
    rows["band"] = np.tile(np.arange(b, dtype=np.uint16), len(docs))
    rows["key"] = keys.ravel()
    rows["doc"] = np.repeat(ids, b)
    rows = rows[rows["key"] != 0]
    reducer = rows["key"] % np.uint64(options.reducers)
    return [rows[reducer == p] for p in range(options.reducers)]


def band_pairs(parts: list[np.ndarray], options: LSHOptions) -> list[np.ndarray]:
    """The reduce step: pairs of documents sharing a band key among one reducer's rows, as codes
    ``i << 32 | j`` (i < j), split by code % P for the unique step."""
    rows = np.concatenate(parts) if parts else np.zeros(0, ROW)
    rows = rows[np.lexsort((rows["doc"], rows["key"], rows["band"]))]
    starts = np.flatnonzero(np.concatenate(([True], rows["band"][1:] != rows["band"][:-1]))) if rows.size else []
    found = []
    for lo, hi in zip(starts, list(starts[1:]) + [rows.size]):
        band = rows[lo:hi]
        idx = pairs_from_keys(band["key"], options.max_bucket)
        docs = band["doc"].astype(np.int64)
        found.append((docs[idx[:, 0]] << 32) | docs[idx[:, 1]])
    codes = np.concatenate(found) if found else np.zeros(0, np.int64)
    part = codes % options.reducers
    return [codes[part == p] for p in range(options.reducers)]


def unique_pairs(parts: list[np.ndarray]) -> np.ndarray:
    """``(k, 2)`` unique document-id pairs of one unique-step part."""
    codes = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    return np.stack((codes >> 32, codes & MAX_DOC_ID), axis=1)


def candidate_pairs(docs, options: LSHOptions = LSHOptions()) -> np.ndarray:
    """``(i, j)`` id pairs, ``i < j``, sorted, of the documents of ``docs`` (a ``dask.bag.Bag`` of ``(id, text)``,
    ids distinct integers below 2**32) that share an LSH band. Runs on the current Dask client (or dask's default
    scheduler); only the pairs come back to this process."""
    import dask

    parts = [p for p in dask.compute(*pair_parts(docs, options)) if p.size]
    pairs = np.concatenate(parts) if parts else np.zeros((0, 2), np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def pair_parts(docs, options: LSHOptions = LSHOptions()) -> list:
    """The graph: map (``band_rows`` per input partition), shuffle by band key to P reducers (``band_pairs``),
    shuffle by pair to P unique steps (``unique_pairs``); one ``dask.delayed`` per unique step."""
    from dask import delayed

    options.check()
    p = options.reducers
    rows = [delayed(band_rows, nout=p)(part, options) for part in docs.to_delayed()]
    pairs = [delayed(band_pairs, nout=p)([r[q] for r in rows], options) for q in range(p)]
    return [delayed(unique_pairs)([x[q] for x in pairs]) for q in range(p)]
