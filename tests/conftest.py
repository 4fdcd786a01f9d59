"""Shared test helpers: where the repo, the bundled corpus and ../shared are."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "blinken-2023"
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """../shared (eval benchmarks, gold); skipped with a clear message in a clone that lacks it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared benchmarks and gold live beside the repo in CI")
    return SHARED


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def dask_cluster():
    """A 2-worker Dask LocalCluster (one thread each) on 127.0.0.1, shared by the tests; skipped without dask."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed: "
                                              "pip install 'newsprism[dask]' to test the Dask engine")
    from newsprism.scale.cluster import local_cluster

    with local_cluster(2) as cluster:
        yield cluster
