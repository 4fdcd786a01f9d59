"""Who a clause is about: the entity behind a subject token, with pronouns and descriptions resolved.

``Speakers`` reads one parsed article against the corpus ``EntityIndex``. It keeps the running list of
main-clause subjects outside quotation marks, so "he said" goes to the nearest fitting named person
before it, "the commentator says" to the commentator introduced earlier, and "a statement from the State
Department said" to the State Department.
"""
from __future__ import annotations

from bisect import bisect_left

from ..model import Mention
from .aliases import EntityIndex, Journal, flat
from .lexicon import DOCUMENT_NOUNS, HONORIFICS, ROLE_WORDS, is_source_noun

PERSON_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they"}
RELATIVES = {"who", "which", "that", "whom"}
ORG_HEADS = frozenset("ministry department government office agency committee council commission "
                      "administration embassy party board court parliament congress senate house".split())
SUBJECT_DEPS = ("nsubj", "nsubjpass")


class Speakers:
    def __init__(self, article, doc, index: EntityIndex | Journal, quote_ranges: list[tuple[int, int]]) -> None:
        self.article, self.doc, self.index = article, doc, index
        self.quote_ranges = sorted(quote_ranges)
        self._starts = [s for s, _ in self.quote_ranges]
        self.people: list[tuple[int, str]] = []  # (char offset, entity key) of person subjects, in order
        self.things: list[tuple[int, str]] = []
        self.nominals: dict[str, str] = {}  # head noun lemma -> key of a description introduced earlier
        self._build_timeline()

    # --- where things are -------------------------------------------------------------------------
    def in_quote(self, offset: int) -> bool:
        k = bisect_left(self._starts, offset + 1) - 1
        return k >= 0 and self.quote_ranges[k][0] <= offset < self.quote_ranges[k][1]

    def key_of_token(self, tok) -> str | None:
        return self.index.key_at(self.article.id, tok.idx, tok.idx + len(tok))

    def type_of(self, key: str | None) -> str | None:
        return self.index.type_of(key)

    # --- the running list of subjects ---------------------------------------------------------------
    def _build_timeline(self) -> None:
        for tok in self.doc:
            if tok.dep_ not in SUBJECT_DEPS or self.in_quote(tok.idx) or tok.lower_ in RELATIVES:
                continue
            key = self.subject_key(tok, create=False)
            if key is None:
                continue
            target = self.people if self.type_of(key) == "PERSON" else self.things
            target.append((tok.idx, key))

    def last_before(self, timeline: list[tuple[int, str]], offset: int) -> str | None:
        k = bisect_left(timeline, (offset, "")) - 1
        return timeline[k][1] if k >= 0 else None

    # --- resolving a subject token --------------------------------------------------------------------
    def subject_key(self, tok, create: bool = True) -> str | None:
        """The entity a subject token stands for, or None; ``create`` lets a description become one."""
        low = tok.lower_
        if low in PERSON_PRONOUNS:
            return self.last_before(self.people, tok.idx)
        if low in THING_PRONOUNS:
            return self.last_before(self.things, tok.idx)
        if low in RELATIVES and tok.head.dep_ == "relcl":
            return self.subject_key(tok.head.head, create)
        key = self.key_of_token(tok) or self.appositive_key(tok)
        if key:
            return key
        if tok.pos_ in ("NOUN", "PROPN"):
            return self.nominal_key(tok, create)
        return None

    def appositive_key(self, tok) -> str | None:
        """"the first US president, George Washington": the name in apposition to a description."""
        near = [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
        keys = [self.key_of_token(t) for t in near]
        return next((k for k in keys if k), None)

    def nominal_key(self, tok, create: bool = True) -> str | None:
        """A description as speaker: "a columnist from X" (new), "the commentator" (seen before)."""
        if tok.lemma_.lower() in DOCUMENT_NOUNS:
            inner = [self.key_of_token(t) for t in tok.subtree if t.i != tok.i]
            return next((k for k in inner if k), None)
        head = tok.lemma_.lower()
        det = next((c.lower_ for c in tok.children if c.dep_ == "det"), None)
        if det == "the" and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children):
            if head in self.nominals:
                return self.nominals[head]
            if head not in ORG_HEADS and is_source_noun(head, tok.text):
                return self.last_before(self.people, tok.idx)  # "said the official": like "he"
        return self.new_nominal(tok, head) if create else None

    def nominal_span(self, tok) -> tuple[int, int]:
        """The description's own words: left edge up to a comma or relative clause after the head."""
        end = tok.i + 1
        for t in tok.subtree:
            if t.i <= tok.i:
                continue
            if t.is_punct or t.dep_ in ("relcl", "appos", "acl") or t.head.dep_ in ("relcl", "appos", "acl"):
                break
            end = t.i + 1
        return tok.left_edge.idx, self.doc[end - 1].idx + len(self.doc[end - 1])

    def known_person(self, token_text: str) -> str | None:
        """The person a bare family name stands for: most mentioned here, else in the corpus."""
        return self.index.known_person(token_text, self.article.id)

    def new_name(self, tok) -> str | None:
        """A proper-noun subject spaCy did not tag ("Vitter demanded"): a person named by its compound chain."""
        first = min([tok.i] + [c.i for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"])
        while first < tok.i and (self.doc[first].lower_ in HONORIFICS or self.doc[first].lower_ in ROLE_WORDS):
            first += 1
        start, end = self.doc[first].idx, tok.idx + len(tok)
        text = self.article.text[start:end]
        if "-" in text:
            return None
        key = (self.known_person(text) if first == tok.i else None) or flat(text).lower().replace(".", "")
        self.index.attach(key, self.index.type_of(key) or "PERSON", Mention(self.article.id, start, end, text))
        self.index.name(key, text)
        return key

    def new_nominal(self, tok, head: str) -> str | None:
        if tok.pos_ == "PROPN" and tok.text[:1].isupper():
            return self.new_name(tok)
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        start, end = self.nominal_span(tok)
        text = self.article.text[start:end]
        key = f"{self.article.id}:{flat(text).lower()}"
        # "a columnist from X" is a person; "the ministry" an organisation; "the ad", "a poll" another source
        type_ = "ORG" if head in ORG_HEADS else "PERSON" if is_source_noun(head, tok.text) else "OTHER"
        self.index.attach(key, type_, Mention(self.article.id, start, end, text), "role")
        self.index.name(key, text)
        self.nominals.setdefault(head, key)
        return key

    def speaker_span(self, tok, key: str) -> dict:
        """The span naming the speaker at a subject token: its entity mention, else the token."""
        for s, e, k in self.index.spans_of(self.article.id):
            if k == key and s <= tok.idx < e:
                return {"start": s, "end": e, "text": self.article.text[s:e]}
        return {"start": tok.idx, "end": tok.idx + len(tok), "text": tok.text}
