"""http(s) URLs as inputs: fetched once, size-capped, decoded like files."""
from __future__ import annotations

import re
import urllib.error
import urllib.request

from ..errors import InputError
from ..model import Document
from .read import MAX_BYTES, decode

USER_AGENT = "newsprism/0.1 (+https://github.com/newsprism/newsprism)"
TIMEOUT_S = 30


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def fetch_document(url: str, max_bytes: int = MAX_BYTES) -> Document:
    """The page at ``url`` as an HTML (or text) document; InputError with the HTTP reason when it fails."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9"})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            ctype = resp.headers.get("Content-Type", "")
            data = resp.read(max_bytes + 1)
            final_url = resp.geturl()
    except urllib.error.HTTPError as e:
        raise InputError(f"HTTP {e.code} {e.reason}") from e
    except (urllib.error.URLError, OSError) as e:
        raise InputError(f"could not fetch the URL ({getattr(e, 'reason', e)})") from e
    if len(data) > max_bytes:
        raise InputError(f"response is over the {max_bytes // 1024 // 1024} MB limit")
    charset = re.search(r"charset=([\w-]+)", ctype)
    kind = "text" if ctype.startswith("text/plain") else "html"
    return Document(url, decode(data, charset.group(1) if charset else None), kind, {"url": final_url})
