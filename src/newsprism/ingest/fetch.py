"""http(s) URLs as inputs: a safe HTTP client (``SafeHttp``) and one-page fetches decoded like files.

Every request has a total deadline (connect to last byte, not per read), a size cap enforced while streaming,
at most ``MAX_REDIRECTS`` redirects and only to http(s), and refuses loopback, private, link-local, multicast
and reserved addresses — checked on the resolved addresses of the first URL and of every redirect — unless
``allow_private`` (``--allow-private``) is set. A URL that comes from a feed or a page must not reach the machine
newsprism runs on or its network. (A host whose DNS answer changes between the check and the connect is not
caught; run newsprism behind an egress firewall if that matters.)
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..model import Document
from .read import MAX_BYTES

USER_AGENT = "newsprism/0.1 (+https://github.com/newsprism/newsprism)"
TIMEOUT_S = 30  # one whole request, connect to last byte, redirects included
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How URLs are fetched (picklable)."""

    allow_private: bool = False  # True: loopback / private / link-local addresses may be fetched (a local test)
    timeout_s: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS


@dataclass(slots=True)
class Fetched:
    """One HTTP answer (or a local file read): 304 has no body; ``etag`` / ``last_modified`` as the server sent them."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded with its declared charset (else detected) and normalised."""
        from .read import decode

        charset = re.search(r"charset=\"?([\w-]+)", self.content_type)
        return decode(self.body, charset.group(1) if charset else None)


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def check_address(url: str, allow_private: bool) -> None:
    """InputError unless ``url`` is http(s) and (without ``allow_private``) every address its host resolves to is
    a public one."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:  # "http://host:99999/", "http://[::1/"
        raise InputError(f"not a valid URL ({e})") from e
    if parts.scheme not in ("http", "https"):
        raise InputError(f"refused a URL that is not http(s) ({parts.scheme or 'no scheme'}:)")
    if not parts.hostname:
        raise InputError("the URL has no host")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as e:
        raise InputError(f"could not resolve {parts.hostname} ({e})") from e
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise InputError(f"refused {parts.hostname}: it resolves to the non-public address {ip} "
                             "(loopback, private, link-local or multicast); pass --allow-private to fetch it")


class SafeHttp:
    """An httpx client that enforces ``FetchOptions``; use as a context manager."""

    def __init__(self, options: FetchOptions = FetchOptions()):
        import httpx

        self.options = options
        self.http = httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=False)

    def __enter__(self) -> "SafeHttp":
        return self

    def __exit__(self, *exc) -> None:
        self.http.close()

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, headers: dict[str, str]) -> Fetched:
        """GET ``url`` following redirects by hand (each one checked); 2xx and 304 are answers, else InputError."""
        deadline = time.monotonic() + self.options.timeout_s
        for _ in range(self.options.max_redirects + 1):
            check_address(url, self.options.allow_private)
            fetched, location = self._hop(url, headers, deadline)
            if location is None:
                return fetched
            url = urljoin(url, location)
        raise InputError(f"more than {self.options.max_redirects} redirects")

    def _hop(self, url: str, headers: dict[str, str], deadline: float) -> tuple[Fetched | None, str | None]:
        import httpx

        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(f"no whole answer within {self.options.timeout_s:g} s")
        try:
            with self.http.stream("GET", url, headers=headers, timeout=httpx.Timeout(left)) as resp:
                if resp.status_code in _REDIRECTS and resp.headers.get("Location"):
                    return None, resp.headers["Location"]
                if resp.status_code != 304 and not 200 <= resp.status_code < 300:
                    raise InputError(f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                body = b"" if resp.status_code == 304 else self._read(resp, deadline)
                h = resp.headers
                return Fetched(str(resp.url), resp.status_code, body, h.get("Content-Type", ""),
                               h.get("ETag"), h.get("Last-Modified")), None
        except httpx.TimeoutException as e:
            raise InputError(f"no whole answer within {self.options.timeout_s:g} s") from e
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as e:  # the last two are no HTTPError
            raise InputError(f"could not fetch the URL ({e or type(e).__name__})") from e

    def _read(self, resp, deadline: float) -> bytes:
        """The (decompressed) body, refused past ``max_bytes`` or past the deadline (checked on every chunk)."""
        chunks, size, cap = [], 0, self.options.max_bytes
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise InputError(f"response is over the {cap / 1024 / 1024:.0f} MB limit")
            if time.monotonic() > deadline:
                raise InputError(f"no whole answer within {self.options.timeout_s:g} s")
            chunks.append(chunk)
        return b"".join(chunks)


def fetch_document(url: str, max_bytes: int = MAX_BYTES, options: FetchOptions | None = None) -> Document:
    """The page at ``url`` as an HTML (or text) document; InputError with the reason when it fails or is refused."""
    from .formats import text_document

    options = options or FetchOptions()
    if max_bytes < options.max_bytes:
        options = FetchOptions(options.allow_private, options.timeout_s, max_bytes, options.max_redirects)
    with SafeHttp(options) as http:
        page = http.get(url, {"Accept": "text/html,text/plain;q=0.9"})
    charset = re.search(r"charset=\"?([\w-]+)", page.content_type)
    kind = "text" if page.content_type.startswith("text/plain") else "html"
    return text_document(url, page.body, kind, charset.group(1) if charset else None, {"url": page.url})
