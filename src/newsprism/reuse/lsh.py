"""Candidate pairs without comparing all pairs: LSH banding of MinHash signatures, and a shared-shingle index.

``MinHashLSH`` follows datasketch's names (``threshold``, ``num_perm``, bands ``b`` x rows ``r``) but
indexes a whole signature matrix at once: each band becomes one 64-bit key per document, a sort groups
equal keys, and pairs come out of the groups by array shifts. Buckets larger than ``max_bucket`` yield only
pairs of neighbours in sort order (a chain), so one huge bucket of boilerplate cannot make the output
quadratic; the chain still connects the bucket for grouping.
"""
from __future__ import annotations

import functools
import math

import numpy as np

from .minhash import EMPTY, check_num_perm
from .shingles import mix64


@functools.lru_cache(maxsize=32)
def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(b, r) with b*r <= num_perm minimising false positives + false negatives around ``threshold``.

    The same integration datasketch uses, so both index the same (b, r) for the same threshold. Cached: it takes
    60 ms, and the reuse stage builds an index per story thread.
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must be in (0, 1), got {threshold}")

    def area(f, lo, hi, steps=200):
        xs = np.linspace(lo, hi, steps)
        return float(np.trapezoid(f(xs), xs))

    best, best_err = (1, num_perm), math.inf
    for b in range(1, num_perm + 1):
        for r in range(1, num_perm // b + 1):
            fp = area(lambda s: 1 - (1 - s ** r) ** b, 0.0, threshold)
            fn = area(lambda s: 1 - (1 - (1 - s ** r) ** b), threshold, 1.0)
            if fp * 0.5 + fn * 0.5 < best_err:
                best, best_err = (b, r), fp * 0.5 + fn * 0.5
    return best


def band_keys(sig: np.ndarray, b: int, r: int) -> np.ndarray:
    """``(n, b)`` uint64 keys: the hash of each band's ``r`` signature values."""
    n = sig.shape[0]
    bands = sig[:, : b * r].reshape(n, b, r).astype(np.uint64)
    weights = mix64(np.arange(1, r + 1, dtype=np.uint64))
    with np.errstate(over="ignore"):
        keys = mix64((bands * weights).sum(axis=2, dtype=np.uint64) + np.arange(b, dtype=np.uint64))
    keys[sig[:, 0] == EMPTY] = 0  # empty documents: key 0, dropped below
    return keys


def pairs_from_keys(keys: np.ndarray, max_bucket: int = 32) -> np.ndarray:
    """Unique ``(i, j)`` index pairs, ``i < j``, of documents sharing a key (one column of keys)."""
    order = np.argsort(keys, kind="stable")
    ks = keys[order]
    out = []
    for d in range(1, max_bucket):
        same = (ks[:-d] == ks[d:]) & (ks[:-d] != 0)
        if not same.any():
            break
        if d > 1:  # beyond the chain, keep pairs only inside buckets no larger than max_bucket
            same &= _bucket_size(ks)[:-d] <= max_bucket
        out.append(np.stack((order[:-d][same], order[d:][same]), axis=1))
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    p = np.concatenate(out)
    return np.sort(p, axis=1)


def _bucket_size(ks: np.ndarray) -> np.ndarray:
    starts = np.flatnonzero(np.concatenate(([True], ks[1:] != ks[:-1])))
    sizes = np.diff(np.concatenate((starts, [ks.size])))
    return np.repeat(sizes, sizes)


def unique_pairs(pairs: np.ndarray, n: int) -> np.ndarray:
    if pairs.size == 0:
        return pairs.reshape(0, 2)
    code = np.unique(pairs[:, 0].astype(np.int64) * n + pairs[:, 1])
    return np.stack((code // n, code % n), axis=1)


class MinHashLSH:
    """An LSH index over MinHash signatures; ``add`` batches, then ``candidate_pairs``."""

    def __init__(self, threshold: float = 0.5, num_perm: int = 128, bands: tuple[int, int] | None = None,
                 max_bucket: int = 32):
        check_num_perm(num_perm)
        self.threshold, self.num_perm, self.max_bucket = threshold, num_perm, max_bucket
        self.b, self.r = bands or optimal_bands(threshold, num_perm)
        if self.b * self.r > num_perm:
            raise ValueError(f"bands {self.b} x rows {self.r} exceed num_perm {num_perm}")
        self._keys: list[np.ndarray] = []  # only band keys are kept: b x 8 bytes per document

    def add(self, sig: np.ndarray) -> None:
        self._keys.append(band_keys(sig, self.b, self.r))

    def candidate_pairs(self) -> np.ndarray:
        """All ``(i, j)`` document-index pairs (in insertion order) that share at least one band."""
        keys = np.concatenate(self._keys) if self._keys else np.zeros((0, self.b), np.uint64)
        found = [pairs_from_keys(keys[:, band], self.max_bucket) for band in range(self.b)]
        return unique_pairs(np.concatenate(found) if found else np.zeros((0, 2), np.int64), keys.shape[0])


def shared_shingle_pairs(hashes: np.ndarray, owner: np.ndarray, min_shared: int = 3,
                         max_df: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Document pairs sharing at least ``min_shared`` distinct shingles that occur in at most ``max_df``
    documents (passim's rare-n-gram index), with the shared count. Finds partial reuse that whole-document
    similarity misses; shingles common to many documents (boilerplate, stock phrases) are ignored.
    """
    code = np.unique(np.stack((hashes, owner.astype(np.uint64)), axis=1), axis=0)
    h, d = code[:, 0], code[:, 1].astype(np.int64)
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.concatenate((starts, [h.size])))
    per_row = np.repeat(sizes, sizes)
    pos_in_group = np.arange(h.size) - np.repeat(starts, sizes)
    out = []
    for k in range(1, max_df):
        ok = (per_row[:-k] <= max_df) & (pos_in_group[:-k] + k < per_row[:-k])
        if not ok.any():
            break
        out.append(np.stack((d[:-k][ok], d[k:][ok]), axis=1))
    if not out:
        return np.zeros((0, 2), np.int64), np.zeros(0, np.int64)
    pairs = np.sort(np.concatenate(out), axis=1)
    n = int(owner.max()) + 1
    code2, counts = np.unique(pairs[:, 0] * n + pairs[:, 1], return_counts=True)
    keep = counts >= min_shared
    return np.stack((code2[keep] // n, code2[keep] % n), axis=1), counts[keep]
