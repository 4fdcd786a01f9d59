"""The SQLite store: schema version and migrations, idempotent writes, all-or-nothing transactions."""
from __future__ import annotations

import sqlite3

import pytest

from newsprism.errors import StoreError
from newsprism.model import Article, Boilerplate, Skipped, content_id
from newsprism.store import Store
from newsprism.store.sqlite import SCHEMA_VERSION


def make_article(body: str, path: str = "a.txt") -> Article:
    return Article(id=content_id(body), path=path, raw=body, text=body, title="T", credits=["Source: Wire"],
                   boilerplate=[Boilerplate("Share this", "share_prompt", 3)])


def test_new_database_is_at_the_current_schema_in_wal_mode(tmp_path):
    with Store(str(tmp_path / "n.db")) as s:
        assert s.version == SCHEMA_VERSION
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_article_round_trips_with_its_records(tmp_path):
    a = make_article("Ministers met in Geneva.")
    with Store(str(tmp_path / "n.db")) as s:
        assert s.add(a) is True
        back = s.get(a.id[:6], with_raw=True)
    assert back == a


def test_same_article_twice_is_stored_once_with_both_sources(tmp_path):
    a, b = make_article("Same text.", "x.txt"), make_article("Same text.", "copy/x.txt")
    with Store(str(tmp_path / "n.db")) as s:
        assert s.add(a) is True and s.add(b) is False
        assert s.count() == 1
        assert s.article_for_source("copy/x.txt") == a.id


def test_failed_write_leaves_no_half_article(tmp_path):
    s = Store(str(tmp_path / "n.db"))
    bad = make_article("Ministers met.")
    bad.credits = [object()]  # not JSON-serialisable: fails before anything is written
    with pytest.raises(TypeError):
        s.add(bad)
    s.db.execute("CREATE TRIGGER boom BEFORE INSERT ON sources BEGIN SELECT RAISE(ABORT, 'disk gone'); END")
    with pytest.raises(sqlite3.IntegrityError):
        s.add(make_article("Another."))  # the article row went in, then the source row failed
    assert s.count() == 0  # ...and the whole transaction was rolled back


def test_old_database_is_migrated(tmp_path):
    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path)
    from newsprism.store.sqlite import MIGRATIONS

    for stmt in MIGRATIONS[0]:
        db.execute(stmt)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO articles (id, path, kind, raw, text, title, added_at) VALUES "
               "('0123456789abcdef', 'p', 'text', 'r', 'Kept across the migration.', 'Old', 0)")
    db.commit()
    db.close()
    with Store(path) as s:
        assert s.version == SCHEMA_VERSION
        assert s.search("migration") == [("0123456789abcdef", "Old")]  # indexed by the migration


def test_newer_database_is_refused_with_a_hint(tmp_path):
    path = str(tmp_path / "new.db")
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(StoreError, match="newer than this newsprism"):
        Store(path)


def test_not_a_database_is_refused(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store(str(p))


def test_full_text_search_and_skips(tmp_path):
    with Store(str(tmp_path / "n.db")) as s:
        a = make_article("Ministers met in Geneva to discuss grain exports.")
        s.add(a)
        s.add_skipped(Skipped("bad.bin", "binary data"))
        assert [i for i, _ in s.search("grain")] == [a.id]
        assert s.search("weather") == []
        assert [x.source for x in s.skipped()] == ["bad.bin"]
