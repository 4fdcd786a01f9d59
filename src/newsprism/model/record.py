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
from typing import Any, Callable


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
        kwargs = {}
        for name, make in _plan(cls):
            if name in d:
                value = d[name]
                kwargs[name] = value if value is None or make is None else make(value)
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
def _plan(cls) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    """Each field of a record class with the function that rebuilds its JSON data (``_maker``)."""
    import sys

    hints = typing.get_type_hints(cls, vars(sys.modules[cls.__module__]))
    return tuple((f.name, _maker(hints[f.name])) for f in dataclasses.fields(cls))


def build(hint: Any, value: Any) -> Any:
    """``value`` (JSON data) rebuilt as the type ``hint`` names, where that type holds records."""
    if value is None:
        return None
    make = _maker(hint)
    return value if make is None else make(value)


@lru_cache(maxsize=None)
def _maker(hint: Any) -> Callable[[Any], Any] | None:
    """The function that rebuilds non-None JSON data as ``hint`` names, None where the data is kept as it is.
    Made once per type: reading each type's annotations again for every value was 1.13 s of decoding the 24,424
    findings of a 369-article thread (now 0.41 s, the same objects)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _maker(inner[0]) if len(inner) == 1 else None
    if isinstance(hint, type) and issubclass(hint, Record):
        return lambda v: hint.from_dict(v) if isinstance(v, dict) else v
    if origin is list:
        (arg,) = typing.get_args(hint) or (Any,)
        item = _maker(arg)
        return list if item is None else (lambda v: [None if x is None else item(x) for x in v])
    if origin is tuple:
        args = typing.get_args(hint)
        item = _maker(args[0]) if args else None
        return tuple if item is None else (lambda v: tuple(None if x is None else item(x) for x in v))
    if origin is frozenset:
        return frozenset
    if origin is dict:
        args = typing.get_args(hint)
        item = _maker(args[1]) if len(args) == 2 else None
        return dict if item is None else (lambda v: {k: None if x is None else item(x) for k, x in v.items()})
    return None
