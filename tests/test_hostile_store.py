"""The store is ours: other files refused untouched, read-only files read, damage and concurrency contained."""
from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.errors import StoreError
from newsprism.store import Store

ARTICLE = "Ministers met in Geneva on Tuesday to discuss the ceasefire.\n\nThey agreed to meet again in May, officials said."


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_another_applications_database_is_refused_and_left_unchanged(tmp_path):
    for schema in ("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)", "CREATE TABLE users (name TEXT)"):
        path = tmp_path / f"other{len(schema)}.db"
        with sqlite3.connect(path) as db:
            db.execute(schema)
        before = path.read_bytes()
        with pytest.raises(StoreError, match="is not a newsprism database .*pass another --db"):
            Store(str(path))
        assert path.read_bytes() == before  # no table added, journal mode not switched
        r = cli("ingest", tmp_path / "none.txt", "--db", path)
        assert r.exit_code == 2 and r.output.count("\n") == 1 and "not a newsprism database" in r.output


def test_a_read_only_database_can_be_listed_and_shown(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    db = tmp_path / "ro.db"
    assert cli("ingest", tmp_path / "a.txt", "--db", db, "-q").exit_code == 0
    os.chmod(db, stat.S_IRUSR)
    try:
        r = cli("articles", "--db", db)
        assert r.exit_code == 0, r.output
        aid = r.output.split()[0]
        assert "Ministers met in Geneva" in cli("show", aid, "--db", db).output
    finally:
        os.chmod(db, stat.S_IRUSR | stat.S_IWUSR)


def test_a_damaged_database_gives_one_line_not_a_traceback(tmp_path):
    db = tmp_path / "bad.db"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    for args in (("articles", "--db", db), ("ingest", tmp_path, "--db", db)):
        r = cli(*args)
        assert r.exit_code == 2 and "Traceback" not in r.output
        assert r.output.startswith("error: ") and r.output.count("\n") == 1


def test_an_empty_db_name_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    r = cli("ingest", tmp_path / "a.txt", "--db", "")
    assert r.exit_code == 2 and "database name is empty" in r.output


def test_four_writers_on_one_new_database_store_every_input_exactly_once(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(40):
        (inputs / f"{n:02d}.txt").write_text(f"Report {n}: ministers met in city {n} on Tuesday.\n\n{ARTICLE}")
    files = sorted(str(p) for p in inputs.iterdir())
    db = str(tmp_path / "shared.db")
    slices = [files[i * 8: i * 8 + 16] for i in range(4)]  # overlapping halves
    procs = [subprocess.Popen([sys.executable, "-m", "newsprism.cli", "ingest", *s, "--db", db, "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for s in slices]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], outs
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(set(sum(slices, [])))
        assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == len(set(sum(slices, [])))
        assert con.execute("PRAGMA user_version").fetchone()[0] == len(__import__(
            "newsprism.store.sqlite", fromlist=["MIGRATIONS"]).MIGRATIONS)


def test_watch_refuses_another_applications_database_too(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE users (name TEXT)")
    before = path.read_bytes()
    feed = tmp_path / "feed.rss"
    feed.write_text("<rss version='2.0'><channel><title>T</title></channel></rss>")
    r = cli("watch", feed, "--once", "--db", path)
    assert r.exit_code == 2 and "not a newsprism database" in r.output and path.read_bytes() == before
