"""Garbled names: a person slot ("X told Y that", "X had accepted") filled by a word that is not a person
of the story, the typical damage a synonym spinner does to names (a surname swapped for a dictionary word).

Two kinds of filler are suspects:
- a capitalised common English word (word frequency from ``wordfreq``) in mid-sentence, never capitalised
  elsewhere in the story and not tagged as an organisation or place;
- a bare one-off surname, never introduced with a full name in its article.
A suspect becomes a signal only with a replacement person: the person in the same role of an aligned
sentence in another source of the story (same verb, shared context words), or, for common words, the person
who most often appears together with the sentence's other people across the story. The signal carries
``intended`` = that person's fullest name in the story.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Article, Signal
from .align import STOPWORDS, stem

_VERBS_OBJ = r"told|telling|met|meeting|urged|asked|warned|assured|informed|reminded|thanked|invited|called on"
_VERBS_SUBJ = (r"told|said|says|added|met|accepted|stressed|urged|asked|warned|insisted|noted|argued|replied|"
               r"declined|agreed|promised|pledged|visited|rejected|welcomed")
OBJ_SLOT = re.compile(rf"\b(?P<verb>{_VERBS_OBJ})\s+(?:with\s+)?(?P<name>[A-Z][a-z]{{2,}})\b(?=\s+(?:that|to|about|on|in|at|during|for)\b|\s*[,.])")
# Wrapped in a lookahead so that overlapping slots ("China said Chen had accepted") are all found.
SUBJ_SLOT = re.compile(rf"(?=(?P<pre>^|[.;:!?]\s+|,\s+|\b(?:and|but|that|said|says|while|as|when)\s+)(?P<name>[A-Z][a-z]{{2,}})\s+"
                       rf"(?:had\s+|has\s+|have\s+|also\s+|later\s+|then\s+)?(?P<verb>{_VERBS_SUBJ})\b)", re.MULTILINE)
NOT_PERSON = frozenset("ORG GPE NORP LOC FAC EVENT PRODUCT WORK_OF_ART LAW LANGUAGE".split())
COMMON_ZIPF = 3.0
NAME_ZIPF = 5.0  # words more frequent than this ("She", "Both") are never a one-off name


@dataclass(slots=True)
class Slot:
    name: str
    start: int
    end: int
    verb: str
    role: str  # "subject" or "object"
    initial: bool  # first word of its sentence
    common: bool = False  # the filler is a common English word (set by ``suspects``)


def person_slots(text: str) -> list[Slot]:
    out = [Slot(m.group("name"), m.start("name"), m.end("name"), m.group("verb"), "object", False)
           for m in OBJ_SLOT.finditer(text)]
    for m in SUBJ_SLOT.finditer(text):
        initial = m.group("pre") == "" or m.group("pre").strip()[:1] in ".;:!?"
        out.append(Slot(m.group("name"), m.start("name"), m.end("name"), m.group("verb"), "subject", initial))
    return out


@dataclass(slots=True)
class StoryPeople:
    """People of a story, from spaCy PERSON entities over its articles."""

    docs: dict[str, object]
    full_names: Counter = field(default_factory=Counter)
    by_word: dict[str, str] = field(default_factory=dict)  # a name word -> the fullest name holding it
    sentences: list[set[str]] = field(default_factory=list)  # name tokens of the people in each sentence

    @classmethod
    def of(cls, docs: dict[str, object], names_of: dict[str, list[list[str]]] | None = None) -> "StoryPeople":
        """People of the story made of the parsed ``docs`` ({article id: spaCy Doc}); ``names_of`` keeps each
        article's PERSON names per sentence across calls (stories overlap: recomputing a 1,176-article thread
        read the same docs' sentences again for every story holding them, 5.1 of 64 s)."""
        people = cls(docs)
        per_sentence = []
        names_of = {} if names_of is None else names_of
        for aid, doc in docs.items():
            if aid not in names_of:
                names_of[aid] = [[e.text for e in sent.ents if e.label_ == "PERSON"] for sent in doc.sents]
            for names in names_of[aid]:
                people.full_names.update(n for n in names if " " in n)
                per_sentence.append(names)
        best: dict[str, tuple] = {}
        for n, c in people.full_names.items():
            for w in n.split():
                best[w] = max(best.get(w, (0, 0, "")), (c, len(n), n))
        people.by_word = {w: v[2] for w, v in best.items()}
        people.sentences = [{c for n in names if (c := people.canonical(n))} for names in per_sentence]
        return people

    def fullest(self, token: str) -> str | None:
        """The most frequent multi-word name containing ``token`` as a word."""
        return self.by_word.get(token)

    def canonical(self, name: str) -> str | None:
        """The fullest name of the person a mention names (by its last word, else its first)."""
        words = name.split()
        return self.fullest(words[-1]) or self.fullest(words[0]) if words else None

    def companion(self, others: set[str], exclude: set[str]) -> str | None:
        """The person most often in a sentence with all of ``others`` (canonical names), at least twice."""
        counts: Counter = Counter()
        for names in self.sentences:
            if others <= names:
                counts.update(names - others - exclude)
        best = counts.most_common(1)
        return best[0][0] if best and best[0][1] >= 2 else None


def suspects(article: Article, story: list[Article], words: Words | None = None) -> list[Slot]:
    """Person slots worth a closer look (no parsing needed): common words or unintroduced one-off names.
    ``words``: the caller's ``Words`` of the story articles, kept across calls."""
    words = Words() if words is None else words
    out = []
    for slot in person_slots(article.text):
        if slot.name.lower() in STOPWORDS:
            continue
        freq = _word_freq(slot.name)
        common = not slot.initial and freq >= COMMON_ZIPF and not _capitalised_elsewhere(slot.name, slot, article, story)
        name_like = (freq < COMMON_ZIPF or not slot.initial) and freq < NAME_ZIPF and not _lowercase_in(slot.name, story, words)
        if common or (name_like and not _introduced(slot.name, article) and _echoed(slot, article, story)):
            slot.common = common
            out.append(slot)
    return out


def _lowercase_in(word: str, story: list[Article], words: Words) -> bool:
    """Whether a story article has ``word`` in lower case as a whole word. A plain word is looked up in each
    text's word set (a regex scan of every story text per name slot was 4.2 of 99 s recomputing a 1,222-article
    thread); the set holds exactly the maximal ``\\w+`` runs, which is what ``\\bword\\b`` matches."""
    lower = word.lower()
    if _PLAIN_WORD.fullmatch(lower):
        return any(lower in words.of(a) for a in story)
    pattern = re.compile(rf"\b{re.escape(lower)}\b")
    return any(pattern.search(a.text) for a in story)


_PLAIN_WORD = re.compile(r"\w+")


class Words(dict):
    """Article id -> the set of its text's words, made on first use (one per ``suspects`` caller's corpus)."""

    def of(self, article: Article) -> frozenset[str]:
        words = self.get(article.id)
        if words is None:
            words = self[article.id] = frozenset(_PLAIN_WORD.findall(article.text))
        return words


def _echoed(slot: Slot, article: Article, story: list[Article]) -> bool:
    return bool(echoes(slot, article, story))


def echoes(slot: Slot, article: Article, story: list[Article]) -> list[Article]:
    """Other sources with the slot's verb near >= 3 of its context words (a cheap test, no parsing)."""
    ctx, verb = _context(article.text, slot), re.compile(rf"\b{re.escape(slot.verb.split()[0][:5])}\w*", re.I)
    out = []
    for other in story:
        if other.id == article.id:
            continue
        for m in verb.finditer(other.text):
            window = other.text[max(0, m.start() - 200):m.end() + 200]
            if len(ctx & {stem(w.lower()) for w in re.findall(r"\w+", window)}) >= 3:
                out.append(other)
                break
    return out


def _word_freq(word: str) -> float:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # without the dictionary only aligned evidence can flag a name
        return 0.0
    return zipf_frequency(word.lower(), "en")


def _capitalised_elsewhere(word: str, slot: Slot, article: Article, story: list[Article]) -> bool:
    pattern = re.compile(rf"\b{re.escape(word)}\b")
    for a in story:
        for m in pattern.finditer(a.text):
            if not (a.id == article.id and m.start() == slot.start):
                return True
    return False


def _introduced(word: str, article: Article) -> bool:
    """True when the article uses ``word`` more than once or inside a longer capitalised name."""
    if len(re.findall(rf"\b{re.escape(word)}\b", article.text)) > 1:
        return True
    return bool(re.search(rf"(?:[A-Z][\w'’-]+ ){re.escape(word)}\b|\b{re.escape(word)} [A-Z][a-z]+", article.text))


def _context(text: str, slot: Slot, width: int = 90) -> set[str]:
    window = text[max(0, slot.start - width):slot.end + width]
    words = {stem(w.lower()) for w in re.findall(r"\w+", window) if w.lower() not in STOPWORDS and len(w) > 2}
    return words - {stem(slot.name.lower()), stem(slot.verb.lower())}


def aligned_person(slot: Slot, article: Article, story: list[Article], people: StoryPeople) -> str | None:
    """The person in the same role of a sentence of another source sharing the verb and >= 3 context words
    (a person already present in the slot's own sentence does not count: roles may be swapped there)."""
    present = _sentence_people(slot, article, people)
    ctx, verb = _context(article.text, slot), re.compile(rf"\b{re.escape(slot.verb.split()[0][:5])}\w*", re.I)
    for other in story:
        if other.id == article.id:
            continue
        for sent in people.docs[other.id].sents:
            if len(ctx & {stem(t.lower_) for t in sent if not t.is_punct}) < 3:
                continue
            for m in verb.finditer(sent.text):
                name = _role_filler(sent.text, m, slot.role, people)
                if name and slot.name not in name.split() and (people.canonical(name) or name) not in present:
                    return name
    return None


def _role_filler(text: str, verb: re.Match, role: str, people: StoryPeople) -> str | None:
    """The known person's name right before (subject) or after (object) the verb in ``text``."""
    if role == "subject":
        m = re.search(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)\s+(?:had\s+|has\s+|have\s+|also\s+)?$", text[:verb.start()])
    else:
        m = re.match(r"\s+(?:with\s+)?(?:Mr\.? |Ms\.? |Mrs\.? )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*)", text[verb.end():])
    if not m:
        return None
    name = m.group(1)
    return name if people.canonical(name) else None


def garbled_names(article: Article, story: list[Article], people: StoryPeople) -> list[Signal]:
    """Garbled-name signals of ``article``; ``story`` are the articles of its story (itself included)."""
    out, seen = [], set()
    doc = people.docs[article.id]
    for slot in suspects(article, story):
        if slot.start in seen or _tagged_not_person(doc, slot):
            continue
        found = aligned_person(slot, article, story, people)
        how = "the same sentence in another source names"
        if found is None and slot.common:
            found, how = _companion(slot, article, people), "the people around it in the story point to"
        intended = (people.canonical(found) or found) if found else None
        if intended is None or slot.name in intended.split():
            continue
        seen.add(slot.start)
        what = "a common English word" if slot.common else "a bare name its article never introduces"
        out.append(Signal("garbled_name", slot.name, slot.start, slot.end,
                          f"'{slot.name}' fills a person slot ({slot.role} of '{slot.verb}') but is {what}; "
                          f"{how} {intended}", 2.0, intended=intended))
    return out


def _tagged_not_person(doc, slot: Slot) -> bool:
    span = doc.char_span(slot.start, slot.end, alignment_mode="expand")
    return bool(span) and any(t.ent_type_ in NOT_PERSON for t in span)


def _sentence_people(slot: Slot, article: Article, people: StoryPeople) -> set[str]:
    """Canonical names of the other people in the slot's sentence."""
    span = people.docs[article.id].char_span(slot.start, slot.end, alignment_mode="expand")
    if span is None:
        return set()
    s = span[0].sent
    words = [e.text for e in s.ents if e.label_ == "PERSON"] + re.findall(r"\b[A-Z][a-z]+\b", s.text)
    return {c for w in words if slot.name not in w.split() and (c := people.canonical(w))}


def _companion(slot: Slot, article: Article, people: StoryPeople) -> str | None:
    others = _sentence_people(slot, article, people)
    if not others:
        return None
    return people.companion(others, {people.canonical(slot.name) or slot.name})
