"""One entity per person, organisation or place across the corpus, with all the forms it goes by.

Full names ("Ana Costa") anchor people across articles; a bare name ("Costa", "Mr Lee") goes to the nearest
full name in the same article that contains it (Chinese names lead with the family name, Western names end
with it), else to the only such full name in the corpus. Role descriptions ("the Chinese leader") go to the
most mentioned person whose titles fit. Garbled forms that the reuse stage flagged join the intended person.
"""
from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import finding_id, Entity, Mention
from .entities import Description, Naming
from .lexicon import ROLE_NOUN_FITS, country_of


@dataclass(slots=True)
class Draft:
    """An entity being assembled: counts of its forms, titles and countries, and its mentions."""

    key: str
    type: str
    names: Counter = field(default_factory=Counter)
    forms: dict[str, str] = field(default_factory=dict)  # surface form -> kind
    titles: Counter = field(default_factory=Counter)
    countries: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)
    extra: dict[str, dict] = field(default_factory=dict)  # form -> extra alias fields (garbled ...)

    def add(self, mention: Mention, form_kind: str = "name") -> None:
        self.mentions.append(mention)
        self.forms.setdefault(flat(mention.text), form_kind)


def flat(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand names are keyed again for every bare name
def name_key(text: str) -> str:
    return flat(text).lower().replace(".", "")


def initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in ("of", "the", "and", "for"))


class EntityIndex:
    """Builds entities and answers which entity a span of an article belongs to."""

    def __init__(self) -> None:
        self.drafts: dict[str, Draft] = {}
        self.spans: dict[str, list[tuple[int, int, str]]] = {}  # article -> (start, end, key)

    def draft(self, key: str, type_: str) -> Draft:
        if key not in self.drafts:
            self.drafts[key] = Draft(key, type_)
        return self.drafts[key]

    def attach(self, key: str, type_: str, mention: Mention, kind: str = "name") -> None:
        self.draft(key, type_).add(mention, kind)
        self.spans.setdefault(mention.article, []).append((mention.start, mention.end, key))

    def name(self, key: str, text: str, count: int = 1) -> None:
        """Count ``text`` as a name of the entity ``key`` (a count of 0 still lists it among the names)."""
        self.drafts[key].names[flat(text)] += count

    def key_at(self, article: str, start: int, end: int) -> str | None:
        """The entity key of the narrowest mention overlapping ``[start, end)`` in an article."""
        best = None
        for s, e, key in self.spans.get(article, ()):
            if s < end and start < e and (best is None or e - s < best[1] - best[0]):
                best = (s, e, key)
        return best[2] if best else None

    def spans_of(self, article: str) -> list[tuple[int, int, str]]:
        """The ``(start, end, key)`` mentions of one article, in the order they were attached."""
        return self.spans.get(article, [])

    def type_of(self, key: str | None) -> str | None:
        return self.drafts[key].type if key in self.drafts else None

    def known_person(self, token: str, article: str) -> str | None:
        """The person a bare family name stands for: most mentioned in ``article``, else in the corpus."""
        cands = bare_name_candidates(token, [k for k, d in self.drafts.items() if d.type == "PERSON"])
        if not cands:
            return None

        def weight(key: str) -> tuple[int, int]:
            mentions = self.drafts[key].mentions
            return sum(1 for m in mentions if m.article == article), len(mentions)
        return max(cands, key=weight)

    def same_surname(self, key: str) -> str | None:
        """The first entity whose key ends with the last word of ``key``."""
        return next((k for k in self.drafts if k.split()[-1] == key.split()[-1]), None)


class Journal:
    """One article's reading of an ``EntityIndex``, written down so a later run can replay it: the index
    state the reading started from (the article's mentions), each answer it depended on, and each change it
    made, in order. ``replay`` redoes the changes on another index when every answer is still the same there,
    so a thread that gains articles re-reads only the articles whose answers changed."""

    def __init__(self, index: EntityIndex, article: str) -> None:
        self.index, self.article = index, article
        self.start = _span_digest(index.spans_of(article))
        self.log: list[list] = []
        self._typed: set[str | None] = set()

    # answers that do not leave the article (its own mentions) need no entry
    def key_at(self, article: str, start: int, end: int) -> str | None:
        return self.index.key_at(article, start, end)

    def spans_of(self, article: str) -> list[tuple[int, int, str]]:
        return self.index.spans_of(article)

    def type_of(self, key: str | None) -> str | None:
        got = self.index.type_of(key)
        if key not in self._typed:  # a draft's type never changes once made, so the first answer is enough
            self._typed.add(key)
            self.log.append(["type", key, got])
        return got

    def known_person(self, token: str, article: str) -> str | None:
        got = self.index.known_person(token, article)
        self.log.append(["person", token, article, got])
        return got

    def same_surname(self, key: str) -> str | None:
        got = self.index.same_surname(key)
        self.log.append(["surname", key, got])
        return got

    def attach(self, key: str, type_: str, mention: Mention, kind: str = "name") -> None:
        self.index.attach(key, type_, mention, kind)
        self.log.append(["attach", key, type_, mention.article, mention.start, mention.end, mention.text, kind])

    def name(self, key: str, text: str, count: int = 1) -> None:
        self.index.name(key, text, count)
        self.log.append(["name", key, text, count])

    def to_json(self) -> dict:
        return {"start": self.start, "log": self.log}


def _span_digest(spans) -> str:
    return hashlib.blake2b(repr(list(spans)).encode(), digest_size=12).hexdigest()


def replay(index: EntityIndex, article: str, journal: dict) -> bool:
    """Redo a ``Journal`` of ``article`` (``to_json``) on ``index``; False, with ``index`` left as it was, when
    the article's mentions or any answer differ there (the article must then be read again)."""
    if _span_digest(index.spans_of(article)) != journal["start"]:
        return False
    undo: list = []
    for entry in journal["log"]:
        kind = entry[0]
        if kind == "attach":
            key, type_, aid, start, end, text, form_kind = entry[1:]
            new_draft = key not in index.drafts
            new_spans = aid not in index.spans
            new_form = new_draft or flat(text) not in index.drafts[key].forms
            index.attach(key, type_, Mention(aid, start, end, text), form_kind)
            undo.append(("attach", key, aid, flat(text), new_draft, new_spans, new_form))
        elif kind == "name":
            key, text, count = entry[1:]
            names = index.drafts[key].names
            form = flat(text)
            undo.append(("name", key, form, form in names, names.get(form, 0)))
            index.name(key, text, count)
        elif (kind == "type" and index.type_of(entry[1]) != entry[2]
              or kind == "person" and index.known_person(entry[1], entry[2]) != entry[3]
              or kind == "surname" and index.same_surname(entry[1]) != entry[2]):
            _undo(index, undo)
            return False
    return True


def _undo(index: EntityIndex, undo: list) -> None:
    for step in reversed(undo):
        if step[0] == "attach":
            _, key, aid, form, new_draft, new_spans, new_form = step
            if new_draft:
                del index.drafts[key]
            else:
                index.drafts[key].mentions.pop()
                if new_form:
                    del index.drafts[key].forms[form]
            index.spans[aid].pop()
            if new_spans:
                del index.spans[aid]
        else:
            _, key, form, had, count = step
            if had:
                index.drafts[key].names[form] = count
            else:
                del index.drafts[key].names[form]


def person_tokens(key: str) -> list[str]:
    return key.split()


def full_person_keys(namings: list[Naming]) -> Counter:
    return Counter(name_key(n.core) for n in namings if n.label == "PERSON" and len(n.core.split()) >= 2)


def add_full_names(index: EntityIndex, namings: list[Naming]) -> None:
    for n in namings:
        if n.label == "PERSON" and len(n.core.split()) >= 2:
            record_person(index, name_key(n.core), n)


def record_person(index: EntityIndex, key: str, n: Naming) -> None:
    d = index.draft(key, "PERSON")
    index.attach(key, "PERSON", Mention(n.article, n.start, n.end, n.text), "title" if n.title else "name")
    d.forms.setdefault(flat(n.core), "name")
    d.names[flat(n.core)] += 1
    if n.title:
        d.titles[flat(n.title)] += 1
    if n.country:
        d.countries[n.country] += 1


def bare_name_candidates(token: str, keys) -> list[str]:
    t = token.lower().replace(".", "")
    return [k for k in keys if t in (k.split()[0], k.split()[-1])]


def by_end_word(keys) -> dict[str, list[str]]:
    """``bare_name_candidates`` of every word at once: a word -> the keys it begins or ends, in ``keys`` order
    (one scan of the keys instead of one per bare name)."""
    out: dict[str, list[str]] = {}
    for k in keys:
        words = k.split()
        for w in dict.fromkeys((words[0], words[-1])):
            out.setdefault(w, []).append(k)
    return out


def nearest_key(n: Naming, candidates: list[str], full_in_article: list[Naming]) -> str | None:
    """Of the candidate full names, the one written last before ``n`` in its article (else first after)."""
    before = [f for f in full_in_article if name_key(f.core) in candidates and f.start < n.start]
    if before:
        return name_key(max(before, key=lambda f: f.start).core)
    after = [f for f in full_in_article if name_key(f.core) in candidates]
    return name_key(min(after, key=lambda f: f.start).core) if after else None


def resolve_bare_name(n: Naming, full_in_article: list[Naming], corpus_keys: Counter,
                      corpus_words: dict[str, list[str]]) -> str:
    """The key of a bare name; ``corpus_words``: ``by_end_word(corpus_keys)``."""
    token = n.core.split()[-1] if len(n.core.split()) == 1 else n.core
    local = nearest_key(n, bare_name_candidates(token, {name_key(f.core) for f in full_in_article}),
                        full_in_article)
    if local:
        return local
    corpus = corpus_words.get(token.lower().replace(".", ""), [])
    if corpus:
        return max(corpus, key=lambda k: (corpus_keys[k], k))
    return name_key(n.core)


def add_bare_names(index: EntityIndex, by_article: dict[str, list[Naming]], corpus_keys: Counter,
                   blocked: dict[str, list[tuple[int, int]]]) -> None:
    """Single-word person names (and ORG/NORP misreadings of a known surname) joined to full names."""
    surnames = {t for k in corpus_keys for t in (k.split()[0], k.split()[-1])}
    mostly_people = untagged_surnames([n for ns in by_article.values() for n in ns])
    words = by_end_word(corpus_keys)
    for article, namings in by_article.items():
        full = [n for n in namings if n.label == "PERSON" and len(n.core.split()) >= 2]
        for n in namings:
            single = len(n.core.split()) == 1
            is_person = n.label == "PERSON" or name_key(n.core) in surnames and (
                n.label == "ORG" or n.core in mostly_people)
            if not (single and is_person) or overlaps_any(n, blocked.get(article, [])):
                continue
            record_person(index, resolve_bare_name(n, full, corpus_keys, words), n)


def untagged_surnames(namings: list[Naming]) -> set[str]:
    """Single-word names tagged PERSON more often than anything else: safe to find by string search."""
    person = Counter(n.core for n in namings if n.label == "PERSON" and len(n.core.split()) == 1)
    other = Counter(n.core for n in namings if n.label != "PERSON")
    return {t for t, c in person.items() if c > other[t] and len(t) > 2 and t[0].isupper() and t.isalpha()}


def add_untagged_names(index: EntityIndex, by_article: dict[str, list[Naming]], texts: dict[str, str],
                       corpus_keys: Counter, blocked: dict[str, list[tuple[int, int]]]) -> None:
    """Occurrences of known surnames the tagger missed ("Okafor" in a sentence it read as a place)."""
    every = [n for ns in by_article.values() for n in ns]
    tokens = untagged_surnames(every)
    if not tokens:
        return
    rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(tokens))) + r")(?![\w])(?! [A-Z])")
    words = by_end_word(corpus_keys)
    for article, namings in by_article.items():
        taken = [(n.start, n.end) for n in namings] + blocked.get(article, [])
        full = [n for n in namings if n.label == "PERSON" and len(n.core.split()) >= 2]
        text = texts.get(article, "")
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken) or re.search(r"[A-Z]\w* $", text[:m.start()]):
                continue
            n = Naming(article, m.start(), m.end(), m.group(1), "PERSON", m.start(), m.end(), m.group(1))
            record_person(index, resolve_bare_name(n, full, corpus_keys, words), n)


def relabel_person_like(namings: list[Naming]) -> None:
    """"Ngozi Okafor" read as a building: a two- or three-word name ending in a known person's name."""
    people = untagged_surnames(namings)
    for n in namings:
        words = n.core.split()
        if n.label != "PERSON" and 2 <= len(words) <= 3 and words[-1] in people \
                and all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
            n.label = "PERSON"


def overlaps_any(n, spans) -> bool:
    return any(s < n.end and n.start < e for s, e in spans)


def place_or_org_key(core: str, keys: Counter, by_initials: dict[str, list[str]]) -> str:
    """An acronym ("U.N.") joins the most named multi-word name with those initials (ties: alphabetical, so
    every run resolves it the same way); ``by_initials``: ``initials_of(keys)``."""
    key = re.sub(r"^the ", "", name_key(core))
    if key.isalpha() and len(key) <= 6 and core.replace(".", "").isupper():
        matches = by_initials.get(key, [])
        if matches:
            return max(matches, key=lambda k: (keys[k], k))
    return key


def initials_of(keys) -> dict[str, list[str]]:
    """The initials of each multi-word key -> those keys (an acronym's candidates without a scan per acronym)."""
    out: dict[str, list[str]] = {}
    for k in keys:
        if len(k.split()) > 1:
            out.setdefault(initials(k), []).append(k)
    return out


def add_places_and_orgs(index: EntityIndex, namings: list[Naming], person_keys, mostly_people) -> None:
    others = [n for n in namings if n.label != "PERSON" and not (name_key(n.core) in person_keys
                                                                  and (n.label == "ORG" or n.core in mostly_people))]
    multiword = Counter(re.sub(r"^the ", "", name_key(n.core)) for n in others if len(n.core.split()) > 1)
    acronyms = initials_of(multiword)
    for n in others:
        key = place_or_org_key(n.core, multiword, acronyms)
        if key in index.drafts and index.drafts[key].type == "PERSON":
            continue
        d = index.draft(key, n.label)
        index.attach(key, d.type, Mention(n.article, n.core_start, n.core_end, n.core))
        d.names[flat(n.core)] += 1


def intended_key(intended: str, index: EntityIndex) -> str | None:
    key = name_key(intended.split(" (")[0])
    if key in index.drafts:
        return key
    persons = [k for k, d in index.drafts.items() if d.type == "PERSON"]
    cands = bare_name_candidates(key.split()[-1], persons) or bare_name_candidates(key.split()[0], persons)
    return max(cands, key=lambda k: len(index.drafts[k].mentions)) if cands else None


def add_garbled(index: EntityIndex, garbled: list[dict], texts: dict[str, str]) -> None:
    """Attach flagged garbled names (from the reuse stage's provenance signals) to the intended person."""
    for g in garbled:
        text = texts.get(g["article"], "")
        if text[g["start"]:g["end"]] != g["text"]:
            continue
        key = intended_key(g["intended"], index)
        if key is None:
            continue
        index.attach(key, "PERSON", Mention(g["article"], g["start"], g["end"], g["text"]), "garbled")
        index.drafts[key].extra[flat(g["text"])] = {"garbled": True, "intended": g["intended"]}


def title_fits(role: str, titles: list[str]) -> bool:
    lows = [t.lower().replace("defence", "defense") for t in titles]
    if any(role in t for t in lows):
        return True
    fits = ROLE_NOUN_FITS.get(role, ())
    return any(f in t for f in fits for t in lows)


def person_country(d: Draft) -> str | None:
    if d.countries:
        return d.countries.most_common(1)[0][0]
    keys = [country_of(w) for t in d.titles for w in t.split()]
    return next((k for k in keys if k), None)


def resolve_description(desc: Description, index: EntityIndex) -> str | None:
    """The person a role description stands for: fitting title, same country, most mentioned (unique)."""
    scored = []
    for key, d in index.drafts.items():
        if d.type != "PERSON" or not d.titles or not title_fits(desc.role, list(d.titles)):
            continue
        if desc.country and person_country(d) != desc.country:
            continue
        local = sum(1 for m in d.mentions if m.article == desc.article)
        scored.append((local, len(d.mentions), key))
    if not scored:
        return None
    scored.sort(reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None
    if scored[0][0] == 0 and len(scored) > 1:
        return None  # nobody fitting in this article and several in the corpus
    return scored[0][2]


def add_descriptions(index: EntityIndex, descriptions: list[Description]) -> None:
    for desc in descriptions:
        key = resolve_description(desc, index)
        if key:
            index.attach(key, "PERSON", Mention(desc.article, desc.start, desc.end, desc.text), "role")


def add_offtext_names(index: EntityIndex, offtext: list[tuple[str, Naming]]) -> None:
    """Full person names found outside the body (byline, captions, credits) become aliases, not mentions."""
    for where, n in offtext:
        if n.label != "PERSON" or len(n.core.split()) < 2:
            continue
        key = name_key(n.core)
        d = index.draft(key, "PERSON")
        d.names[flat(n.core)] += 0
        for form in dict.fromkeys((flat(n.text), flat(n.core))):  # in this order: sets differ between processes
            if form not in d.forms:
                d.forms[form] = where
                d.extra[form] = {"outside_text": True}


def canonical_name(d: Draft) -> str:
    if d.names:
        longest = max(len(n.split()) for n in d.names)
        return max((n for n in d.names if len(n.split()) == longest), key=lambda n: (d.names[n], n))
    return next(iter(d.forms), d.key)


def to_entities(index: EntityIndex, scope: str = "") -> tuple[list[Entity], dict[str, str]]:
    """Entities ordered by type then mention count, with ids; also the key -> id map.

    An id derives from the scope the entities were resolved in (a thread), the type and the name key, so the
    same corpus gives the same ids on every run."""
    drafts = sorted(index.drafts.values(), key=lambda d: (d.type != "PERSON", -len(d.mentions), d.key))
    out, ids = [], {}
    for d in drafts:
        ids[d.key] = finding_id("e", scope, d.type, d.key)
        aliases = [{"text": f, "kind": k, **d.extra.get(f, {})} for f, k in d.forms.items()]
        # a total order: a set's iteration order varies between processes (string hashes are salted)
        mentions = sorted(set(d.mentions), key=lambda m: (m.article, m.start, m.end, m.text))
        out.append(Entity(ids[d.key], canonical_name(d), d.type, aliases,
                          [t for t, _ in d.titles.most_common()], mentions, f"{d.type}:{d.key}", scope or None))
    return out, ids


def build_index(namings: dict[str, list[Naming]], descriptions: dict[str, list[Description]],
                garbled: list[dict], texts: dict[str, str],
                offtext: list[tuple[str, Naming]] | None = None) -> EntityIndex:
    """All namings of all articles -> an index of corpus entities (see the module docstring)."""
    index = EntityIndex()
    every = [n for ns in namings.values() for n in ns]
    relabel_person_like(every)
    corpus_keys = full_person_keys(every)
    add_full_names(index, every)
    blocked: dict[str, list[tuple[int, int]]] = {}
    for g in garbled:
        blocked.setdefault(g["article"], []).append((g["start"], g["end"]))
    add_bare_names(index, namings, corpus_keys, blocked)
    add_untagged_names(index, namings, texts, corpus_keys, blocked)
    add_garbled(index, garbled, texts)
    person_keys = {k for k, d in index.drafts.items() if d.type == "PERSON"} | {
        t for k in corpus_keys for t in (k.split()[0], k.split()[-1])}
    add_places_and_orgs(index, every, person_keys, untagged_surnames(every))
    add_descriptions(index, [d for ds in descriptions.values() for d in ds])
    add_offtext_names(index, offtext or [])
    return index
