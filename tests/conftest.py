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


# --- corpora for the web app's tests (tests/test_serve.py, tests/test_serve_browser.py) ---

XSS = {"title": "<script>alert('title')</script>", "byline": "<img src=x onerror=alert('byline')>",
       "outlet": "<svg onload=alert('outlet')>", "url": "javascript:alert('url')",
       "quote": "<script>alert('quote')</script> We will rebuild <img src=x onerror=alert('quote2')> every home",
       "link": "<a href=\"javascript:alert('link')\">click here</a>", "body": "<svg onload=alert('body')></svg>"}


def hostile_article() -> dict:
    """A JSON article whose title, byline, outlet, URL, a quote and the body hold script payloads."""
    return {"title": f"Flood {XSS['title']} headline", "author": XSS["byline"], "outlet": XSS["outlet"],
            "url": XSS["url"], "date": "2023-03-06",
            "text": "Mayor Ada Brook spoke in Lakeside on Monday about the flood that killed 12 people.\n\n"
                    f"\"{XSS['quote']},\" said Ada Brook, the mayor of Lakeside.\n\n"
                    f"Residents shared a link {XSS['link']} and javascript:alert('bare') on social media. "
                    f"{XSS['body']} The flood killed 12 people and injured 40, officials said on Monday.\n\n"
                    "Brook said the city would need at least $5 million to repair the damage."}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    """The bundled corpus analysed into a database, once per test module."""
    from newsprism import api

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    api.analyze(sorted(str(p) for p in EXAMPLES.glob("*.txt")), db=db)
    return db


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> str:
    """A corpus of one article full of XSS payloads, once per test module."""
    import json

    from newsprism import api

    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.json"
    path.write_text(json.dumps(hostile_article()), encoding="utf-8")
    db = str(folder / "hostile.db")
    api.analyze([str(path)], db=db)
    return db


@pytest.fixture(scope="session")
def dask_cluster():
    """A 2-worker Dask LocalCluster (one thread each) on 127.0.0.1, shared by the tests; skipped without dask."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed: "
                                              "pip install 'newsprism[dask]' to test the Dask engine")
    from newsprism.scale.cluster import local_cluster

    with local_cluster(2) as cluster:
        yield cluster
