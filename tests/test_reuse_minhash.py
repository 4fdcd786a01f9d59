"""MinHash signatures and LSH candidates: estimates track Jaccard, near-copies are found, strangers are not."""
from __future__ import annotations

import random

import numpy as np
import pytest

from newsprism.reuse.lsh import MinHashLSH, optimal_bands, shared_shingle_pairs
from newsprism.reuse.minhash import estimate_jaccard, signatures, stream_signatures
from newsprism.reuse.shingles import shingle_hashes

rng = random.Random(3)
VOCAB = [f"w{i}" for i in range(3000)]


def doc(n=300):
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def edit(text, share):
    words = text.split()
    for _ in range(int(len(words) * share)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


def jaccard(a, b):
    h, o = shingle_hashes([a, b], 5)
    x, y = set(h[o == 0].tolist()), set(h[o == 1].tolist())
    return len(x & y) / len(x | y)


def test_signature_agreement_estimates_jaccard():
    errors = []
    for _ in range(40):
        a = doc()
        b = edit(a, 0.05)
        s = signatures([a, b])
        errors.append(estimate_jaccard(s[0], s[1]) - jaccard(a, b))
    assert abs(np.mean(errors)) < 0.03


def test_shingles_ignore_case_and_typographic_quotes():
    a, b = "He said “we will win” in Paris today", "he said \"We will win\" in paris today"
    assert estimate_jaccard(*signatures([a, b])) == 1.0


def test_lsh_finds_near_copies_and_not_strangers():
    docs = [doc() for _ in range(200)]
    docs += [edit(docs[i], 0.02) for i in range(0, 40, 2)]
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for sig in stream_signatures(docs, batch=64):
        lsh.add(sig)
    found = {tuple(p) for p in lsh.candidate_pairs().tolist()}
    planted = {(i, 200 + k) for k, i in enumerate(range(0, 40, 2))}
    assert planted <= found
    assert len(found - planted) <= 2


def test_shared_rare_shingles_find_partial_reuse():
    host, source = doc(400), doc(400)
    partial = host + " " + " ".join(source.split()[100:160])
    h, o = shingle_hashes([host, source, partial, doc()], 5)
    pairs, counts = shared_shingle_pairs(h, o, min_shared=3)
    found = {tuple(p) for p in pairs.tolist()}
    assert (1, 2) in found and (0, 2) in found and all(3 not in p for p in found)


def test_bad_parameters_are_refused():
    with pytest.raises(ValueError, match="power of two"):
        MinHashLSH(num_perm=100)
    with pytest.raises(ValueError, match="threshold"):
        optimal_bands(1.5, 128)
