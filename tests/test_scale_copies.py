"""Copy detection on Dask: the shuffled LSH finds exactly the candidate pairs of the in-process MinHashLSH."""
from __future__ import annotations

import random

import numpy as np
import pytest

from newsprism.reuse.lsh import MinHashLSH
from newsprism.reuse.minhash import signatures

pytest.importorskip("distributed", reason="dask[distributed] is not installed: pip install 'newsprism[dask]'")
import dask.bag as db  # noqa: E402
from distributed import Client  # noqa: E402

from newsprism.scale.copies import LSHOptions, band_pairs, band_rows, candidate_pairs  # noqa: E402

rng = random.Random(5)
VOCAB = [f"w{i}" for i in range(3000)]


def doc(n: int = 200) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(n))


def edit(text: str, share: float) -> str:
    words = text.split()
    for _ in range(int(len(words) * share)):
        words[rng.randrange(len(words))] = rng.choice(VOCAB)
    return " ".join(words)


@pytest.fixture(scope="module")
def planted() -> list[str]:
    """Strangers, near-copies at several edit rates, 40 copies of one text (a bucket over max_bucket: a chain)
    and documents without shingles."""
    docs = [doc() for _ in range(240)]
    docs += [edit(docs[i], share) for i, share in zip(range(0, 90, 3), [0.02, 0.1, 0.25] * 10)]
    docs += [docs[7]] * 40 + ["", "too short"]
    rng.shuffle(docs)
    return docs


def in_process(docs: list[str], threshold: float) -> set[tuple[int, int]]:
    lsh = MinHashLSH(threshold, 128)
    lsh.add(signatures(docs))
    return {tuple(p) for p in lsh.candidate_pairs().tolist()}


@pytest.mark.parametrize("threshold", [0.3, 0.5])
def test_shuffled_lsh_finds_the_in_process_pairs(dask_cluster, planted, threshold):
    bag = db.from_sequence(list(enumerate(planted)), npartitions=5)
    with Client(dask_cluster):
        pairs = candidate_pairs(bag, LSHOptions(threshold=threshold, reducers=4))
    found = [tuple(p) for p in pairs.tolist()]
    assert found == sorted(set(found))  # unique and sorted
    assert set(found) == in_process(planted, threshold)
    assert len(found) > 40  # the planted copies and the chain of the big bucket are there


def test_any_split_into_partitions_and_reducers_gives_the_same_pairs(planted):
    """The map and reduce steps themselves (no cluster): partitions and P change nothing."""
    want = in_process(planted, 0.3)
    for parts, p in ((1, 1), (3, 2), (7, 5)):
        opts = LSHOptions(threshold=0.3, reducers=p)
        docs = list(enumerate(planted))
        rows = [band_rows(docs[k::parts], opts) for k in range(parts)]
        codes = np.concatenate([c for q in range(p) for c in band_pairs([r[q] for r in rows], opts)])
        assert {(int(c) >> 32, int(c) & 0xFFFFFFFF) for c in codes} == want, (parts, p)


def test_bad_options_and_ids_fail_with_the_reason():
    with pytest.raises(ValueError, match="threshold must be in"):
        LSHOptions(threshold=1.5).check()
    with pytest.raises(ValueError, match="num_perm must be a power of two"):
        LSHOptions(num_perm=100).check()
    with pytest.raises(ValueError, match="document ids must be integers"):
        band_rows([(-1, "a b c d e f")], LSHOptions())
