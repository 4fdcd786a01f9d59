"""A dict that loads missing keys on first use: the story index of a large corpus, read from the store piecemeal.

Adding an article to a stored index touches a few stories, their postings and the features of their members;
loading the whole index for that grew with the corpus (13.5 MB of JSON at 1k articles, 0.9 s to read and 1.3 s
to write back). A ``LazyMap`` holds what was loaded or set, remembers what it deleted and which keys were set
(``changed``: what a write-back must store; a loaded value is stored already), and knows which keys the loader
had no value for, so each key costs at most one look-up.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

Loader = Callable[[list[str]], dict[str, Any]]
_UNSET = object()


class LazyMap(dict):
    """``dict`` whose missing keys are fetched by ``loader(keys) -> {key: value}``; ``prefetch`` fetches many."""

    def __init__(self, loader: Loader | None = None):
        super().__init__()
        self.loader = loader
        self.absent: set[str] = set()
        self.deleted: dict[str, Any] = {}  # key -> the value it had
        self.changed: set[str] = set()  # keys set (or deleted) since the map was made, not merely loaded

    def prefetch(self, keys: Iterable[str]) -> None:
        todo = sorted({k for k in keys if not dict.__contains__(self, k) and k not in self.absent
                       and k not in self.deleted})
        if self.loader is None or not todo:
            return
        found = self.loader(todo)
        for k in todo:
            if k in found:
                dict.__setitem__(self, k, found[k])
            else:
                self.absent.add(k)

    def __missing__(self, key: str) -> Any:
        self.prefetch([key])
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not dict.__contains__(self, key) and isinstance(key, str):
            self.prefetch([key])
        return dict.__contains__(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.absent.discard(key)
        self.deleted.pop(key, None)
        old = dict.get(self, key, _UNSET)
        if old is not value and old != value:  # ``refine`` sets every member's story, moved or not
            self.changed.add(key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        self.deleted[key] = dict.__getitem__(self, key)
        self.changed.add(key)
        dict.__delitem__(self, key)
