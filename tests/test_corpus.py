"""A corpus that lasts: findings stored per thread, stable ids, incremental runs equal to a batch run."""
from __future__ import annotations

import glob
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism import api, corpus
from newsprism.model import Entity, FactGroup, Quote, Relation, Story
from newsprism.store import Store
from newsprism.store.findings import TABLES
from newsprism.store.sqlite import MIGRATIONS, SCHEMA_VERSION

from conftest import EXAMPLES, REPO

SEEDS = sorted(str(p) for p in EXAMPLES.glob("*.txt"))


def comparable(report) -> dict:
    """report.json of a stored corpus minus what depends on where a run found its files."""
    data = report.to_json()
    for a in data["articles"]:
        a.pop("path", None)
    return data


@pytest.fixture(scope="module")
def batch_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("batch") / "corpus.db")
    api.analyze(SEEDS, db=db)
    return db


def test_seeds_analysed_in_two_steps_equal_one_batch_run(batch_db, tmp_path):
    db = str(tmp_path / "steps.db")
    api.analyze(SEEDS[:2], db=db)
    api.analyze(SEEDS[2:], db=db)
    assert comparable(api.report(db)) == comparable(api.report(batch_db))


def test_two_steps_still_pass_the_seed_gold(tmp_path, shared):
    db, out = str(tmp_path / "steps.db"), tmp_path / "out"
    api.analyze(SEEDS[:3], db=db)
    api.analyze(SEEDS[3:], db=db)
    api.report(db, out=str(out))
    done = subprocess.run([str(shared / "tools" / "score-seeds"), str(out / "report.json")], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ids_are_identical_across_runs_on_separate_databases(batch_db, tmp_path):
    again = str(tmp_path / "again.db")
    api.analyze(list(reversed(SEEDS)), db=again)  # another input order, another machine's database
    a, b = api.report(batch_db), api.report(again)
    for section in ("stories", "entities", "quotes", "events", "fact_mentions", "facts", "summary", "timeline"):
        ids_a = [x.id for x in a.sections[section]]
        assert ids_a and sorted(ids_a) == sorted(x.id for x in b.sections[section]), section
        assert len(set(ids_a)) == len(ids_a), f"{section} ids are not distinct"


def test_every_findings_table_is_written_and_reads_back_typed(batch_db):
    with Store(batch_db) as store:
        counts = {t: store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t, _ in TABLES.values()}
        for table in ("spans", "article_fields", "stories", "story_articles", "threads", "state", "parses", "runs"):
            counts[table] = store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        report = store.load_report()
    assert all(counts[t] > 0 for t in counts if t != "relations"), counts  # the seeds share no copied text
    assert counts["parses"] == counts["article_fields"] == 5
    assert isinstance(report.sections["stories"][0], Story)
    assert isinstance(report.sections["entities"][0], Entity)
    assert isinstance(report.sections["quotes"][0], Quote)
    assert isinstance(report.sections["facts"][0], FactGroup)
    assert report.field_of(report.articles[0].id, "provenance").status in ("original", "copy", "spun", "unknown")



def test_every_stored_finding_rebuilds_from_its_json_as_the_same_typed_object(batch_db):
    """``from_dict`` (one builder per annotated type) gives back each finding exactly: nested records, tuples
    and optional fields included."""
    report = api.report(batch_db)
    seen = 0
    for name, items in report.sections.items():
        for x in items if isinstance(items, list) else [items]:
            if hasattr(x, "to_dict"):
                assert type(x).from_dict(json.loads(json.dumps(x.to_dict()))) == x, name
                seen += 1
    assert seen > 100

def test_every_stored_span_quotes_its_article(batch_db):
    with Store(batch_db) as store:
        texts = {a.id: a.text for a in store.articles()}
        rows = store.db.execute('SELECT article_id, start, "end" FROM spans').fetchall()
    assert len(rows) > 500
    assert all(0 <= s <= e <= len(texts[a]) for a, s, e in rows)


def stored_findings(db: str) -> dict[str, list[tuple]]:
    """Every row of the findings tables and of spans, in a fixed order."""
    with Store(db) as store:
        out = {t: [tuple(r) for r in store.db.execute(f"SELECT * FROM {t} ORDER BY thread, position, id")]
               for t, _ in TABLES.values()}
        out["spans"] = sorted(tuple(r) for r in store.db.execute("SELECT * FROM spans"))
    return out


def test_seeds_in_two_steps_store_the_same_rows_and_spans_as_one_batch_run(batch_db, tmp_path):
    db = str(tmp_path / "steps.db")
    api.analyze(SEEDS[:3], db=db)
    api.analyze(SEEDS[3:], db=db)  # the threads the new articles join are computed and stored again
    steps, batch = stored_findings(db), stored_findings(batch_db)
    assert {t for t in batch if steps[t] != batch[t]} == set()


def test_a_commit_that_fails_rolls_back_and_leaves_the_store_usable(tmp_path):
    from newsprism.model import Article

    with Store(str(tmp_path / "c.db")) as store:
        store.add(Article(id="a1", path="a.txt", raw="Some text.", text="Some text."))
        with pytest.raises(sqlite3.IntegrityError):
            with store._transaction():  # a broken reference found only at COMMIT (a deferred foreign key)
                store.db.execute("PRAGMA defer_foreign_keys = ON")
                store.db.execute("INSERT INTO spans VALUES ('q1', 'quotes', 't1', 'no-such-article', 0, 4)")
        assert not store.db.in_transaction
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        with store._transaction():  # the next write works
            store.db.execute("INSERT INTO spans VALUES ('q1', 'quotes', 't1', 'a1', 0, 4)")
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 1


def test_rerunning_the_same_input_computes_nothing_again(tmp_path):
    db = str(tmp_path / "c.db")
    api.analyze(SEEDS, db=db)
    first = api.report(db)
    api.analyze(SEEDS, db=db)
    with Store(db) as store:
        runs = store.runs()
    assert json.loads(runs[-1]["threads_computed"]) == [] and runs[-1]["new_articles"] == 0
    assert comparable(api.report(db)) == comparable(first)


def test_findings_of_another_newsprism_are_computed_again(tmp_path, monkeypatch):
    """An upgraded analysis must not serve the old version's findings for an unchanged corpus."""
    from newsprism.store import findings

    db = str(tmp_path / "c.db")
    api.analyze(SEEDS, db=db)
    first = api.report(db)
    monkeypatch.setattr(findings, "code_fingerprint", lambda: "another-version")
    api.analyze(SEEDS, db=db)
    with Store(db) as store:
        runs = store.runs()
    assert sorted(json.loads(runs[-1]["threads_computed"])) == sorted({s.thread for s in first.sections["stories"]})
    assert comparable(api.report(db)) == comparable(first)  # the same code would give the same findings
    api.analyze(SEEDS, db=db)
    with Store(db) as store:
        assert json.loads(store.runs()[-1]["threads_computed"]) == []


def test_a_new_story_leaves_the_stored_threads_alone(tmp_path):
    db = str(tmp_path / "c.db")
    api.analyze(SEEDS, db=db)
    other = tmp_path / "other.txt"
    other.write_text("Heavy rain flooded the river valley on Tuesday, and rescuers evacuated 300 residents from "
                     "three villages, the regional fire service said. Farmers counted their losses.\n",
                     encoding="utf-8")
    before = api.report(db)
    api.analyze([str(other)], db=db)
    with Store(db) as store:
        computed = json.loads(store.runs()[-1]["threads_computed"])
    assert len(computed) == 1 and computed[0] not in {s.thread for s in before.sections["stories"]}
    after = api.report(db)
    kept = {s.thread for s in before.sections["stories"]}
    assert [q.id for q in after.sections["quotes"] if q.thread in kept] == [q.id for q in before.sections["quotes"]]


def test_report_of_one_story_and_the_readers(batch_db):
    story = api.stories(batch_db)[0]
    one = api.story(story.id[:6], db=batch_db)
    assert {a.id for a in one.articles} == set(story.articles)
    assert all(isinstance(r, Relation) for r in api.relations(batch_db))
    contradictions = api.facts(batch_db, verdict="contradict")
    assert contradictions and all(f.verdict == "contradict" for f in contradictions)
    assert api.search("Beijing", db=batch_db)


def test_reading_a_missing_database_is_an_error_not_an_empty_corpus(tmp_path):
    from newsprism.errors import StoreError

    with pytest.raises(StoreError, match="no database at"):
        api.stories(str(tmp_path / "none.db"))


def test_to_pandas_gives_a_row_per_finding(batch_db):
    pd = pytest.importorskip("pandas")
    report = api.report(batch_db)
    frame = report.to_pandas("quotes")
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(report.sections["quotes"])
    assert {"id", "article", "start", "end", "text", "speaker"} <= set(frame.columns)


@pytest.mark.parametrize("version", [2, 3, 4])  # before findings were stored; before pair relations were kept;
# before garbled-name checks were kept
def test_an_old_database_upgrades_in_place(tmp_path, version):
    path = str(tmp_path / "old.db")
    db = sqlite3.connect(path, isolation_level=None)
    for n in range(version):
        for stmt in MIGRATIONS[n]:
            db.execute(stmt)
    db.execute(f"PRAGMA user_version = {version}")
    db.close()
    api.ingest(SEEDS[:1], db=path)
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION == 5
    api.analyze(SEEDS, db=path)
    assert len(api.report(path).articles) == 5
    with Store(path) as store:
        assert store.pair_relations(a.id for a in api.report(path).articles)


def test_datasette_opens_the_corpus_with_foreign_keys_and_search(batch_db):
    datasette = pytest.importorskip("datasette.app")
    import asyncio

    metadata = json.loads((REPO / "datasette-metadata.json").read_text(encoding="utf-8"))

    async def browse():
        ds = datasette.Datasette([batch_db], metadata=metadata)
        name = Path(batch_db).stem
        quotes = (await ds.client.get(f"/{name}/quotes.json?_shape=array&_size=5")).json()
        found = (await ds.client.get(f"/{name}/articles.json?_search=Beijing&_shape=array")).json()
        keys = await ds.get_database(name).foreign_keys_for_table("quotes")
        return quotes, found, keys

    quotes, found, keys = asyncio.run(browse())
    assert len(quotes) == 5 and quotes[0]["article"]
    assert found and all("Beijing" in a["text"] for a in found)
    assert {"article", "speaker"} <= {k["column"] for k in keys}


def test_kill_9_during_analyze_then_the_same_command_equals_an_uninterrupted_run(tmp_path, shared):
    texts = sorted((shared / "eval" / "ecbplus-facts-dev" / "texts").glob("*.txt"))[:24]
    clean_db, db = str(tmp_path / "clean.db"), str(tmp_path / "killed.db")
    api.analyze([str(p) for p in texts], db=clean_db)
    cmd = [sys.executable, "-m", "newsprism.cli", "analyze", *map(str, texts), "--db", db, "--out",
           str(tmp_path / "out"), "-q"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    stored = 0
    for _ in range(600):  # wait (bounded) until some threads are stored, then kill in the middle
        time.sleep(0.1)
        if proc.poll() is not None:
            break
        stored = _count(db, "threads")
        if stored >= 1:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert stored >= 1, "the run finished before it could be interrupted"
    subprocess.run(cmd, cwd=REPO, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert comparable(api.report(db)) == comparable(api.report(clean_db))
    with Store(db) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == len(texts)


def _count(db: str, table: str) -> int:
    try:
        con = sqlite3.connect(db, timeout=1)
        try:
            return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_dev_articles_added_in_five_batches_equal_one_batch_run(tmp_path, shared):
    files = dev_files(shared)
    batch, steps = str(tmp_path / "batch.db"), str(tmp_path / "steps.db")
    api.analyze(files, db=batch)
    for k in range(5):  # five days of news, oldest first, as a feed delivers them
        api.analyze(files[k * len(files) // 5:(k + 1) * len(files) // 5], db=steps)
    a, b = comparable(api.report(batch)), comparable(api.report(steps))
    assert len(a["articles"]) == len(files)
    assert {k for k in a if a[k] != b.get(k)} == set()


def dev_files(shared: Path) -> list[str]:
    """A few hundred real dev articles (ECB+ events and PolNeAR politics) in publication order, undated last."""
    ecb = sorted((shared / "eval" / "ecbplus-facts-dev" / "texts").glob("*.txt"))
    pol = sorted((shared / "eval" / "polnear-dev" / "dev" / "text").glob("*.txt"))
    files = [str(p) for p in ecb + pol]
    published = {a.path: a.published for a in api.analyze(files, stages=[]).articles}
    return sorted(files, key=lambda f: (published.get(f) is None, published.get(f) or ""))


def worker_texts(shared: Path) -> list[str]:
    """Real dev articles of six ECB+ topics: enough for the parse workers and several threads."""
    texts = []
    for topic in ("12", "14", "18", "20", "24", "30"):
        texts += sorted(glob.glob(str(shared / "eval" / "ecbplus-facts-dev" / "texts" / f"{topic}_*.txt")))[:4]
    return texts


def test_worker_processes_give_the_same_findings(tmp_path, shared):
    """``jobs=2`` parses the articles and computes the story threads in worker processes; every finding equals
    a one-process run."""
    texts = worker_texts(shared)
    one = api.analyze(texts, db=str(tmp_path / "one.db"))
    with Store(str(tmp_path / "one.db")) as store:
        assert len(store.thread_members()) >= 4  # enough threads for the worker pool
    two = api.analyze(texts, db=str(tmp_path / "two.db"), jobs=2)
    with Store(str(tmp_path / "two.db")) as store:
        assert not store.unparsed([a.id for a in two.articles])  # the workers' parses are in the cache
    assert comparable(two) == comparable(one)


def test_a_script_without_a_main_guard_is_analysed_once_and_told_why(tmp_path, shared):
    """Worker processes import the calling script again: an ``analyze(jobs=2)`` at its top level, with no
    ``if __name__ == "__main__":``, must not run the analysis again in each worker (against the same database)
    nor print their tracebacks; the user gets one line saying what to change and the whole report."""
    texts = worker_texts(shared)
    script = tmp_path / "unguarded.py"
    script.write_text("from newsprism import api\n"
                      f"r = api.analyze({texts!r}, db={str(tmp_path / 'c.db')!r}, jobs=2, findings=False)\n"
                      "print('articles', len(r.articles))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["articles", str(len(texts))]  # printed once: no worker ran the script through
    assert "Traceback" not in done.stderr
    assert 'if __name__ == "__main__":' in done.stderr and str(script) in done.stderr
    with Store(str(tmp_path / "c.db")) as store:
        assert [r["command"] for r in store.runs()] == ["analyze"]
        assert len(store.article_ids()) == len(texts) and len(store.thread_members()) >= 4


def test_a_lost_thread_worker_moves_the_work_here_and_says_so(tmp_path, shared, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from newsprism.scale.engine import InProcess

    texts = worker_texts(shared)
    api.analyze(texts, db=str(tmp_path / "one.db"))
    submit = ProcessPoolExecutor.submit
    calls = []

    def dies_on_the_second_thread(self, fn, *args, **kw):
        if getattr(fn, "__name__", "") == "compute_thread":
            calls.append(1)
            if len(calls) >= 2:
                raise BrokenProcessPool("a worker died")
        return submit(self, fn, *args, **kw)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", dies_on_the_second_thread)
    with Store(str(tmp_path / "two.db")) as store:
        api.ingest(texts, db=store)
        done = corpus.update(store, engine=InProcess(2))
    assert any("ended early" in n for n in done.notes)
    assert comparable(api.report(str(tmp_path / "two.db"))) == comparable(api.report(str(tmp_path / "one.db")))
    with Store(str(tmp_path / "one.db")) as store:
        assert len(done.computed) == len(store.thread_members())


class SlowParser:
    """An engine whose parse yields placeholder parses one by one, counting how many it made and whether it was
    ended (a real engine's workers would be)."""

    notes: list = []

    def __init__(self, delay: float = 0.0):
        self.made, self.ended, self.delay = 0, False, delay

    def parses_ahead(self, n: int) -> bool:
        return True

    def parse(self, items):
        def gen():
            try:
                for aid, _ in items:
                    time.sleep(self.delay)
                    self.made += 1
                    yield aid, b"parse of " + aid.encode()
            finally:
                self.ended = True
        return gen()


def stored_articles(tmp_path, n: int, db: str | None = None) -> tuple[Store, list[str]]:
    """``n`` short articles in a database file (or in ``db``, e.g. ":memory:")."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:04d}.txt").write_text(f"Ferry service {i} resumes\n\nThe ferry on route {i} sailed again on "
                                              f"Monday after repairs to its engine, the operator said. It carried "
                                              f"{i * 7 + 40} passengers on its first crossing.\n")
    store = Store(db or str(tmp_path / "c.db"))
    ids = api.ingest([str(folder)], db=store).article_ids
    assert len(ids) == n
    return store, ids


def test_parse_ahead_into_a_file_goes_on_while_nobody_waits_and_stores_every_parse(tmp_path):
    """With a database file the parses are stored as they arrive, by the background thread: the workers never
    idle while this process does other work (placing 10,000 articles in stories took minutes)."""
    from newsprism.corpus import PARSE_QUEUE, ParseAhead

    store, ids = stored_articles(tmp_path, PARSE_QUEUE + 200)
    engine = SlowParser()
    ahead = ParseAhead(store, engine)
    ahead.start(ids)
    ahead.worker.join(timeout=120)  # nobody waits for parses, nobody drains a queue
    assert not ahead.worker.is_alive() and engine.made == len(ids) and engine.ended
    assert not store.unparsed(ids)
    ahead.wait_for(ids)  # returns at once: everything is in
    ahead.close()
    assert store.parse_bytes(ids[:1]) == {ids[0]: b"parse of " + ids[0].encode()}
    store.close()


def test_parse_ahead_into_memory_stores_parses_as_they_are_waited_for_and_holds_a_bounded_window(tmp_path):
    from newsprism.corpus import PARSE_QUEUE, ParseAhead

    store, ids = stored_articles(tmp_path, PARSE_QUEUE + 200, db=":memory:")
    engine = SlowParser()
    ahead = ParseAhead(store, engine)
    ahead.start(ids)
    time.sleep(0.5)
    # one connection, nobody has asked for parses yet: the parse waits with a full queue instead of piling them
    # up in memory
    assert engine.made <= PARSE_QUEUE + 2
    ahead.wait_for(ids[:10])
    assert not store.unparsed(ids[:10])
    assert store.unparsed(ids)  # only what was waited for (and what came before it) is stored
    ahead.close()
    assert not store.unparsed(ids) and engine.ended
    assert store.parse_bytes(ids[:1]) == {ids[0]: b"parse of " + ids[0].encode()}
    store.close()


@pytest.mark.parametrize("db", ["file", ":memory:"])
def test_parse_ahead_abandoned_mid_parse_ends_the_parse_and_keeps_what_was_stored(tmp_path, db):
    from newsprism.corpus import PARSE_QUEUE, ParseAhead

    store, ids = stored_articles(tmp_path, PARSE_QUEUE * 3, db=None if db == "file" else db)
    engine = SlowParser(delay=0.005)  # a file's writer thread would otherwise store all of it at once
    ahead = ParseAhead(store, engine)
    ahead.start(ids)
    ahead.wait_for(ids[:5])
    ahead.abandon()  # an interrupt or a failure in the run
    assert engine.ended and engine.made < len(ids)
    assert not store.unparsed(ids[:5])
    store.close()


def test_findings_do_not_depend_on_the_process_string_hashing(tmp_path, shared):
    """Ids and findings are the same in every process: Python salts string hashes per process, so an order taken
    from a set would differ between the runs of a cluster's workers or of two days (seen on an entity's mentions
    that start at the same character)."""
    texts = sorted(glob.glob(str(shared / "eval" / "polnear-dev" / "train" / "text" / "*_2016-02-0[34]_*.txt")))
    assert texts
    script = ("import hashlib, json, sys\n"
              "from newsprism import api\n"
              "data = api.analyze(sys.argv[1:]).to_json()\n"
              "print(hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest())\n")
    digests = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", script, *texts], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_a_second_run_aligns_only_the_pairs_whose_articles_changed(tmp_path, monkeypatch, batch_db):
    """Pairs of articles that did not change keep their stored relation; only pairs with a new article (or whose
    inputs changed, e.g. which side looks spun) are aligned again, and the corpus still equals a batch run (the
    articles arrive in the batch's order, as in the test above)."""
    from newsprism.reuse import stage as reuse_stage

    keys: list[dict] = []
    pair_key, relate = reuse_stage.pair_key, reuse_stage.relate

    def keyed(a, b, *rest):
        keys[-1][(a.id, b.id)] = key = pair_key(a, b, *rest)
        return key

    aligned = []

    def counting(a, b, *rest):
        aligned.append((a.id, b.id))
        return relate(a, b, *rest)

    monkeypatch.setattr(reuse_stage, "pair_key", keyed)
    monkeypatch.setattr(reuse_stage, "relate", counting)
    db = str(tmp_path / "steps.db")
    keys.append({})
    old = {a.id for a in api.analyze(SEEDS[:2], db=db).articles}
    with Store(db) as store:
        assert len(store.pair_relations(old)) == len(keys[0])  # every pair stored, related or not
    aligned.clear()
    keys.append({})
    api.analyze(SEEDS[2:], db=db)
    for a, b in aligned:
        assert a not in old or b not in old or keys[1][(a, b)] != keys[0].get((a, b))
    assert 0 < len(aligned) < len(keys[1])  # some pairs came from the store
    assert comparable(api.report(db)) == comparable(api.report(batch_db))


def test_stored_pairs_from_another_version_of_the_analysis_are_not_used(tmp_path, monkeypatch):
    from newsprism.store import findings

    db = str(tmp_path / "c.db")
    ids = [a.id for a in api.analyze(SEEDS, db=db).articles]
    with Store(db) as store:
        assert store.pair_relations(ids)
        monkeypatch.setattr(findings, "code_fingerprint", lambda: "another version")
        assert store.pair_relations(ids) == {}


def test_a_second_run_reads_the_unchanged_articles_from_the_store(tmp_path, monkeypatch, batch_db):
    """Dates, names, roles and claims of an article already read are not found again when its thread is
    recomputed; the corpus still equals a batch run."""
    from newsprism.extract import claims, entities

    db = str(tmp_path / "steps.db")
    old = {a.id for a in api.analyze(SEEDS[:2], db=db).articles}
    with Store(db) as store:
        assert set(store.article_readings(old)) == old
    read = []
    find_claims, find_namings = claims.find_claims, entities.find_namings

    def claims_counted(article, *rest):
        read.append(article.id)
        return find_claims(article, *rest)

    def namings_counted(article, *rest):
        read.append(article.id)
        return find_namings(article, *rest)

    monkeypatch.setattr(claims, "find_claims", claims_counted)
    monkeypatch.setattr(entities, "find_namings", namings_counted)
    api.analyze(SEEDS[2:], db=db)
    assert read and not set(read) & old
    assert comparable(api.report(db)) == comparable(api.report(batch_db))


def test_the_report_written_from_the_store_thread_by_thread_equals_the_report_held_whole(tmp_path, shared):
    """``findings=False`` (how the CLI runs) writes report.json / .html / .md reading each finding section from the
    store as it is written, and builds coverage and timelines one thread at a time: the same files, byte for
    byte, as the report held whole in memory, while the returned report holds no finding section."""
    texts = worker_texts(shared)
    db = str(tmp_path / "c.db")
    whole = api.analyze(texts, db=db, out=str(tmp_path / "whole"))
    lean = api.analyze(texts, db=db, out=str(tmp_path / "lean"), findings=False)
    with Store(db) as store:
        assert store.computed_here()  # the rows are written as stored, without typing them again
    assert len({whole.field_of(a.id, "thread") for a in whole.articles}) >= 4  # several threads to combine
    for kind in ("json", "html", "md"):
        assert (tmp_path / "lean" / f"report.{kind}").read_bytes() == (tmp_path / "whole" / f"report.{kind}").read_bytes()
    assert set(lean.sections) == {"stories", "coverage", "timeline"}
    assert lean.sections["coverage"] == whole.sections["coverage"] and lean.sections["timeline"]
    assert lean.sections["timeline"] == whole.sections["timeline"]
    api.report(db, out=str(tmp_path / "stored-whole"))
    api.report(db, out=str(tmp_path / "stored-lean"), findings=False)  # as `newsprism report` writes it
    for kind in ("json", "html", "md"):
        assert ((tmp_path / "stored-lean" / f"report.{kind}").read_bytes()
                == (tmp_path / "stored-whole" / f"report.{kind}").read_bytes())


def test_a_report_from_findings_another_version_stored_is_written_from_their_typed_form(tmp_path, monkeypatch):
    """`newsprism report` on a database an older newsprism analysed (no analyze since) reads the stored rows
    through the typed findings, as the report held whole does: the same files either way."""
    from newsprism.store import findings

    db = str(tmp_path / "c.db")
    api.analyze(SEEDS, db=db)
    monkeypatch.setattr(findings, "code_fingerprint", lambda: "another-version")
    with Store(db) as store:
        assert not store.computed_here()
    api.report(db, out=str(tmp_path / "whole"))
    api.report(db, out=str(tmp_path / "lean"), findings=False)
    for kind in ("json", "html", "md"):
        assert (tmp_path / "lean" / f"report.{kind}").read_bytes() == (tmp_path / "whole" / f"report.{kind}").read_bytes()


def test_two_quotes_starting_at_one_offset_are_two_findings_both_stored(tmp_path):
    from newsprism.extract.stage import make_quotes
    from newsprism.model import Article, Report

    text = 'She said that the talks should answer why the conflict goes on, and left.'
    start = text.index("that")

    def rec(end: int) -> dict:
        return {"article": "a1", "start": start, "end": end, "text": text[start:end], "direct": False, "key": None,
                "speaker_span": None, "cue": "said", "cue_span": None, "kind": "indirect"}
    quotes = make_quotes([rec(text.index(" why")), rec(text.index(", and"))], {}, "t1")
    assert len({q.id for q in quotes}) == 2
    with Store(str(tmp_path / "q.db")) as store:
        store.add(Article(id="a1", path="a.txt", raw=text, text=text))
        store.save_thread("t1", Report(articles=list(store.articles(["a1"])), sections={"quotes": quotes}))
        stored = store.findings("quotes")
    assert sorted((q.start, q.end) for q in stored) == sorted((q.start, q.end) for q in quotes)


def test_no_finding_shares_its_id_with_another_of_its_section(monkeypatch):
    """The store keeps one row per id: two findings given one id would lose one of them (it happened to quotes)."""
    from collections import Counter

    from newsprism.store import findings

    shared: dict[str, list[str]] = {}
    rows_of = findings.rows_of

    def counting(section, thread, value):
        made = list(rows_of(section, thread, value))
        shared.setdefault(section, []).extend(fid for fid, n in Counter(f for f, _, _ in made).items() if n > 1)
        return iter(made)
    monkeypatch.setattr(findings, "rows_of", counting)
    api.analyze(SEEDS, db=":memory:")
    assert {"quotes", "entities", "facts", "timeline"} <= set(shared)
    assert {s: ids for s, ids in shared.items() if ids} == {}


def test_an_article_joining_a_stored_story_rewrites_only_the_story_rows_that_changed(tmp_path, monkeypatch):
    """The story index of a stored corpus is written back piecemeal: an article joining a story writes its own
    row (and those of members the run moved to another story), not a row per member of the stories it touched
    (which grew with the thread: 3,700 rows to add 1 article to 3,000)."""
    from newsprism.store import threads as store_threads

    written: list[str] = []
    save = store_threads.StoryIndexStore.save_story_index

    def logged(self, index, key):
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS written (article_id TEXT)")
        self.db.execute("CREATE TEMP TRIGGER IF NOT EXISTS log_features AFTER INSERT ON main.story_features "
                        "BEGIN INSERT INTO written VALUES (NEW.article_id); END")
        self.db.execute("DELETE FROM written")
        save(self, index, key)
        written[:] = [r[0] for r in self.db.execute("SELECT article_id FROM written")]

    monkeypatch.setattr(store_threads.StoryIndexStore, "save_story_index", logged)
    db = str(tmp_path / "c.db")
    api.analyze(SEEDS[:4], db=db, stages=["stories"])
    with Store(db) as store:
        before = dict(store.db.execute("SELECT article_id, story_id FROM story_features"))
    new = api.analyze(SEEDS[4:], db=db, stages=["stories"])
    with Store(db) as store:
        after = dict(store.db.execute("SELECT article_id, story_id FROM story_features"))
    added = set(after) - set(before)
    moved = {a for a in before if after[a] != before[a]}
    assert added and added <= {a.id for a in new.articles}
    assert added <= set(written) <= added | moved
    assert len(set(written)) < len(after)


def test_saving_a_thread_again_writes_only_the_findings_that_changed(tmp_path):
    """A thread computed again (an article joined it) is stored by writing the rows that differ: the store ends
    exactly as if it had saved only the new findings, and saving the same findings again writes none."""
    from newsprism.model import Report
    from newsprism.store.findings import THREAD_SECTIONS

    small, full = api.analyze(SEEDS[:3]), api.analyze(SEEDS)

    def part(rep):
        return Report(articles=list(full.articles),
                      sections={s: rep.sections[s] for s in THREAD_SECTIONS if s in rep.sections})

    def contents(store):
        return {t: sorted((tuple(r) for r in store.db.execute(f"SELECT * FROM {t}")), key=repr)
                for t in [t for t, _ in TABLES.values()] + ["spans"]}

    with Store(str(tmp_path / "again.db")) as again, Store(str(tmp_path / "once.db")) as once:
        for store in (again, once):
            for a in full.articles:
                store.add(a)
        again.save_thread("t1", part(small))
        assert contents(again)["quotes"]
        again.save_thread("t1", part(full))
        once.save_thread("t1", part(full))
        assert contents(again) == contents(once)
        before = again.db.total_changes
        again.save_thread("t1", part(full))
        # only the thread's own row and its articles' fields are written again
        assert again.db.total_changes - before <= len(full.articles) + 1
        assert contents(again) == contents(once)
