"""Typed findings and their one conversion to and from JSON-able dicts (the edges: ``report/`` and ``store/``).

Every finding class is a slotted dataclass deriving from ``Record``. ``to_dict`` turns it (and what it holds) into
plain JSON values; ``from_dict`` rebuilds it, nested records included, from its field annotations. Stages pass the
typed objects to one another; only the report writers and the store call these.
"""
from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from functools import lru_cache
from typing import Any


def finding_id(prefix: str, *parts: Any) -> str:
    """A stable, content-derived id: ``prefix`` + 12 hex digits of a hash of ``parts``.

    Built only from what the finding is (article ids, offsets, kind, normalised names), never from a counter or
    the order of a run, so the same input gives the same ids on every run and machine, and ids of separate runs
    merge.
    """
    key = "\x1f".join(str(p) for p in parts)
    return f"{prefix}{hashlib.sha256(key.encode('utf-8')).hexdigest()[:12]}"


class Record:
    """Mixin of the finding dataclasses: ``to_dict`` / ``from_dict``."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {name: plain(getattr(self, name)) for name in _field_names(type(self))}

    @classmethod
    def from_dict(cls, d: dict[str, Any]):
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in d:
                kwargs[f.name] = build(hints[f.name], d[f.name])
        return cls(**kwargs)


_SCALARS = frozenset((str, int, float, bool, type(None)))


@lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def plain(value: Any) -> Any:
    """``value`` as JSON-able data: records by ``to_dict``, tuples and sets as lists (sets sorted). Scalars, most
    of what a finding holds, return first (storing a 1,222-article thread called this 5.8 M times)."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    return value


@lru_cache(maxsize=None)
def _hints(cls) -> dict[str, Any]:
    import sys

    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, vars(module))


def build(hint: Any, value: Any) -> Any:
    """``value`` (JSON data) rebuilt as the type ``hint`` names, where that type holds records."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return build(inner[0], value) if len(inner) == 1 else value
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value) if isinstance(value, dict) else value
    if origin is list:
        (arg,) = typing.get_args(hint) or (Any,)
        return [build(arg, v) for v in value]
    if origin is tuple:
        args = typing.get_args(hint)
        return tuple(build(args[0], v) for v in value) if args else tuple(value)
    if origin is frozenset:
        return frozenset(value)
    if origin is dict:
        args = typing.get_args(hint)
        return {k: build(args[1], v) for k, v in value.items()} if len(args) == 2 else dict(value)
    return value
