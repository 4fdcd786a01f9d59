"""The Dask engine: the same report as in-process (same ids, relations, stories, verdicts) on the bundled corpus and
dev articles, incremental runs across engines, a cluster lost mid-run that loses nothing, and the options' errors."""
from __future__ import annotations

import logging
import sys

import pytest

from newsprism import api
from newsprism.errors import MissingDependency, NewsprismError
from newsprism.scale import cluster

from conftest import EXAMPLES, SHARED
from test_corpus import comparable

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed: "
                                                        "pip install 'newsprism[dask]' to test --engine dask")

SEEDS = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
DEV_ARTICLES = 24


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    """The bundled articles and a few dozen ECB+ dev articles of several events (several story threads)."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared benchmarks and gold live beside the repo in CI")
    dev = sorted((SHARED / "eval" / "ecbplus-facts-dev" / "texts").glob("*.txt"))
    return SEEDS + [str(p) for p in dev[::4][:DEV_ARTICLES]]


@pytest.fixture(scope="module")
def in_process(corpus, tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("local") / "corpus.db")
    api.analyze(corpus, db=db)
    return db


def test_dask_engine_gives_the_in_process_report(corpus, in_process, tmp_path):
    db = str(tmp_path / "dask.db")
    returned = api.analyze(corpus, db=db, engine="dask", workers=2)  # a LocalCluster of its own, closed after
    stored = comparable(api.report(db))
    assert stored == comparable(api.report(in_process))
    assert comparable(returned) == comparable(api.analyze(corpus, db=in_process))
    assert len({s.thread for s in returned.sections["stories"]}) > 2  # several threads ran as tasks
    assert returned.sections["relations"] and returned.sections["facts"] and returned.sections["quotes"]
    assert not returned.stage_errors


def test_seeds_in_two_steps_on_a_running_cluster_equal_one_local_batch(dask_cluster, tmp_path):
    batch, steps = str(tmp_path / "batch.db"), str(tmp_path / "steps.db")
    api.analyze(SEEDS, db=batch)
    api.analyze(SEEDS[:2], db=steps, engine="dask", scheduler=dask_cluster.scheduler_address)
    api.analyze(SEEDS[2:], db=steps, engine="dask", scheduler=dask_cluster.scheduler_address)
    assert comparable(api.report(steps)) == comparable(api.report(batch))
    with distributed.Client(dask_cluster.scheduler_address) as c:  # a cluster newsprism did not start stays up
        assert len(c.scheduler_info()["workers"]) == 2


def test_a_cluster_lost_mid_run_finishes_in_process_and_says_so(corpus, in_process, tmp_path, caplog):
    lost = cluster.local_cluster(2)

    def progress(item: str) -> None:
        if item.startswith("thread "):  # the first thread came back: the cluster goes away
            lost.close()

    db = str(tmp_path / "lost.db")
    try:
        with caplog.at_level(logging.WARNING, logger="newsprism.scale.cluster"):
            report = api.analyze(corpus, db=db, engine="dask", scheduler=lost.scheduler_address, progress=progress)
    finally:
        lost.close()
    assert comparable(api.report(db)) == comparable(api.report(in_process))
    assert not report.stage_errors
    said = [r.getMessage() for r in caplog.records if r.name == "newsprism.scale.cluster"]
    assert len(said) == 1 and "the Dask cluster failed" in said[0] and "the rest ran in this process" in said[0]


def test_an_unreachable_scheduler_is_one_line_with_a_hint(monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(NewsprismError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 .*"
                                             r"start one with `dask scheduler`"):
        api.analyze(SEEDS, engine="dask", scheduler="tcp://127.0.0.1:9")


def test_engine_options_need_the_dask_engine_and_dask(monkeypatch):
    with pytest.raises(NewsprismError, match="--scheduler and --workers need --engine dask"):
        api.analyze(SEEDS, workers=2)
    with pytest.raises(NewsprismError, match="--workers sizes the local cluster"):
        api.analyze(SEEDS, engine="dask", workers=2, scheduler="tcp://127.0.0.1:9")
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if dask were not installed
    with pytest.raises(MissingDependency, match=r"pip install 'newsprism\[dask\]'"):
        api.analyze(SEEDS, engine="dask")


def test_cli_engine_errors_are_one_line_with_exit_code_2(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from newsprism.cli import main

    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["analyze", *SEEDS, "--workers", "2"])
    assert (r.exit_code, r.output) == (2, "error: --scheduler and --workers need --engine dask\n")
    r = CliRunner().invoke(main, ["analyze", *SEEDS, "--engine", "spark"])
    assert r.exit_code == 2 and "'spark' is not one of 'local', 'dask'" in r.output
