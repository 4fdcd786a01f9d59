"""Budgets that keep one hostile document from holding a batch: a size budget on the cleaned text and a time
budget on cleaning it (a forked worker, stopped when it runs over)."""
from __future__ import annotations

import os
import pickle
import re
import select
import signal
import time
from typing import Callable, TypeVar

from ..errors import InputError
from ..model import Boilerplate

T = TypeVar("T")
_LONG_RUN = {}  # max_run_chars -> compiled pattern


def _long_run(n: int) -> re.Pattern[str]:
    if n not in _LONG_RUN:
        _LONG_RUN[n] = re.compile(rf"\S{{{n + 1}}}")
    return _LONG_RUN[n]


def drop_unbroken_runs(text: str, max_run_chars: int) -> tuple[str, list[Boilerplate]]:
    """Lines holding more than ``max_run_chars`` characters without a space are not prose (``'!' * 30000``, a
    base64 blob): out, each kept as a boilerplate record (cut for display; the raw document keeps it whole)."""
    if not _long_run(max_run_chars).search(text):
        return text, []
    kept, removed = [], []
    for no, line in enumerate(text.split("\n"), 1):
        if _long_run(max_run_chars).search(line):
            removed.append(Boilerplate(_shown(line), "unbroken_run", no))
        else:
            kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n"), removed


def _shown(line: str, n: int = 200) -> str:
    return line if len(line) <= n else f"{line[:n]}… [{len(line)} characters]"


def cap_text(text: str, max_chars: int) -> tuple[str, list[Boilerplate]]:
    """At most ``max_chars`` of ``text``, cut at the last paragraph (else line, else space) break before it."""
    if len(text) <= max_chars:
        return text, []
    cut = max(text.rfind("\n\n", 0, max_chars), 0) or max(text.rfind("\n", 0, max_chars), 0) \
        or max(text.rfind(" ", 0, max_chars), 0) or max_chars
    note = (f"[{len(text) - cut} characters after the first {cut} not analysed: over the text budget of "
            f"{max_chars} characters; the raw document keeps them]")
    return text[:cut].rstrip(), [Boilerplate(note, "over_text_budget")]


def within_time(fn: Callable[..., T], args: tuple, seconds: float) -> T:
    """``fn(*args)`` in a forked child, stopped after ``seconds`` (InputError "took longer than N s").
    Exceptions in the child come back as ``InputError`` with their type and message."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send the pickled outcome, leave without cleanup handlers
        os.close(r)
        try:
            outcome = (True, fn(*args))
        except BaseException as e:  # noqa: BLE001 - everything goes back to the parent
            outcome = (False, e if isinstance(e, InputError) else InputError(
                f"internal error while cleaning ({type(e).__name__}: {str(e)[:200]}); please report it"))
        with os.fdopen(w, "wb") as f:
            f.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        os._exit(0)
    os.close(w)
    try:
        data = _read_until(r, time.monotonic() + seconds)
    finally:
        os.close(r)
        _reap(pid)
    if data is None:
        raise InputError(f"took longer than {seconds:g} s to clean; split the document or raise the time budget")
    ok, value = pickle.loads(data) if data else (False, InputError("the cleaning worker died (out of memory?)"))
    if not ok:
        raise value
    return value


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes until it closes the pipe, or None when the deadline passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Stop the child if it still runs, and collect it (no zombie)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
