"""The reuse stage on the five demo seeds: what check_provenance.py asserts, plus span integrity."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.model import Article, Report, content_id, normalize_text
from newsprism.reuse.stage import run

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "blinken-2023"


def _article(path: Path) -> Article:
    raw = normalize_text(path.read_text(encoding="utf-8"))
    try:
        from newsprism.clean.plaintext import clean_plain
    except ImportError:  # cleaning not built yet: the normalised raw text stands in
        return Article(content_id(raw), str(path), raw, raw)
    c = clean_plain(raw)
    return Article(content_id(raw), str(path), raw, c.text, title=c.title, byline=c.byline, outlet=c.outlet,
                   published=c.published, credits=c.credits, boilerplate=c.boilerplate)


@pytest.fixture(scope="module")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip(f"demo corpus not found at {SEEDS}")
    report = Report([_article(p) for p in sorted(SEEDS.glob("*.txt"))])
    run(report)
    by_stem = {Path(a.path).stem[:3]: a for a in report.articles}
    return report, by_stem


def prov(report, article):
    return report.field_of(article.id, "provenance")


def test_spun_seeds_are_flagged_with_their_garbled_names(seeds):
    report, by = seeds
    for stem, names in (("000", {"Blame", "Shining"}), ("004", {"Chen"})):
        p = prov(report, by[stem])
        assert p.status == "spun"
        garbled = {s.text: s.intended for s in p.signals if s.kind == "garbled_name"}
        assert set(garbled) == names
        intended = {"000": {"Antony Blinken"}, "004": {"Qin Gang"}}[stem]
        assert set(garbled.values()) == intended


def test_credit_mismatch_of_the_republished_seed(seeds):
    report, by = seeds
    p = prov(report, by["000"])
    mismatch = [s for s in p.signals if s.kind == "credit_mismatch"]
    assert mismatch and "Jeff Pao" in mismatch[0].text
    assert p.apparent_author == "Jeff Pao"
    assert p.apparent_outlet == "Asia Times"  # 001 credits the same author's sign-off to it


def test_unspun_seeds_stay_original(seeds):
    report, by = seeds
    for stem in ("001", "002", "003"):
        assert prov(report, by[stem]).status not in ("spun", "copy")


def test_no_copy_relation_between_seeds(seeds):
    report, _ = seeds
    kinds = {r.kind for r in report.sections["relations"]}
    assert kinds <= {"independent"}
    assert len(set(report.field_of(a.id, "group") for a in report.articles)) == 5


def test_every_span_quotes_its_text(seeds):
    report, _ = seeds
    for a in report.articles:
        for s in prov(report, a).signals:
            if s.start is not None:
                assert a.text[s.start:s.end] == s.text
    texts = {a.id: a.text for a in report.articles}
    for r in report.sections["relations"]:
        for p in r.passages:
            assert texts[r.a][p.a_start:p.a_end] == p.text
