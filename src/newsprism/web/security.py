"""What every request and response goes through: the token check, the Host check, and the security headers.

- Bound to a loopback address without a token, only requests naming a loopback host (``Host: 127.0.0.1:8765``,
  ``localhost``, ``[::1]``) are answered: a web page elsewhere cannot reach the server through a DNS name that
  resolves to 127.0.0.1 (DNS rebinding).
- With a token (required when bound to any other address), every request must carry it: the header
  ``Authorization: Bearer TOKEN`` (or ``X-Newsprism-Token: TOKEN``), the cookie ``newsprism_token``, or once
  ``?token=TOKEN`` in a URL, which sets that cookie and redirects to the same URL without the token.
- Every response gets a Content-Security-Policy that allows no script at all, ``nosniff`` and ``no-referrer``.
"""
from __future__ import annotations

import hmac
import ipaddress
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import NewsprismError

COOKIE = "newsprism_token"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
           (b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-resource-policy", b"same-origin")]


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """A NewsprismError unless the server may listen on ``host``: any address but loopback needs a token."""
    if not is_loopback(host) and not token:
        raise NewsprismError(f"--host {host} would let other machines read the corpus; pass --token TOKEN (or set "
                             "NEWSPRISM_TOKEN) so that every request must carry it, or serve on 127.0.0.1")
    if token is not None and len(token) < 8:
        raise NewsprismError("the token is too short (fewer than 8 characters); use a long random one, e.g. "
                             "`python -c 'import secrets; print(secrets.token_urlsafe())'`")


class Guard:
    """ASGI middleware: rejects requests without the token (or naming a foreign host) and adds the security
    headers to every response. ``reject(scope, status, code, message)`` builds the error response."""

    def __init__(self, app: ASGIApp, token: str | None, reject):
        self.app, self.token, self.reject = app, token, reject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        early = self._refusal(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [h for h in message.get("headers", []) if h[0] not in dict(HEADERS)] + HEADERS
            await send(message)
        await (early or self.app)(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope):
        headers = Headers(scope=scope)
        if self.token is None:
            if not is_loopback(_host_name(headers.get("host", ""))):
                return self.reject(scope, 400, "bad_host", "this server answers only requests for 127.0.0.1 or "
                                   "localhost (it listens on a loopback address without a token)")
            return None
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self._matches(query.get("token")):
            return self._to_cookie(scope, query)
        if self._matches(_bearer(headers)) or self._matches(_cookie(headers)):
            return None
        return self.reject(scope, 401, "unauthorized", "this server needs its token: send the header "
                           "'Authorization: Bearer TOKEN', or open any page once with ?token=TOKEN")

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def _to_cookie(self, scope: Scope, query: dict[str, str]):
        """The same URL without ``token``, with the token moved into an HttpOnly cookie."""
        rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
        response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
        response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
        return response


def _host_name(value: str) -> str:
    """The host of a Host header without its port ("[::1]:8765" -> "::1")."""
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _bearer(headers: Headers) -> str | None:
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return headers.get("x-newsprism-token")


def _cookie(headers: Headers) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None
