"""Fetching refuses what it must, against a misbehaving server the test runs on 127.0.0.1 (no other traffic)."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from newsprism.cli import main
from newsprism.errors import InputError
from newsprism.ingest.fetch import FetchOptions, SafeHttp, check_address, fetch_document

PAGE = (b"<html><head><title>Talks</title></head><body><article><p>Ministers met in Geneva on Tuesday to talk.</p>"
        b"<p>They agreed to meet again in May, officials said after the meeting.</p></article></body></html>")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path
        if path == "/page":
            self._send(200, PAGE)
        elif path == "/ftp":
            self._redirect("ftp://127.0.0.1/file")
        elif path == "/to-page":
            self._redirect("/page")
        elif path.startswith("/loop/"):
            self._redirect(f"/loop/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/trickle":
            self._trickle()
        elif path == "/big":
            self._big()
        else:
            self._send(404, b"gone")

    def _send(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _trickle(self):  # one byte every 0.1 s: each read is quick, the whole answer never ends in time
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(100):  # bounded: at most 10 s
            try:
                self.wfile.write(b"<")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def _big(self):  # 4 MB without a Content-Length: the cap must hold while streaming
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for _ in range(64):
            try:
                self.wfile.write(b"x" * 65536)
            except OSError:
                return


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


ALLOW = FetchOptions(allow_private=True, timeout_s=1.5, max_bytes=1024 * 1024)


def refusal(url: str, options: FetchOptions = ALLOW) -> str:
    with pytest.raises(InputError) as e:
        fetch_document(url, options=options)
    return str(e.value)


def test_with_allow_private_a_page_and_a_redirect_are_fetched(base):
    doc = fetch_document(base + "/to-page", options=ALLOW)
    assert doc.kind == "html" and "Ministers met" in doc.content and doc.meta["url"] == base + "/page"


def test_a_private_address_is_refused_without_the_flag(base):
    assert "non-public address 127.0.0.1" in refusal(base + "/page", FetchOptions())
    assert "--allow-private" in refusal(base + "/page", FetchOptions())
    for url in ("http://10.0.0.1/", "http://169.254.169.254/latest", "http://[::1]/", "http://224.0.0.1/",
                "http://0.0.0.0/", "http://[fe80::1]/"):
        with pytest.raises(InputError, match="non-public address"):
            check_address(url, allow_private=False)


def test_a_malformed_url_is_refused_with_a_reason():
    for url in ("http://example.org:99999/", "http://[::1/"):
        with pytest.raises(InputError, match="not a valid URL"):
            check_address(url, allow_private=False)


def test_a_redirect_to_another_scheme_is_refused(base):
    assert refusal(base + "/ftp") == "refused a URL that is not http(s) (ftp:)"


def test_more_than_five_redirects_are_refused(base):
    assert refusal(base + "/loop/0") == "more than 5 redirects"


def test_a_trickling_server_is_cut_at_the_total_deadline(base):
    assert refusal(base + "/trickle") == "no whole answer within 1.5 s"  # the deadline, not the server, ended it


def test_an_oversize_body_is_refused_while_streaming(base):
    assert refusal(base + "/big") == "response is over the 1 MB limit"


def test_the_cli_skips_a_private_url_with_the_reason_and_fetches_it_with_allow_private(base, tmp_path):
    db = str(tmp_path / "n.db")
    r = CliRunner().invoke(main, ["ingest", base + "/page", "--db", db])
    assert r.exit_code == 1 and "pass --allow-private" in r.output
    r = CliRunner().invoke(main, ["ingest", base + "/page", "--db", db, "--allow-private"])
    assert r.exit_code == 0, r.output


def test_the_feed_client_refuses_private_addresses_too(base):
    from newsprism.ingest.feeds import Client

    with Client() as client, pytest.raises(InputError, match="non-public address"):
        client.get(base + "/page")
    with SafeHttp(ALLOW) as http:
        assert http.get(base + "/page", {}).status == 200
