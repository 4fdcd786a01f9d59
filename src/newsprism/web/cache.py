"""Rendered pages kept while the database stays the same: the server only reads, so a page changes only when a
writer (``analyze``, ``watch``) commits. The database's signature — size and modification time of the file and
of its write-ahead log — is read on every request; when it changes, every kept page is dropped."""
from __future__ import annotations

import os
import threading
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BYTES = 64 * 1024 * 1024  # pages kept at most (a story page of a 1,000-article corpus is ~1 MB)


def signature(db: str) -> tuple:
    """What changes whenever a transaction is committed to ``db`` (WAL or rollback journal)."""
    out = []
    for path in (db, db + "-wal"):
        try:
            st = os.stat(path)
            out += [st.st_size, st.st_mtime_ns]
        except OSError:
            out += [None, None]
    return tuple(out)


class PageCache:
    """ASGI middleware keeping successful GET responses (pages and .json twins, not /static) by path and query."""

    def __init__(self, app: ASGIApp, db: str, max_bytes: int = MAX_BYTES):
        self.app, self.db, self.max_bytes = app, db, max_bytes
        self.pages: OrderedDict[tuple, tuple[Message, bytes]] = OrderedDict()
        self.size, self.seen = 0, signature(db)
        self.lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            return await self.app(scope, receive, send)
        key = (scope["path"], scope.get("query_string", b""))
        kept = self._get(key)
        if kept:
            start, body = kept
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._keeping(key, send))

    def _get(self, key: tuple):
        now = signature(self.db)
        with self.lock:
            if now != self.seen:
                self.pages.clear()
                self.size, self.seen = 0, now
            kept = self.pages.get(key)
            if kept:
                self.pages.move_to_end(key)
            return kept

    def _keeping(self, key: tuple, send: Send):
        parts: list[bytes] = []
        start: dict = {}
        seen = self.seen

        async def tee(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                parts.append(message.get("body", b""))
                if not message.get("more_body"):
                    self._put(key, seen, start, b"".join(parts))
            await send(message)
        return tee

    def _put(self, key: tuple, seen: tuple, start: dict, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return
        with self.lock:
            if seen != self.seen or key in self.pages:  # the database changed while this page was made
                return
            self.pages[key] = (dict(start), body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, old) = self.pages.popitem(last=False)
                self.size -= len(old)
