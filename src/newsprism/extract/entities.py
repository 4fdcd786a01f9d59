"""Find the names in one parsed article: the name itself, the title in front of it, and role descriptions.

``Naming`` is one article-level finding: the full span as written ("UK Foreign Secretary Ngozi Okafor")
and the core name inside it ("Ngozi Okafor"). ``Description`` is a role used alone ("the Chinese leader",
"China's defense minister"); ``aliases`` resolves both to corpus entities.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import HONORIFICS, ROLE_NOUN_FITS, ROLE_WORDS, country_of

NAME_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
NUMERIC_ENTS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
JOINERS = {"of", "to", "for"}
POSSESSIVE = {"’s", "'s"}
GENERIC_MODIFIERS = {"top", "senior", "visiting", "chief", "former", "leading", "most", "new", "then"}
MAX_TITLE_TOKENS = 9


@dataclass(slots=True)
class Naming:
    """A name in one article: ``start:end`` is the form as written, ``core_*`` the bare name in it."""

    article: str
    start: int
    end: int
    text: str
    label: str
    core_start: int
    core_end: int
    core: str
    title: str = ""  # the role words in front, without honorifics ("US Secretary of State")
    country: str | None = None


@dataclass(slots=True)
class Description:
    """A role used alone for a person ("the US diplomat"): country key and the role phrase it needs."""

    article: str
    start: int
    end: int
    text: str
    role: str  # "diplomat", "defense minister"
    country: str | None


def is_capitalised(tok) -> bool:
    return tok.text[:1].isupper()


def core_bounds(ent, label: str) -> tuple[int, int]:
    """Token bounds of the bare name in an entity span: no leading "the"/honorific, no trailing 's."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end - 1 and (doc[start].lower_ in ("the",) or doc[start].lower_ in HONORIFICS
                               or label == "PERSON" and (doc[start].lower_ in ROLE_WORDS
                                                         or doc[start].pos_ == "VERB")):
        start += 1
    while end > start + 1 and (doc[end - 1].text in POSSESSIVE or doc[end - 1].is_punct):
        end -= 1
    return start, end


def joins_title(doc, i: int, first: int) -> bool:
    """"of"/"to"/"for" inside a title: capitalised words on both sides ("Secretary of State")."""
    return i > 0 and is_capitalised(doc[i - 1]) and first > i and is_capitalised(doc[i + 1])


def title_token_ok(doc, i: int, first: int) -> bool:
    """Whether token ``i`` (just left of token ``first``) can belong to the title in front of a name."""
    tok = doc[i]
    low = tok.lower_
    if tok.ent_type_ in NUMERIC_ENTS or tok.is_punct and tok.text != "-":
        return False
    if tok.text == "-":
        return tok.whitespace_ == "" and i > 0 and doc[i - 1].whitespace_ == ""
    if i + 1 < len(doc) and doc[i + 1].text == "-" and tok.whitespace_ == "":
        return True  # first half of a hyphenated word: "co-founder", "then-Secretary"
    if tok.text in POSSESSIVE or low in HONORIFICS or low in ROLE_WORDS:
        return True
    if low in JOINERS:
        return joins_title(doc, i, first)
    return is_capitalised(tok) and tok.pos_ in ("PROPN", "ADJ", "NOUN") and (tok.text.isupper() or not tok.is_stop)


def extend_title(doc, start: int) -> int:
    """The first token of the title written in front of the name starting at token ``start``."""
    first = start
    i = start - 1
    while i >= 0 and start - i <= MAX_TITLE_TOKENS and not doc[i + 1].is_sent_start:
        tok = doc[i]
        if tok.lower_ in ("his", "her", "their"):
            if first < start:
                first = i
            break
        if not title_token_ok(doc, i, first):
            break
        first = i
        if tok.text in POSSESSIVE and i > 0:  # keep the owner: "China’s", "Biden’s"
            i -= 1
            first = i
        i -= 1
    while first < start and (doc[first].lower_ in JOINERS or doc[first].text in ("-",) + tuple(POSSESSIVE)):
        first += 1
    return first


def title_country(doc, first: int, start: int) -> str | None:
    words = [t.text for t in doc[first:start]]
    pairs = [" ".join(words[k:k + 2]) for k in range(len(words) - 1)]
    for w in pairs + words:
        key = country_of(w)
        if key:
            return key
    return None


def naming_of(article, ent, label: str) -> Naming | None:
    doc = ent.doc
    cs, ce = core_bounds(ent, label)
    if ce <= cs:
        return None
    first = extend_title(doc, cs) if label == "PERSON" else cs
    if label == "PERSON" and headline_case(article.text, doc[cs].idx):
        ce = trim_headline_words(doc, cs, ce)
    title_start = next((t.idx for t in doc[first:cs] if t.lower_ not in HONORIFICS | {"his", "her", "their"}),
                       doc[cs].idx)
    end = doc[ce - 1].idx + len(doc[ce - 1])
    return Naming(article.id, doc[first].idx, end, "", label, doc[cs].idx, end, "",
                  title=article.text[title_start:doc[cs].idx].strip(),
                  country=title_country(doc, first, cs))


def headline_case(text: str, offset: int) -> bool:
    """Whether ``offset`` sits in a Title Case line (a headline), where capitals say nothing about names."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    words = re.findall(r"[A-Za-z]+", text[line_start:line_end if line_end >= 0 else None])
    long_words = [w for w in words if len(w) > 3]
    return len(long_words) >= 4 and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)


def trim_headline_words(doc, cs: int, ce: int) -> int:
    """In a headline, a name stops at the first word that is an ordinary verb ("Lopez Meet in Lisbon")."""
    for k in range(cs + 1, ce):
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].is_stop:
            return k
        if doc[k].lemma_.lower() in HEADLINE_VERBS:
            return k
    return ce


HEADLINE_VERBS = frozenset("meet meets say says visit visits hold holds sign signs call calls warn warns "
                           "agree agrees pledge pledges vow vows urge urges talk talks host hosts".split())


def split_joined_names(naming: Naming, text: str) -> list[Naming]:
    """"Lee-Okafor talks": a PERSON span of two names joined by a hyphen is two namings."""
    core = text[naming.core_start:naming.core_end]
    m = re.fullmatch(r"([A-Z][a-z]+)-([A-Z][a-z]+)", core)
    if not m:
        return [naming]
    out = []
    for g in (1, 2):
        s, e = naming.core_start + m.start(g), naming.core_start + m.end(g)
        out.append(Naming(naming.article, s, e, "", "PERSON", s, e, ""))
    return out


def titled_person(ent) -> bool:
    """"Secretary of [Commerce Ana Costa]": an ORG span that is really the end of a title and a name."""
    doc, s = ent.doc, ent.start
    return (ent.label_ == "ORG" and len(ent) >= 3 and s >= 2 and doc[s].lower_ in ROLE_WORDS
            and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in ROLE_WORDS
            and all(is_capitalised(t) for t in ent[1:]))


def find_namings(article, doc) -> list[Naming]:
    """Every person, organisation and place name spaCy finds, with the title written in front of persons."""
    out: list[Naming] = []
    for ent in doc.ents:
        label = "PERSON" if titled_person(ent) else NAME_LABELS.get(ent.label_)
        if not label:
            continue
        naming = naming_of(article, ent, label)
        if naming is None:
            continue
        parts = split_joined_names(naming, article.text) if label == "PERSON" else [naming]
        out += [n for n in parts if finish_naming(n, article.text)]
    return out


def finish_naming(n: Naming, text: str) -> bool:
    """Cut the name at a line break or slash and fill in its texts; False when it is no name at all."""
    lo, hi = cut_at_break(text[n.core_start:n.core_end])
    if lo:
        n.start = n.core_start = n.core_start + lo
    n.core_end = n.end = n.core_start + (hi - lo)
    n.text, n.core = text[n.start:n.end], text[n.core_start:n.core_end]
    return bool(n.core) and not (n.label == "PERSON" and is_role_word(n.core))  # "Mr. Minister": address


def cut_at_break(core: str) -> tuple[int, int]:
    """The part of a name span before a line break or slash ("Jane Roe\n\nDaily Example",
    "Jane Roe/Example Press"); the first such part without digits ("1:50 p.m.\n\nFerdie Pacheco")."""
    pos = 0
    for piece in re.split(r"(\n+|/)", core):
        if piece.strip() and piece not in ("/",) and not any(c.isdigit() for c in piece):
            return pos, pos + len(piece)
        pos += len(piece)
    return 0, len(core)


def is_role_word(core: str) -> bool:
    return core.lower() in ROLE_WORDS


ROLE_NOUNS = set(ROLE_NOUN_FITS)


def description_at(article, doc, i: int) -> Description | None:
    """A role description ending at token ``i`` (a role noun), or None when it is a title before a name."""
    tok = doc[i]
    if i + 1 < len(doc) and (doc[i + 1].pos_ == "PROPN" or doc[i + 1].lower_ in JOINERS):
        return None
    j = i - 1
    mods: list = []
    while j >= 0 and i - j <= 4 and (doc[j].lower_ in ROLE_WORDS or doc[j].pos_ in ("ADJ", "PROPN", "NOUN")
                                     and not doc[j].ent_type_ == "PERSON"):
        mods.insert(0, doc[j])
        j -= 1
    country = None
    if j >= 0 and doc[j].text in POSSESSIVE and j > 0 and country_of(doc[j - 1].text):
        country, first = country_of(doc[j - 1].text), j - 1
    elif j >= 0 and doc[j].lower_ == "the":
        first = j
    else:
        return None
    country = country or next((country_of(m.text) for m in mods if country_of(m.text)), None)
    role_mods = [m.lower_ for m in mods if not country_of(m.text) and m.lower_ not in GENERIC_MODIFIERS]
    if not country and not is_capitalised(tok):
        return None  # "the official": too vague to name anyone without a country or a capitalised title
    start, end = doc[first].idx, tok.idx + len(tok)
    role = " ".join(role_mods + [tok.lower_]).replace("defence", "defense")
    return Description(article.id, start, end, article.text[start:end], role, country)


def find_descriptions(article, doc) -> list[Description]:
    out = []
    for tok in doc:
        if tok.lower_ in ROLE_NOUNS and tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ != "PERSON":
            d = description_at(article, doc, tok.i)
            if d:
                out.append(d)
    return out


# --- names outside the body: byline, captions, credits ---------------------------------------------

TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
MAX_OFFTEXT_CHARS = 400


def offtext_lines(article) -> list[tuple[str, str]]:
    """Boilerplate lines that may name people (photo credits, "Follow X on Twitter"), kept by cleaning."""
    return [("boilerplate", b.text) for b in article.boilerplate
            if len(b.text) <= MAX_OFFTEXT_CHARS and TWO_CAPITALISED.search(b.text)]


def byline_namings(article) -> list[tuple[str, Naming]]:
    out = []
    for part in re.split(r",| and |&", article.byline or ""):
        part = re.sub(r"^\s*by\s+", "", part.strip(), flags=re.I)
        if 2 <= len(part.split()) <= 4 and all(w[:1].isupper() for w in part.split()):
            out.append(("byline", Naming(article.id, 0, len(part), part, "PERSON", 0, len(part), part)))
    return out


def find_offtext_namings(article, lines: list[tuple[str, str]], docs) -> list[tuple[str, Naming]]:
    """Person names in the byline and in boilerplate lines (parsed separately: they are not in the text)."""
    out = byline_namings(article)
    for (where, line), doc in zip(lines, docs):
        holder = type("Line", (), {"id": article.id, "text": line})
        out += [(where, n) for n in find_namings(holder, doc) if n.label == "PERSON"]
    return out
