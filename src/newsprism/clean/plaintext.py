"""Clean already-scraped plain text: boilerplate lines out (each kept with a reason), metadata in.

The input is one normalised document (NFC, plain spaces, ``\\n`` line ends). Every non-empty raw line ends up
either verbatim in ``Cleaned.text`` or in ``Cleaned.boilerplate`` with its 1-based line number and a reason.

Passes over the lines, each reading line features rather than fixed strings:
1. line rules from ``boilerplate.toml`` (advertisement markers, paywalls, share/follow prompts, "Read:" links,
   photo captions and credits, syndication credits ...), anywhere in the text;
2. the head (the lines before the first paragraph of running text): headline, byline, outlet label or masthead,
   date line;
3. repetition and layout: the headline repeated, short lines repeated many times, long runs of short
   non-sentence lines (menus), and short non-sentence lines after the last paragraph (tags, navigation).
4. the wire dateline opening the body ("WASHINGTON, March 3 (AP) —") is read as a credit; the line stays.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
import re

from ..model import Boilerplate
from .base import Cleaned
from .plaintext_meta import (
    Line, folded, is_paragraph, is_person_names, is_sentence, is_title_case, label_kind, make_line, parse_byline,
    parse_date_line, wire_dateline,
)
from .plaintext_rules import Rules, load_rules

_BULLET = re.compile(r"^\s*(?:[-*•·▪◦]|\d{1,2}[.)])\s+\w")
_INNER_SENTENCE_BREAK = re.compile(r"[a-z][.!?]\s+[A-Z]|[。！？]\s*\S")
_LOWER_START = re.compile(r"^\s*[a-z]")
# Date labels that say when a text was changed, not first published.
_UPDATE_LABELS = ("updated", "modified", "last")


@dataclass(slots=True)
class _Scan:
    """The lines of one document and what the passes decided about them."""

    lines: list[Line]
    rules: Rules
    reasons: dict[int, str] = field(default_factory=dict)  # index in ``lines`` -> reason it was removed
    credits: list[tuple[int, str]] = field(default_factory=list)
    outlets: list[tuple[int, int, str]] = field(default_factory=list)  # (rank, line no, name)
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    published_label: str | None = None
    published_via: str | None = None

    def kept(self, i: int) -> bool:
        return i not in self.reasons

    def remove(self, i: int, reason: str) -> None:
        self.reasons[i] = reason

    def add_outlet(self, rank: int, i: int, name: str | None) -> None:
        name = (name or "").strip(" .,:;|-–—")
        if name:
            self.outlets.append((rank, self.lines[i].no, name))


def clean_plain(text: str, rules: Rules | str | Path | None = None) -> Cleaned:
    """Split ``text`` into article body, removed boilerplate and metadata (see the module doc)."""
    if not isinstance(rules, Rules):
        rules = load_rules(rules)
    lines = [make_line(no, raw) for no, raw in enumerate(text.split("\n"), 1) if raw.strip()]
    scan = _Scan(lines, rules)
    apply_line_rules(scan)
    read_head(scan)
    drop_repeats(scan)
    drop_menu_runs(scan)
    drop_tail_fragments(scan)
    read_wire_dateline(scan)
    return _cleaned(scan)


# ---- pass 1: line rules ----

def apply_line_rules(scan: _Scan) -> None:
    """Remove every line a configured rule fires on; collect credits and outlets the rules name."""
    for i, line in enumerate(scan.lines):
        hit = scan.rules.first_match(line.text, line.words)
        if hit is None:
            continue
        rule, m = hit
        scan.remove(i, rule.reason)
        if rule.credit:
            scan.credits.append((line.no, line.text))
        if "outlet" in m.groupdict():
            scan.add_outlet(1, i, m.group("outlet"))


# ---- pass 2: the head ----

def read_head(scan: _Scan) -> None:
    """Read headline, byline, outlet and date from the lines above the first paragraph of running text."""
    limit = scan.rules.limit("head_lines")
    repeated = _repeated_texts(scan, range(min(limit, len(scan.lines))))
    for i in range(min(limit, len(scan.lines))):
        if scan.kept(i) and not _read_head_line(scan, i, repeated):
            return


def _repeated_texts(scan: _Scan, indexes: range) -> set[str]:
    counts = Counter(folded(scan.lines[i].text) for i in indexes if scan.kept(i))
    return {t for t, n in counts.items() if n > 1}


def _read_head_line(scan: _Scan, i: int, repeated: set[str]) -> bool:
    """Classify one head line; False when the body has started."""
    line = scan.lines[i]
    if _take_date_line(scan, i) or _take_byline(scan, i):
        return True
    if scan.title is None:
        return _before_title(scan, i, folded(line.text) in repeated)
    if folded(line.text) == folded(scan.title):
        scan.remove(i, "repeated_title")
        return True
    if is_paragraph(line, scan.rules.limit("paragraph_words")):
        return False
    _take_label(scan, i)
    return True


def _take_date_line(scan: _Scan, i: int) -> bool:
    found = parse_date_line(scan.lines[i].text, scan.rules)
    if not found:
        return False
    iso, label = found
    scan.remove(i, "dateline")
    if scan.published is None or (_is_update(scan.published_label) and not _is_update(label)):
        scan.published, scan.published_label, scan.published_via = iso, label, "dateline"
    return True


def _is_update(label: str | None) -> bool:
    return bool(label) and label.startswith(_UPDATE_LABELS)


def _take_byline(scan: _Scan, i: int) -> bool:
    found = parse_byline(scan.lines[i].text, scan.rules)
    if found:
        _record_byline(scan, i, found)
    return found is not None


def _before_title(scan: _Scan, i: int, repeated: bool) -> bool:
    """Above the headline: the headline itself, or masthead / navigation furniture."""
    line = scan.lines[i]
    kind = label_kind(line.text, scan.rules)
    masthead = (kind == "org" or (kind and repeated)) and _headline_follows(scan, i)
    if _is_headline(line, scan.rules) and not masthead:
        scan.title = line.text
        scan.remove(i, "title")
        return True
    if masthead:
        scan.remove(i, "outlet")
        scan.add_outlet(0, i, line.text)
        return True
    if kind or (line.words <= 3 and not is_sentence(line.text)):
        scan.remove(i, "site_navigation")
        return True
    return False


def _headline_follows(scan: _Scan, i: int, window: int = 4) -> bool:
    """One of the next few kept lines is shaped like a headline and not like a label."""
    later = [j for j in range(i + 1, min(i + 1 + 2 * window, len(scan.lines))) if scan.kept(j)][:window]
    return any(_is_headline(scan.lines[j], scan.rules) and not label_kind(scan.lines[j].text, scan.rules)
               for j in later)


def _is_headline(line: Line, rules: Rules) -> bool:
    """Short enough, not a label, and not running text (a headline may end in a period: "Again.")."""
    if not 3 <= line.words <= rules.limit("title_max_words") or line.text.endswith((":", ",")):
        return False
    if not line.text.endswith((".", "。")):
        return True
    if is_title_case(line.text):
        return True
    return line.words <= 12 or (line.words <= 20 and not _INNER_SENTENCE_BREAK.search(line.text))


def _take_label(scan: _Scan, i: int) -> None:
    """Below the headline: a name-shaped line is the byline, an outlet-shaped one the outlet label."""
    if scan.byline is None and _take_name_line(scan, i):
        return
    text = scan.lines[i].text
    kind = label_kind(text, scan.rules)
    if kind and not any(rank == 0 for rank, _, _ in scan.outlets):
        scan.remove(i, "outlet")
        scan.add_outlet(0, i, text)
    elif kind and any(folded(name) == folded(text) for _, _, name in scan.outlets):
        scan.remove(i, "outlet")


def _take_name_line(scan: _Scan, i: int) -> bool:
    """"Jane Doe", "Jane Doe | Staff Writer", "Jane Doe and John Roe, Reuters": a byline without "By"."""
    text = scan.lines[i].text
    found = parse_byline(text, scan.rules, need_by=False)
    if found is None and " " in text and is_person_names(text, scan.rules):
        found = (text, None, None)
    if found is None:
        return False
    _record_byline(scan, i, found)
    return True


def _record_byline(scan: _Scan, i: int, found: tuple[str, str | None, str | None]) -> None:
    name, outlet, iso = found
    scan.remove(i, "byline")
    scan.byline = scan.byline or name
    scan.add_outlet(2, i, outlet)
    if iso and scan.published is None:
        scan.published, scan.published_via = iso, "dateline"


# ---- pass 3: repetition and the tail ----

def drop_repeats(scan: _Scan) -> None:
    """The headline or outlet label repeated anywhere, and short non-sentence lines seen many times."""
    title = folded(scan.title) if scan.title else None
    outlet_labels = {folded(name) for rank, _, name in scan.outlets if rank == 0}
    short = 6
    counts = Counter(folded(line.text) for line in scan.lines if line.words <= short and not is_sentence(line.text))
    longest = max(short, scan.rules.limit("label_max_words"), len(title.split()) if title else 0)
    for i, line in enumerate(scan.lines):
        if not scan.kept(i) or line.words > longest:  # a repeat has as many words as what it repeats
            continue
        key = folded(line.text)
        if key == title:
            scan.remove(i, "repeated_title")
        elif key in outlet_labels:
            scan.remove(i, "outlet")
        elif counts.get(key, 0) >= scan.rules.limit("repeated_line_min"):
            scan.remove(i, "repeated_line")


def drop_menu_runs(scan: _Scan) -> None:
    """A run of many short non-sentence lines in a row (a menu, a list of section links) is navigation."""
    run: list[int] = []
    for i in [i for i in range(len(scan.lines)) if scan.kept(i)] + [-1]:
        if i >= 0 and _is_menu_item(scan.lines[i], scan.rules):
            run.append(i)
            continue
        if len(run) >= scan.rules.limit("menu_run_min"):
            for j in run:
                scan.remove(j, "site_navigation")
        run = []


def _is_menu_item(line: Line, rules: Rules) -> bool:
    return line.words <= rules.limit("menu_item_words") and not is_sentence(line.text) and not _BULLET.match(line.text)


def drop_tail_fragments(scan: _Scan) -> None:
    """After the last paragraph of running text, short lines that are not sentences are page furniture."""
    last = _last_paragraph(scan)
    if last is None:
        return
    for i in range(last + 1, len(scan.lines)):
        if scan.kept(i) and _is_fragment(scan, i):
            scan.remove(i, _fragment_reason(scan, i))


def _last_paragraph(scan: _Scan) -> int | None:
    return max(_paragraph_indexes(scan), default=None)


def _paragraph_indexes(scan: _Scan) -> list[int]:
    """Indexes of kept lines of running text."""
    min_words = scan.rules.limit("paragraph_words")
    return [i for i, line in enumerate(scan.lines) if scan.kept(i) and is_paragraph(line, min_words)]


def _is_fragment(scan: _Scan, i: int) -> bool:
    """Short, not a sentence, not a list item, and not part of wrapped prose (lower-case start, here or next)."""
    line = scan.lines[i]
    if is_sentence(line.text) or _BULLET.match(line.text) or _LOWER_START.match(line.text):
        return False
    nxt = next((scan.lines[j] for j in range(i + 1, len(scan.lines)) if scan.kept(j)), None)
    if nxt is not None and nxt.no == line.no + 1 and _LOWER_START.match(nxt.text):
        return False
    return line.words <= scan.rules.limit("tail_fragment_words")


def _fragment_reason(scan: _Scan, i: int) -> str:
    """Headlines under a "Related" line are links too; comma or bar lists are tags; the rest navigation."""
    before = next((scan.reasons[j] for j in range(i - 1, -1, -1)
                   if scan.reasons.get(j, "repeated_title") != "repeated_title"), None)
    if before == "related_link":
        return "related_link"
    return "category_tags" if any(c in scan.lines[i].text for c in ",|/") else "site_navigation"


def read_wire_dateline(scan: _Scan) -> None:
    """A "PLACE, Date (AGENCY) —" opening of the first body paragraph is a wire credit (the line stays)."""
    first = next((i for i in range(len(scan.lines)) if scan.kept(i)), None)
    found = wire_dateline(scan.lines[first].text) if first is not None else None
    if not found:
        return
    credit, iso = found
    scan.credits.append((scan.lines[first].no, credit))
    if iso and scan.published is None:
        scan.published, scan.published_via = iso, "dateline"


# ---- result ----

def _body_text(scan: _Scan) -> str:
    """Kept lines verbatim; a line that runs on (no sentence end, next starts lower-case) joins with one newline."""
    kept = [scan.lines[i] for i in range(len(scan.lines)) if scan.kept(i)]
    parts: list[str] = []
    for k, line in enumerate(kept):
        if k:
            prev = kept[k - 1]
            runs_on = prev.no + 1 == line.no and not is_sentence(prev.text) and _LOWER_START.match(line.raw)
            parts.append("\n" if runs_on else "\n\n")
        parts.append(line.raw)
    return "".join(parts)


def _outlet(scan: _Scan) -> str | None:
    """The best-ranked outlet; one a rule found inside the body (a chart's "Source: ...") does not count."""
    paragraphs = [scan.lines[i].no for i in _paragraph_indexes(scan)]
    first, last = (paragraphs[0], paragraphs[-1]) if paragraphs else (0, 0)
    outside = [o for o in scan.outlets if o[0] != 1 or not first < o[1] < last]
    return min(outside)[2] if outside else None


def _cleaned(scan: _Scan) -> Cleaned:
    outlet = _outlet(scan)
    removed = [Boilerplate(scan.lines[i].raw, reason, scan.lines[i].no) for i, reason in sorted(scan.reasons.items())]
    return Cleaned(
        text=_body_text(scan),
        title=scan.title,
        byline=scan.byline,
        outlet=outlet,
        published=scan.published,
        published_via=scan.published_via,
        credits=[text for _, text in sorted(scan.credits)],
        boilerplate=removed,
    )
