"""newsprism serve through FastAPI's TestClient: every page and its .json twin on the bundled corpus (the JSON
checked against the schema), paging, search and filters, errors in one shape, the token and Host guard, the
security headers, escaping, and a database the server cannot write."""
from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from conftest import XSS
from newsprism import api
from newsprism.cli import main
from newsprism.errors import NewsprismError
from newsprism.report.html import VERDICT_COLOURS
from newsprism.report.svg import KIND_COLOURS, STATUS_COLOURS
from newsprism.store import Store

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install 'newsprism[web]'")
from fastapi.testclient import TestClient  # noqa: E402

from newsprism.web import create_app  # noqa: E402

SCHEMAS = Path(__file__).resolve().parents[1] / "src/newsprism/schema"
REPORT_SCHEMA = json.loads((SCHEMAS / "report.schema.json").read_text())
PAGES_SCHEMA = json.loads((SCHEMAS / "pages.schema.json").read_text())
REGISTRY = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in (REPORT_SCHEMA, PAGES_SCHEMA)])
BASE = "http://127.0.0.1:8765"


def check_shape(data: dict, kind: str) -> None:
    """``data`` valid against pages.schema.json ``$defs/<kind>`` (findings as report.schema.json has them)."""
    Draft202012Validator({"$ref": f"{PAGES_SCHEMA['$id']}#/$defs/{kind}"}, registry=REGISTRY).validate(data)


@pytest.fixture(scope="module")
def client(demo_db) -> TestClient:
    return TestClient(create_app(demo_db, cache=False), base_url=BASE, raise_server_exceptions=False)


@pytest.fixture(scope="module")
def ids(client) -> dict[str, str]:
    """Ids of one of each thing on the bundled corpus: a story, a contradicted fact and its first article, an
    entity named in that article, a relation of it."""
    story = client.get("/stories.json").json()["stories"][0]
    page = client.get(f"/stories/{story['id']}.json?per_page=200").json()
    fact = next(f for f in page["facts"] if f["verdict"] == "contradict")
    article = client.get(f"/articles/{fact['values'][0]['article']}.json").json()
    return {"story": story["id"], "fact": fact["id"], "article": article["article"]["id"],
            "entity": article["entities"][0]["id"], "relation": article["relations"][0]["id"]}


PAGES = {"stories": ("/stories", "stories_page"), "story": ("/stories/{story}", "story_page"),
         "article": ("/articles/{article}", "article_page"), "fact": ("/facts/{fact}", "fact_page"),
         "entity": ("/entities/{entity}", "entity_page"), "relation": ("/relations/{relation}", "relation_page")}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_and_its_json_twin(client, ids, name):
    path, kind = PAGES[name]
    path = path.format(**ids)
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert f'href="{path}.json"' in page.text  # every page links its twin
    twin = client.get(path + ".json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    check_shape(twin.json(), kind)


def test_stories_list_counts_what_the_store_holds(client, demo_db):
    (row,) = client.get("/stories.json").json()["stories"]
    arts = {a.id: a for a in api.articles(demo_db)}
    assert row["article_count"] == len(row["articles"]) == len(arts) == 5
    assert row["outlets"] == sorted({a.outlet for a in arts.values() if a.outlet})
    contradicted = [f for f in api.facts(demo_db, verdict="contradict") if set(f.articles) & set(row["articles"])]
    assert row["contradictions"] == len(contradicted) > 0
    groups = {api.story_page(row["id"], demo_db).report.field_of(a, "group") for a in row["articles"]}
    assert row["independent_sources"] == len(groups)
    assert row["first_published"] <= row["last_published"]
    page = client.get("/stories").text
    assert f'href="/stories/{row["id"]}"' in page and f'<td class="num v-contradict">{row["contradictions"]}</td>' in page


def test_search_finds_stories_through_their_articles(client, demo_db):
    word = "balloon"
    hits = client.get(f"/stories.json?q={word}").json()
    assert hits["page"]["total"] == 1 and hits["articles_total"] >= 2
    assert all(word in (a["snippet"] + (a["title"] or "")).lower() for a in hits["articles"])
    assert {a["id"] for a in hits["articles"]} == {i for i, _ in api.search(word, demo_db)}
    assert "<mark>" in client.get(f"/stories?q={word}").text  # the match is highlighted in each snippet
    none = client.get("/stories.json?q=zzqxnotaword").json()
    assert none["page"]["total"] == 0 and none["stories"] == [] and none["articles"] == []


def test_filters_by_outlet_and_dates(client):
    (row,) = client.get("/stories.json").json()["stories"]
    day = row["first_published"]
    assert client.get("/stories.json", params={"outlet": row["outlets"][0]}).json()["page"]["total"] == 1
    assert client.get("/stories.json", params={"outlet": "No Such Outlet"}).json()["page"]["total"] == 0
    assert client.get("/stories.json", params={"since": day, "until": day}).json()["page"]["total"] == 1
    assert client.get("/stories.json", params={"since": "2999-01-01"}).json()["page"]["total"] == 0
    assert client.get("/stories.json", params={"until": "1999-01-01"}).json()["page"]["total"] == 0
    page = client.get("/stories", params={"outlet": row["outlets"][0]}).text
    assert f'<option value="{row["outlets"][0]}" selected>' in page  # the form shows the filter in use


def test_pages_are_paginated(client, ids):
    story = f"/stories/{ids['story']}"
    first, second = (client.get(f"{story}.json?per_page=10&page={n}").json() for n in (1, 2))
    assert first["facts_page"] == {"offset": 0, "limit": 10, "total": first["facts_page"]["total"]}
    assert first["facts_page"]["total"] > 10 and len(first["facts"]) == 10
    assert not {f["id"] for f in first["facts"]} & {f["id"] for f in second["facts"]}
    assert first["facts"][0]["verdict"] == "contradict"  # contradictions come first
    html = client.get(f"{story}?per_page=10").text
    assert 'rel="next" href="/stories/%s?per_page=10&amp;page=2"' % ids["story"] in html
    past = client.get("/stories.json?per_page=1&page=2").json()
    assert past["stories"] == [] and past["page"]["total"] == 1
    mentions = client.get(f"/entities/{ids['entity']}.json?per_page=1").json()
    assert len(mentions["mentions"]) == 1 and mentions["page"]["limit"] == 1


@pytest.mark.parametrize("path", ["/stories/s000000000000", "/articles/0123456789abcdef", "/facts/fzzz",
                                  "/entities/enope", "/relations/rnope", "/no/such/page"])
def test_unknown_things_are_404_in_one_shape(client, path):
    for url, accept in ((path + ".json", ""), (path, "application/json")):
        r = client.get(url, headers={"accept": accept})
        assert r.status_code == 404, url
        check_shape(r.json(), "error")
        assert r.json()["error"]["code"] == "not_found"
    page = client.get(path)  # a browser gets a page saying the same
    assert page.status_code == 404 and "not found" in page.text and page.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("query, says", [
    ("/stories.json?page=0", "page"), ("/stories.json?page=abc", "page"), ("/stories.json?per_page=100000", "per_page"),
    ("/stories.json?q=%22unclosed", "cannot search for"), ("/stories.json?q=nocolumn:word", "cannot search for"),
    ("/stories.json?since=yesterday", "since must be a date"), ("/articles/{article}.json?span=40-2", "span must be"),
    ("/articles/{article}.json?span=abc", "span must be"), ("/entities/{entity}.json?page=-1", "page")])
def test_bad_requests_are_400_with_a_reason(client, ids, query, says):
    r = client.get(query.format(**ids))
    assert r.status_code == 400
    check_shape(r.json(), "error")
    assert says in r.json()["error"]["message"] and "Traceback" not in r.text


def test_a_failure_inside_is_500_without_its_details(client, ids, monkeypatch):
    def broken(*a, **kw):
        raise RuntimeError("secret internal detail /home/someone/corpus.db")
    monkeypatch.setattr(api, "fact", broken)
    for path in (f"/facts/{ids['fact']}.json", f"/facts/{ids['fact']}"):
        r = client.get(path)
        assert r.status_code == 500
        assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" not in r.text
        assert r.headers["content-security-policy"].startswith("default-src 'none'")
    check_shape(client.get(f"/facts/{ids['fact']}.json").json(), "error")


def test_writes_are_refused(client):
    r = client.post("/stories.json")
    assert r.status_code == 405
    check_shape(r.json(), "error")


@pytest.mark.parametrize("path", ["/stories", "/stories.json", "/static/app.css", "/facts/nope.json",
                                  "/stories.json?page=0", "/articles/{article}"])
def test_security_headers_on_every_response(client, ids, path):
    h = client.get(path.format(**ids)).headers
    csp = h["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp  # no script of any kind may run
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_carry_no_script_and_no_inline_style(client, ids, name):
    html = client.get(PAGES[name][0].format(**ids)).text
    assert "<script" not in html.lower() and not re.search(r"\son[a-z]+\s*=", html)
    assert " style=" not in html  # the CSP allows only the stylesheet: an inline style would not apply


def test_article_page_highlights_findings(client, demo_db, ids):
    view = api.article_view(ids["article"], demo_db)
    html = client.get(f"/articles/{ids['article']}").text
    quote = view.quotes[0]
    assert f'<span class="anchor" id="q-{quote.id}"></span>' in html
    assert 'class="k-quote' in html and 'class="k-entity' in html and 'class="k-copied' in html
    assert f'href="/facts/{ids["fact"]}"' in html  # a claim of the fact links to it
    assert f'href="/relations/{ids["relation"]}#' in html  # a shared passage links to the other side
    fact = api.fact(ids["fact"], demo_db).fact
    value = next(v for v in fact.values if v.article == ids["article"])
    focused = client.get(f"/articles/{ids['article']}?span={value.start}-{value.end}").text
    shown = re.search(r'<span class="anchor" id="focus"></span>(.*?)</div>', focused, re.S).group(1)
    pieces = re.findall(r'<(?:a|mark) class="[^"]*k-focus[^"]*"[^>]*>(.*?)</(?:a|mark)>', shown, re.S)
    assert "".join(pieces) == str(__import__("markupsafe").escape(value.text))


def test_fact_page_shows_each_value_in_its_sentence(client, demo_db, ids):
    data = client.get(f"/facts/{ids['fact']}.json").json()
    assert len(data["mentions"]) == len(data["fact"]["values"]) >= 2
    texts = {a.id: a.text for a in api.articles(demo_db)}
    for m in data["mentions"]:
        assert texts[m["article"]][m["start"]:m["end"]] == m["text"]
        s = m["sentence"]
        assert texts[m["article"]][s["start"]:s["end"]] == s["text"] and s["start"] <= m["start"] < m["end"] <= s["end"]
    assert "v-contradict" in client.get(f"/facts/{ids['fact']}").text


def test_entity_page_lists_mentions_with_sentences(client, demo_db, ids):
    data = client.get(f"/entities/{ids['entity']}.json?per_page=200").json()
    assert data["page"]["total"] == len(data["mentions"]) > 0
    texts = {a.id: a.text for a in api.articles(demo_db)}
    assert all(texts[m["article"]][m["start"]:m["end"]] == m["text"] for m in data["mentions"])
    assert all(m["text"] in m["sentence"]["text"] for m in data["mentions"])


def test_relation_page_puts_both_sides_next_to_each_other(client, ids):
    data = client.get(f"/relations/{ids['relation']}.json").json()
    html = client.get(f"/relations/{ids['relation']}").text
    assert html.count('<section class="side">') == 2
    for n, p in enumerate(data["relation"]["passages"]):
        assert f'id="a-p{n}"' in html and f'id="b-p{n}"' in html and f'href="#b-p{n}"' in html
        assert data["a"]["text"][p["a_start"]:p["a_end"]] == p["text"]


def test_story_page_shows_the_report_plots(client, ids):
    html = client.get(f"/stories/{ids['story']}").text
    assert html.count("<svg") == 3  # copy graph, timeline, coverage heatmap (report/svg.py)
    for section in ("summary", "facts", "timeline", "relations", "coverage", "quote_groups", "positions", "articles"):
        assert f'id="{section}"' in html
    assert '<tr class="v-contradict">' in html and "<del>" in html and "<ins>" in html  # verdicts, quote diffs


def test_scraped_text_is_escaped_everywhere(hostile_db):
    client = TestClient(create_app(hostile_db), base_url=BASE)
    story = client.get("/stories.json").json()["stories"][0]
    article = story["articles"][0]
    quotes = client.get(f"/articles/{article}.json").json()["quotes"]
    assert any("<script>" in q["text"] for q in quotes)  # the payloads reached the findings...
    for path in ("/stories", f"/stories/{story['id']}", f"/articles/{article}", "/stories?q=alert"):
        html = client.get(path).text
        assert "<script" not in html and "<img" not in html and "<svg onload" not in html
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.I)
    html = client.get(f"/articles/{article}").text  # ...and show as text
    for key in ("title", "byline", "outlet", "url", "body"):
        assert str(__import__("markupsafe").escape(XSS[key])) in html, key


def test_static_colours_are_the_reports(client):
    css = client.get("/static/app.css").text
    for prefix, colours in (("v", VERDICT_COLOURS), ("r", KIND_COLOURS), ("s", STATUS_COLOURS)):
        for name, colour in colours.items():
            assert re.search(rf"\.{prefix}-{name} {{ background: {colour}; }}", css), (name, colour)


def test_non_loopback_host_needs_a_token(demo_db):
    with pytest.raises(NewsprismError, match="--token"):
        create_app(demo_db, host="0.0.0.0")
    with pytest.raises(NewsprismError, match="too short"):
        create_app(demo_db, host="0.0.0.0", token="abc")
    result = CliRunner().invoke(main, ["serve", "--db", demo_db, "--host", "192.168.1.20"], env={"NEWSPRISM_TOKEN": ""})
    assert result.exit_code == 2 and "pass --token TOKEN (or set NEWSPRISM_TOKEN)" in result.output


def test_token_is_checked_on_every_request(demo_db):
    token = "s3cret-token-for-tests"
    client = TestClient(create_app(demo_db, token=token, host="0.0.0.0"), base_url="http://192.0.2.1:8765")
    for path in ("/stories", "/stories.json", "/static/app.css", "/facts/nope.json"):
        r = client.get(path)
        assert r.status_code == 401, path
        assert r.headers["x-content-type-options"] == "nosniff"
    check_shape(client.get("/stories.json").json(), "error")
    assert client.get("/stories.json", headers={"authorization": "Bearer wrong-token-xx"}).status_code == 401
    assert client.get("/stories.json", headers={"authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/stories.json", headers={"x-newsprism-token": token}).status_code == 200
    moved = client.get(f"/stories?q=balloon&token={token}", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/stories?q=balloon"  # token out of the URL
    assert "HttpOnly" in moved.headers["set-cookie"] and "samesite=strict" in moved.headers["set-cookie"].lower()
    assert client.get("/stories.json").status_code == 200  # the cookie now carries it
    client.cookies.clear()
    assert client.get("/stories.json").status_code == 401


def test_loopback_server_answers_only_loopback_hosts(demo_db):
    app = create_app(demo_db)
    for base in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        assert TestClient(app, base_url=base).get("/stories.json").status_code == 200, base
    r = TestClient(app, base_url="http://rebound.example:8765").get("/stories.json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_host"


def test_server_opens_the_database_read_only(client, ids, demo_db, monkeypatch):
    before = hashlib.sha256(Path(demo_db).read_bytes()).hexdigest()
    opened: list[str] = []
    real_init = Store.__init__

    def spy(self, *a, **kw):
        real_init(self, *a, **kw)
        try:
            self.db.execute("CREATE TABLE written_by_the_server (x)")
            opened.append("writable")
        except sqlite3.OperationalError as e:
            opened.append(str(e))
    monkeypatch.setattr(Store, "__init__", spy)
    for name in PAGES:
        path = PAGES[name][0].format(**ids)
        assert client.get(path).status_code == 200 and client.get(path + ".json").status_code == 200
    assert opened and all("readonly" in o for o in opened), opened
    assert hashlib.sha256(Path(demo_db).read_bytes()).hexdigest() == before


def test_kept_pages_are_dropped_when_the_database_changes(demo_db, tmp_path):
    db = str(tmp_path / "copy.db")
    with sqlite3.connect(demo_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    client = TestClient(create_app(db), base_url=BASE)
    first = client.get("/stories.json")
    again = client.get("/stories.json")
    assert again.content == first.content and again.headers["x-content-type-options"] == "nosniff"
    assert first.json()["page"]["total"] == 1
    article = tmp_path / "more.json"
    article.write_text(json.dumps({"title": "Harbour bridge reopens", "date": "2023-07-01", "outlet": "Gazette",
                                   "text": "The harbour bridge reopened on Saturday after two years of repairs "
                                           "costing $40 million, the city said."}))
    api.analyze([str(article)], db=db)  # a writer commits while the server runs
    assert client.get("/stories.json").json()["page"]["total"] == 2


def test_serve_listens_on_loopback_by_default(demo_db, monkeypatch):
    import uvicorn

    ran = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(kw, app=app))
    result = CliRunner().invoke(main, ["serve", "--db", demo_db], env={"NEWSPRISM_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert (ran["host"], ran["port"]) == ("127.0.0.1", 8765)
    assert TestClient(ran["app"], base_url=BASE).get("/stories.json").status_code == 200
    token = CliRunner().invoke(main, ["serve", "--db", demo_db, "--host", "0.0.0.0", "--port", "9000"],
                               env={"NEWSPRISM_TOKEN": "from-the-environment"})
    assert token.exit_code == 0 and (ran["host"], ran["port"]) == ("0.0.0.0", 9000)
    assert TestClient(ran["app"], base_url=BASE).get("/stories.json").status_code == 401  # the env token guards it


def test_serve_refuses_a_missing_database(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "no database at" in result.output and "newsprism analyze" in result.output
    assert not (tmp_path / "none.db").exists()  # serving never creates a database
