"""CI's bounded slice of the fuzz harness: generated hostile cases (shrunk sizes) through the real CLI, plus the
readers and cleaners in-process on every case."""
from __future__ import annotations

import random

from newsprism.api import clean_or_skip
from newsprism.clean import CleanOptions
from newsprism.errors import InputError
from newsprism.ingest import iter_documents
from newsprism.ingest.formats import read_records
from newsprism.model import Document, Skipped

from .generators import KINDS, case
from .harness import fuzz

OPTIONS = CleanOptions(max_clean_seconds=20)


def test_generated_cases_through_the_cli_keep_every_good_input_and_never_crash(tmp_path):
    out = fuzz(tmp_path, cases=240, seed=10, batch=60, scale=0.03, budget_s=170)
    assert out.ok(), out.summary() + "\n" + "\n".join(out.crashes + out.hangs + out.lost + out.unexplained)


def records(name: str, data: bytes) -> list:
    """``read_records`` with its contract: records, or one InputError for the whole input (caller skips it)."""
    try:
        return list(read_records(name, data))
    except InputError as e:
        assert str(e).strip()
        return []


def test_every_kind_through_the_readers_and_cleaners_gives_documents_or_reasons():
    rng = random.Random(11)
    for kind, make in KINDS.items():
        for n in range(8):
            c = make(rng, n, 0.02)
            for rec in records(c.name, c.data):
                assert isinstance(rec, (Document, Skipped)), kind
                if isinstance(rec, Skipped):
                    assert rec.reason.strip()
                    continue
                got = clean_or_skip(rec, OPTIONS)
                assert isinstance(got, Skipped) and got.reason.strip() or got.text.strip(), (kind, c.name)


def test_good_cases_alone_are_all_kept(tmp_path):
    rng = random.Random(12)
    kept = 0
    for n in range(60):
        c = case(rng, n, 0.02)
        if not c.good:
            continue
        (tmp_path / c.name).write_bytes(c.data)
        (rec,) = list(iter_documents([str(tmp_path / c.name)]))
        got = clean_or_skip(rec, OPTIONS)
        assert not isinstance(got, Skipped), (c.name, got)
        assert f"zq{n:06d}x" in got.text or f"zq{n:06d}x" in (got.title or "")
        kept += 1
    assert kept >= 10
