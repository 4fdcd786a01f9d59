"""What a stated count measures, read from the parse: the noun the number counts and the verb that governs it.

"killed at least five people" -> ``killed``; "five villagers were hurt" -> ``injured``; "the navy captured 23"
-> ``arrested``; "seven assault rifles" -> ``count:rifle`` with scope ``["assault"]``.

Vocabulary (documented in the README and the JSON Schema): killed, injured, arrested, missing, evacuated,
rescued, crowd, magnitude, depth, distance, price, amount, share, points, count:<noun>, age, duration, sentence,
date, time, record, score, phone, direction, rank, weapon, place, role:<role>.
"""
from __future__ import annotations

import re

# Verbs (lemmas) whose object or passive subject is counted as a casualty or a detention.
CASUALTY_VERBS = {
    "kill": "killed", "die": "killed", "slay": "killed", "murder": "killed", "drown": "killed",
    "injure": "injured", "wound": "injured", "hurt": "injured", "hospitalize": "injured",
    "hospitalise": "injured", "treat": "injured",
    "arrest": "arrested", "capture": "arrested", "detain": "arrested", "apprehend": "arrested", "nab": "arrested",
    "custody": "arrested",
    "evacuate": "evacuated", "rescue": "rescued", "miss": "missing",
}
# Verbs that take a person count only when the counted noun is a person ("seized two boats" is a count).
PERSON_ONLY = frozenset(("arrested", "injured", "rescued", "evacuated"))
# Nouns and adjectives that name the casualty themselves ("five deaths", "three dead", "the death toll").
CASUALTY_WORDS = {
    "death": "killed", "dead": "killed", "fatality": "killed", "toll": "killed", "body": "killed",
    "injury": "injured", "injured": "injured", "wounded": "injured", "casualty": "injured", "hurt": "injured",
    "arrest": "arrested", "missing": "missing", "evacuee": "evacuated", "survivor": "rescued",
}
PERSON_NOUNS = frozenset("""people person individual man men woman women child children kid boy girl adult villager
resident civilian worker employee passenger member student pupil tourist victim other suspect pirate militant
gunman attacker rebel fighter protester demonstrator rioter marcher soldier troop officer policeman policemen police
firefighter trooper guard crew crewman crewmember sailor miner inmate prisoner hostage family citizen national
journalist staff customer patient""".split())
# Person nouns that name a party: they keep counts apart ("12 police injured" is not "12 people injured").
PARTY_NOUNS = frozenset("""police policeman policemen officer soldier troop firefighter trooper protester
demonstrator rioter civilian child children student pupil tourist miner inmate prisoner hostage journalist""".split())
# Person nouns that name no particular part of a group: "three people" = "three victims" = "three workers".
GENERIC_PEOPLE = frozenset("""people person individual victim other worker employee villager resident civilian
passenger member citizen dead injured wounded death fatality casualty injury toll body""".split())
# Person nouns that name a part of a group: "two women" killed is not "three people" killed.
SUBGROUP_NOUNS = PARTY_NOUNS | frozenset("""man men woman women boy girl adult teenager baby infant elderly""".split())
# Modifiers that never tell two quantities apart.
GENERIC_MODIFIERS = frozenset("""other more additional new several many few some further extra total least
around about nearly almost only just another such same own first last estimated approximate reported""".split())
CASUALTY_STATES = frozenset(("dead", "injured", "wounded", "hurt", "missing"))
TAKE_PARTICLES = {("take", "custody"): "arrested", ("put", "custody"): "arrested"}
CLAUSE_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "oprd", "npadvmod")


def lemma(tok) -> str:
    return (tok.lemma_ or tok.text).lower()


def counted_noun(num):
    """The noun a number counts: the noun it modifies, or the object of its "of" ("23 of the raiders"); a model
    name between them is what is counted ("seven AK-47 assault rifles" are seven AK-47s)."""
    if num.dep_ in ("nummod", "quantmod", "compound", "amod") and (num.head.pos_ in ("NOUN", "PROPN")
                                                                    or is_model_name(num.head)):
        return num.head
    of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN") else None


MODEL = re.compile(r"[A-Za-z]{1,5}-?\d{1,4}[A-Za-z]?s?")  # "AK-47", "F-16s", "A380", "MiG-29"; not "13-inch"


def is_model_name(tok) -> bool:
    """A word naming a model of a thing: letters then digits ("AK-47", "F-16", "A380")."""
    return bool(MODEL.fullmatch(tok.text))


def model_code(num, noun) -> str | None:
    """The model a count names ("seven AK-47s", "seven AK-47 assault rifles", "12 AK 47 guns", "two F-16 fighter
    jets" -> "ak47", "f16"), or None: every way of writing one model aligns as one counted kind."""
    if noun is None:
        return None
    if is_model_name(noun):
        return _code(fold(noun.lower_))
    lo, hi = sorted((num.i, noun.i))
    between = num.doc[lo + 1:hi]
    one = [t for t in between if is_model_name(t)]
    if one:
        return _code(one[0].lower_)
    joined = "".join(t.text for t in between if t.ent_type_ == "PRODUCT")  # "AK 47" written apart
    return _code(joined) if MODEL.fullmatch(joined) else None


def _code(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().removesuffix("s") if text[-2:-1].isdigit() else text.lower())


def governing_verb(tok):
    """The verb whose argument ``tok`` (a noun or a bare number) is: its head, through a preposition, a
    conjunction or the noun a number modifies — never further up the sentence."""
    node = tok
    for _ in range(3):
        if node.dep_ in ("nummod", "quantmod", "compound", "amod") and node.head.pos_ in ("NOUN", "PROPN"):
            node = node.head
        elif node.dep_ in ("conj", "appos"):
            node = node.head
        elif node.dep_ == "pobj" and node.head.dep_ in ("prep", "agent"):
            head = node.head.head
            return head if _verbal(head) else None
        elif node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "npadvmod", "acomp"):
            return node.head if _verbal(node.head) else None
        else:
            return node.head if node.dep_ in ("advcl", "xcomp") and _verbal(node.head) else None
    return None


def _starts_number(t) -> bool:
    """A number token that starts a number ("20" of "20, 000"; not its "000")."""
    if not t.like_num:
        return False
    prev = t.doc[t.i - 1] if t.i else None
    before = t.doc[t.i - 2] if t.i > 1 else None
    return not (prev is not None and prev.text == "," and before is not None and before.like_num and len(t.text) == 3)


def _counted_phrase(tok) -> bool:
    """"two women", "a man", "11": a conjunct that counts people too."""
    return tok.like_num or any(c.like_num or c.lower_ in ("a", "an", "one") for c in tok.children
                                if c.dep_ in ("nummod", "det"))


def _verbal(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG")


def part_of_breakdown(num, noun) -> bool:
    """"a man and two women", "12 Somali and 11 Yemeni pirates", "15 of them": a number that counts a part of a
    group, not the group."""
    for tok in filter(None, (noun, num)):
        partners = [c for c in tok.children if c.dep_ == "conj"] + ([tok.head] if tok.dep_ == "conj" else [])
        if any(_counted_phrase(p) for p in partners):
            return True
    if noun is not None and sum(1 for left in noun.lefts for t in left.subtree if _starts_number(t)) >= 2:
        return True
    of = next((c for c in num.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(c.pos_ == "PRON" for c in of.children)


def casualty_word(num, noun):
    """"five dead", "three deaths", "12 wounded": a casualty word next to the number or its noun."""
    for tok in filter(None, (noun, num)):
        if noun is not None and tok.i == noun.i and lemma(tok) in CASUALTY_WORDS:
            return CASUALTY_WORDS[lemma(tok)]
        for c in tok.children:
            if c.dep_ in ("amod", "acomp", "oprd", "conj", "appos") and c.lower_ in CASUALTY_STATES:
                return CASUALTY_WORDS[c.lower_]
    nxt = num.nbor(1) if num.i + 1 < len(num.doc) else None
    if noun is None and nxt is not None and nxt.lower_ in ("dead", "injured", "wounded", "hurt", "missing"):
        return CASUALTY_WORDS.get(nxt.lower_)
    return None


def verb_attribute(verb, num, noun) -> str | None:
    """The casualty attribute a governing verb gives; "took 23 into custody" counts an arrest."""
    if verb is None:
        return None
    attr = CASUALTY_VERBS.get(lemma(verb))
    for c in verb.children:
        if c.dep_ == "prep":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and (lemma(verb), lemma(obj)) in TAKE_PARTICLES:
                attr = TAKE_PARTICLES[(lemma(verb), lemma(obj))]
    if attr == "killed" and lemma(verb) == "die" and num.dep_ not in ("nsubj",) and noun is None:
        attr = "killed" if num.head == verb else attr
    if attr in PERSON_ONLY and noun is not None and lemma(noun) not in PERSON_NOUNS and noun.pos_ != "PROPN":
        return None
    if attr == "killed" and noun is not None and lemma(noun) not in PERSON_NOUNS and noun.pos_ != "PROPN" \
            and lemma(noun) not in CASUALTY_WORDS:
        return None
    return attr


def toll_attribute(num) -> str | None:
    """"the death toll rose to 12", "the number of injured reached 40": the subject of the verb says it."""
    verb = governing_verb(num)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    words = {lemma(subj)} | {lemma(c) for c in subj.subtree}
    if lemma(subj) in ("toll", "number", "count", "tally", "figure") and words & {"death", "dead", "toll", "injured",
                                                                                 "injury", "wounded"}:
        return "killed" if not words & {"injury", "injured", "wounded"} else "injured"
    return None


def scope_words(noun, attribute: str) -> list[str]:
    """Words that keep this quantity apart from others with the same attribute ("13-inch", "police")."""
    if noun is None:
        return []
    if not attribute.startswith("count:"):
        return [fold(lemma(noun))] if lemma(noun) in PARTY_NOUNS else []
    out = []
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i and not c.like_num \
                and lemma(c) not in GENERIC_MODIFIERS and _telling_modifier(c):
            sized = any(ch.isdigit() for t in c.subtree for ch in t.text)
            out.append("".join(t.text for t in c.subtree).lower() if sized else fold(c.lower_))
    return sorted(set(out))


def _telling_modifier(c) -> bool:
    """A modifier that names a kind of the thing ("assault rifles", "13-inch laptops", "Somali pirates"), not a
    description any article may add or drop ("small boats", "foreign vessels", "hijacked ships")."""
    if c.pos_ in ("NOUN", "PROPN") or c.ent_type_ == "NORP":
        return True
    return any(ch.isdigit() for t in c.subtree for ch in t.text)


def count_attribute(num) -> tuple[str | None, list[str], dict]:
    """(attribute, scope, {"head", "verb"}) of a counted number token; attribute None: not a fact."""
    noun = counted_noun(num)
    verb = governing_verb(noun if noun is not None else num)
    attr = casualty_word(num, noun) or verb_attribute(verb, num, noun) or toll_attribute(num)
    code = model_code(num, noun) if attr is None else None
    if attr is None and noun is not None:
        attr = "count:" + (code or counted_kind(noun))
    info = {"head": fold(lemma(noun)) if noun is not None else None,
            "verb": lemma(verb) if verb is not None else None}
    scope = scope_words(noun, attr or "")
    if code:  # the model is the kind: its words and the noun it names ("assault rifles") keep nothing apart
        scope = []
    if attr and attr.startswith("count:") and noun is not None and lemma(noun) == "member":
        scope = [w for w in scope if w != attr.split(":", 1)[1]]  # "crew members": the crew is the count
    if attr and not attr.startswith("count:") and noun is not None and lemma(noun) in SUBGROUP_NOUNS:
        scope = sorted(set(scope) | {fold(lemma(noun))})  # "two women" killed is not "three people" killed
    people = noun is None or lemma(noun) in PERSON_NOUNS or noun.pos_ == "PROPN"
    if attr and (not attr.startswith("count:") or people) and part_of_breakdown(num, noun):
        scope = sorted(set(scope) | {"part"})
        kind = num.doc[num.i + 1] if num.i + 1 < len(num.doc) else None
        if kind is not None and (noun is None or kind.i != noun.i) and kind.pos_ in ("ADJ", "PROPN"):
            scope = sorted(set(scope) | {kind.lower_})  # "12 Somali and 11 Yemeni pirates"
    if attr and attr.startswith("count:") and people and noun is not None and (
            lemma(noun) in CROWD_NOUNS or verb is not None and crowd_verb(verb)) and "part" not in scope:
        attr, scope = "crowd", [w for w in scope if w not in PARTY_NOUNS and fold(w) not in CROWD_NOUNS]
    if attr == "crowd" and verb is not None:
        scope = sorted(set(scope) | set(crowd_place(verb)))  # "20,000 marched in A" is not "20,000 in B"
    return attr, scope, info


def crowd_verb(verb) -> bool:
    """"20,000 people marched", "took to the streets", "police put the march at 30,000": a crowd's size."""
    if lemma(verb) in CROWD_VERBS:
        return True
    for v in (verb, verb.head if verb.dep_ in ("advcl", "xcomp") else None):  # "put the march, to mark ..., at"
        if v is None:
            continue
        objects = [c for c in v.children if c.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass")]
        objects += [g for c in v.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        if any(lemma(o) in CROWD_EVENTS or lemma(v) == "take" and lemma(o) == "street" for o in objects):
            return True
    return False


def crowd_place(verb) -> list[str]:
    """Where a crowd gathered: a place named in the verb's phrase ("took to the streets of Athens") or the place
    its clause hangs on ("Lyon, where 20,000 people marched")."""
    if verb.dep_ == "relcl" and (verb.head.ent_type_ in ("GPE", "LOC") or verb.head.pos_ == "PROPN"):
        return [verb.head.lower_]
    if any(c.lower_ == "where" for c in verb.children):  # "clashes broke out in Salonika where 50,000 marched"
        before = [t for t in verb.sent if t.i < verb.i and t.ent_type_ in ("GPE", "LOC") and t.pos_ == "PROPN"]
        if before:
            return [before[-1].lower_]
    for tok in verb.subtree:
        if tok.ent_type_ in ("GPE", "LOC") and tok.pos_ == "PROPN" and tok.dep_ in ("pobj", "compound"):
            return [tok.lower_]
    for tok in verb.subtree:  # "marched through Lyon", whatever the tagger took Lyon for
        if tok.pos_ == "PROPN" and tok.dep_ == "pobj" and tok.head.lower_ in CROWD_PLACES \
                and tok.ent_type_ not in ("PERSON", "NORP", "DATE"):
            return [tok.lower_]
    return []


CROWD_PLACES = frozenset("in through across into at near outside around along".split())


# A crowd's size ("crowd"): people counted as they march, rally or gather, or named as the crowd itself.
CROWD_VERBS = frozenset("march rally protest demonstrate gather assemble throng parade converge attend".split())
CROWD_NOUNS = frozenset("protester demonstrator marcher rallygoer".split())
CROWD_EVENTS = frozenset("march rally protest demonstration crowd turnout gathering procession".split())

# Nouns that count the same things ("vessels" / "ships", "crewmen" / "crew members").
COUNT_CLASSES = {"vessel": "ship", "crewman": "crew", "crewmen": "crew", "crewmember": "crew", "sailor": "crew",
                 "seaman": "crew", "seamen": "crew", "fatality": "death", "youngster": "child", "kid": "child",
                 "automobile": "car", "auto": "car", "aircraft": "plane", "airplane": "plane", "jet": "plane"}


def counted_kind(noun) -> str:
    """The counted noun, folded and in its class; "crew members" counts the crew."""
    word = fold(lemma(noun) if noun.pos_ == "NOUN" else noun.lower_)
    compound = next((c for c in noun.children if c.dep_ == "compound" and c.i == noun.i - 1), None)
    if word == "member" and compound is not None:
        word = fold(compound.lower_)
    return COUNT_CLASSES.get(word, word)


def fold(word: str) -> str:
    """A light plural fold ("rifles" -> "rifle", "AK-47s" -> "ak-47")."""
    w = word.lower()
    for suffix, repl in (("ies", "y"), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2 and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w
