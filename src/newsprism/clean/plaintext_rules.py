"""Line rules for plain-text cleaning, loaded from ``boilerplate.toml`` (shipped defaults + an optional user file).

Like trafilatura's ``settings.cfg``, the patterns are data, not code: a user file with the same layout adds
rules (run before the shipped ones) and replaces limits or word lists.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import NewsprismError

_QUOTES = re.compile(r"[\"“”„«»]")


class RulesError(NewsprismError, ValueError):
    """A boilerplate rules file that cannot be used."""


@dataclass(frozen=True, slots=True)
class LineRule:
    """Remove a whole line that matches one of ``patterns``; ``reason`` is recorded with it.

    ``keywords`` is a cheap gate: when given, the patterns only run on lines holding one of them (lower case).
    """

    reason: str
    patterns: tuple[re.Pattern[str], ...]
    max_words: int = 40
    prose_ok: bool = False
    credit: bool = False
    keywords: tuple[str, ...] = ()

    def applies(self, words: int, quoted: bool) -> bool:
        """Whether the rule may fire on a line of ``words`` words (``quoted``: it holds quotation marks)."""
        return words <= self.max_words and (self.prose_ok or not quoted)

    def matches(self, line: str, lower: str) -> re.Match[str] | None:
        if self.keywords:
            for k in self.keywords:
                if k in lower:
                    break
            else:
                return None
        for pattern in self.patterns:
            m = pattern.search(line)
            if m:
                return m
        return None


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything plain-text cleaning is configured with."""

    rules: tuple[LineRule, ...]
    limits: dict[str, int] = field(default_factory=dict)
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    # (word count, holds quotes) -> the rules that may fire on such a line, in order; filled by ``load_rules``
    by_shape: dict[tuple[int, bool], tuple[LineRule, ...]] = field(default_factory=dict)

    def limit(self, name: str) -> int:
        return self.limits[name]

    def wordset(self, name: str) -> frozenset[str]:
        return self.words.get(name, frozenset())

    def first_match(self, line: str, words: int | None = None) -> tuple[LineRule, re.Match[str]] | None:
        """The first rule that fires on ``line`` (already stripped), with its match."""
        words = count_words(line) if words is None else words
        shape = (min(words, _MAX_SHAPE_WORDS), bool(_QUOTES.search(line)))
        candidates = self.by_shape.get(shape)
        if candidates is None:
            candidates = tuple(r for r in self.rules if r.applies(*shape))
        lower = line.lower()
        for rule in candidates:
            m = rule.matches(line, lower)
            if m:
                return rule, m
        return None


_MAX_SHAPE_WORDS = 201  # lines longer than any rule's max_words share one shape


def _rules_by_shape(rules: tuple[LineRule, ...]) -> dict[tuple[int, bool], tuple[LineRule, ...]]:
    """Which rules may fire on a line of each length, with and without quotes: checked once, not per line
    (measured: a third of the time of checking every rule on every line)."""
    return {(w, q): tuple(r for r in rules if r.applies(w, q))
            for w in range(_MAX_SHAPE_WORDS + 1) for q in (False, True)}


# Han, kana and Hangul: written without spaces, about two characters to a word.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(line: str) -> int:
    """Words in a line: space-separated tokens, plus one per two CJK characters (Chinese and Japanese put no
    spaces between words, so a whole paragraph would otherwise count as one word and read as a menu item)."""
    words = len(line.split())
    cjk = len(_CJK.findall(line)) if not line.isascii() else 0
    return words + cjk // 2


def _compile_patterns(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    """Line-start patterns joined in one alternation, the others in another (measured: about 2x faster than one
    search per pattern, as a mixed alternation would try the line-start branches at every position); patterns
    whose group names clash stay separate."""
    anchored = [p for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]
    out: list[re.Pattern[str]] = []
    for group in (anchored, floating):
        try:
            out += [re.compile("|".join(f"(?:{p})" for p in group), re.IGNORECASE)] if group else []
        except re.error:
            out += [re.compile(p, re.IGNORECASE) for p in group]
    return tuple(out)


def _compile_rule(entry: dict[str, Any], origin: str) -> LineRule:
    try:
        reason = entry["reason"]
        for p in entry["patterns"]:
            re.compile(p, re.IGNORECASE)
        patterns = _compile_patterns(entry["patterns"])
    except KeyError as e:
        raise RulesError(f"{origin}: a [[rule]] lacks {e.args[0]!r}; give it reason and patterns") from None
    except re.error as e:
        raise RulesError(f"{origin}: bad pattern in rule {entry.get('reason')!r}: {e}") from None
    keywords = tuple(k.lower() for k in entry.get("keywords", ()))
    return LineRule(reason, patterns, int(entry.get("max_words", 40)), bool(entry.get("prose_ok", False)),
                    bool(entry.get("credit", False)), keywords)


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"{origin}: not valid TOML ({e}); fix the file or drop it") from None


def _merge(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    return {
        "limits": {**base.get("limits", {}), **user.get("limits", {})},
        "words": {**base.get("words", {}), **user.get("words", {})},
        "rule": list(user.get("rule", [])) + list(base.get("rule", [])),
    }


def _build(config: dict[str, Any], origin: str) -> Rules:
    rules = tuple(_compile_rule(r, origin) for r in config.get("rule", []))
    words = {k: frozenset(w.lower() for w in v) for k, v in config.get("words", {}).items()}
    return Rules(rules, dict(config.get("limits", {})), words, _rules_by_shape(rules))


@lru_cache(maxsize=1)
def _shipped_config() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("boilerplate.toml").read_text(encoding="utf-8")
    return _read_toml(text, "boilerplate.toml (shipped)")


def load_rules(path: str | Path | None = None) -> Rules:
    """The shipped rules, or the shipped rules overridden by the TOML file at ``path``."""
    if path is None:
        return _load_cached(None, 0)
    p = Path(path)
    if not p.is_file():
        raise RulesError(f"{p}: no such rules file; pass the path of a TOML file like clean/boilerplate.toml")
    return _load_cached(str(p), p.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _load_cached(path: str | None, mtime_ns: int) -> Rules:
    """Built once per file version (the mtime is part of the key, so an edited file is read again)."""
    config = _shipped_config()
    if path is None:
        return _build(config, "boilerplate.toml (shipped)")
    user = _read_toml(Path(path).read_text(encoding="utf-8"), path)
    return _build(_merge(config, user), path)
