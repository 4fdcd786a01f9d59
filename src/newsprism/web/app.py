"""The web app of ``newsprism serve``: server-rendered pages over a stored corpus, each with a ``.json`` twin.

The app reads the store only through ``newsprism.api`` (each request opens the database read-only), renders with
Jinja2 (autoescape on) and runs no script in the browser. Errors have one shape, ``{"error": {"code",
"message"}}`` (or a page saying the same), and never carry a traceback.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from ..errors import NewsprismError, NotFound, QueryError, StoreError
from ..store import Store
from . import pages
from .cache import PageCache
from .render import error_response
from .security import Guard, check_bind

log = logging.getLogger("newsprism.web")


def create_app(db: str, token: str | None = None, host: str = "127.0.0.1", cache: bool = True) -> FastAPI:
    """The app serving the corpus at ``db`` (read-only). ``token``: required on every request (and required when
    ``host`` is not a loopback address); ``cache``: keep rendered pages until the database changes.
    NewsprismError when the database is unusable or the bind unsafe."""
    check_bind(host, token)
    Store(db, readonly=True).close()  # a missing, foreign or damaged database is refused before serving
    app = FastAPI(title="newsprism", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.db = db
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsprism.web", "static")]), name="static")
    _handle_errors(app)
    app.add_middleware(_CatchAll)
    if cache:
        app.add_middleware(PageCache, db=db)
    app.add_middleware(Guard, token=token, reject=_reject)
    return app


def _reject(scope: Scope, status: int, code: str, message: str):
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
    return error_response(scope["path"], accept, status, code, message)


def _error(request: Request, status: int, code: str, message: str):
    return error_response(request.url.path, request.headers.get("accept", ""), status, code, message)


def _handle_errors(app: FastAPI) -> None:
    def handler(status: int, code: str):
        return lambda request, exc: _error(request, status, code, str(exc))

    app.add_exception_handler(NotFound, handler(404, "not_found"))
    app.add_exception_handler(QueryError, handler(400, "bad_request"))
    app.add_exception_handler(StoreError, handler(503, "store_unavailable"))
    app.add_exception_handler(NewsprismError, handler(400, "bad_request"))
    app.add_exception_handler(RequestValidationError, lambda request, exc: _error(
        request, 400, "bad_request", _validation_message(exc)))
    app.add_exception_handler(HTTPException, lambda request, exc: _error(
        request, exc.status_code, _HTTP_CODES.get(exc.status_code, "http_error"),
        _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))))


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}
_HTTP_MESSAGES = {404: "no page at this address; start at /stories",
                  405: "this server only reads: use GET"}


def _validation_message(exc: RequestValidationError) -> str:
    """"page: must be 1 or more" from FastAPI's list of problems."""
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "bad request"


class _CatchAll:
    """A bug becomes a 500 in the one error shape (the traceback goes to the server's log, never to the client)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)
        try:
            await self.app(scope, receive, tracked)
        except Exception:
            log.exception("newsprism serve failed on %s", scope.get("path"))
            if started or scope["type"] != "http":
                raise
            await _reject(scope, 500, "internal", "newsprism failed on this page; the server's log has the "
                          "details (please report it)")(scope, receive, send)
