"""The event-type vocabulary: what kinds of things news reports as happening, the words that trigger them, and
their CAMEO codes where CAMEO (the Conflict and Mediation Event Observations codebook) has one.

Each trigger is a lemma, read as a verb or an event noun of the spaCy parse ("the quake struck", "an earthquake",
"police arrested", "the arrest of"). A type belongs to one class:

=============  ==============================================================  ===============================
class          types                                                           CAMEO
=============  ==============================================================  ===============================
disaster       earthquake, flood, storm, fire, explosion, spill, crash,        --
               collapse, outbreak, eruption
conflict       attack, bombing, airstrike, shelling, fighting, clash, invasion  180 assault, 183 bombing,
               capture, killing, ceasefire, withdrawal, deployment              190 use military force, 195
                                                                                aerial weapons, 194 artillery,
                                                                                186 assassinate, 0871 ceasefire,
                                                                                0874 retreat, 150 force posture
crime          murder, robbery, kidnapping, shooting, fraud, rape, escape       --
justice        arrest, charge, trial, verdict, sentence, lawsuit, ruling,       173 arrest, 174 expel
               release, expulsion
death          death, injury                                                    --
business       acquisition, merger, sale, investment, bankruptcy, layoffs       --
product        launch                                                           --
personnel      appointment, resignation, dismissal, inauguration                --
politics       election, vote, legislation, ban, referendum                     --
protest        protest, strike (labour)                                         141 demonstrate, 143 strike
diplomacy      meeting, talks, visit, call, agreement, sanctions, demand        040, 042, 043, 036, 057, 163,
               (extract/lexicon.py), negotiation, summit, aid, threat,          100, 046 negotiate, 070 aid,
               expulsion, recognition                                           130 threaten, 0841 recognise
rescue         rescue, evacuation                                               --
culture        ceremony, award                                                  --
contest        victory (a win, a defeat)                                        --
health         hospitalization                                                  --
=============  ==============================================================  ===============================

General English newsroom vocabulary only; nothing here names a particular story.
"""
from __future__ import annotations

# type -> (class, CAMEO code or None)
TYPES: dict[str, tuple[str, str | None]] = {
    "earthquake": ("disaster", None), "flood": ("disaster", None), "storm": ("disaster", None),
    "fire": ("disaster", None), "explosion": ("disaster", None), "spill": ("disaster", None),
    "crash": ("disaster", None), "collapse": ("disaster", None), "outbreak": ("disaster", None),
    "eruption": ("disaster", None),
    "attack": ("conflict", "180"), "bombing": ("conflict", "183"), "airstrike": ("conflict", "195"),
    "shelling": ("conflict", "194"), "fighting": ("conflict", "190"), "clash": ("conflict", "190"),
    "invasion": ("conflict", "190"), "capture": ("conflict", "190"), "killing": ("conflict", "186"),
    "ceasefire": ("conflict", "0871"), "withdrawal": ("conflict", "0874"), "deployment": ("conflict", "150"),
    "murder": ("crime", None), "robbery": ("crime", None), "kidnapping": ("crime", None),
    "shooting": ("crime", None), "fraud": ("crime", None), "rape": ("crime", None), "escape": ("crime", None),
    "arrest": ("justice", "173"), "charge": ("justice", None), "trial": ("justice", None),
    "verdict": ("justice", None), "sentence": ("justice", None), "lawsuit": ("justice", None),
    "ruling": ("justice", None), "release": ("justice", None), "expulsion": ("justice", "174"),
    "death": ("death", None), "injury": ("death", None),
    "acquisition": ("business", None), "merger": ("business", None), "sale": ("business", None),
    "investment": ("business", None), "bankruptcy": ("business", None), "layoffs": ("business", None),
    "launch": ("product", None),
    "appointment": ("personnel", None), "resignation": ("personnel", None), "dismissal": ("personnel", None),
    "inauguration": ("personnel", None),
    "election": ("politics", None), "vote": ("politics", None), "legislation": ("politics", None),
    "ban": ("politics", None), "referendum": ("politics", None),
    "protest": ("protest", "141"), "labour strike": ("protest", "143"),
    "negotiation": ("diplomacy", "046"), "summit": ("diplomacy", "040"), "aid": ("diplomacy", "070"),
    "threat": ("diplomacy", "130"), "recognition": ("diplomacy", "0841"),
    "rescue": ("rescue", None), "evacuation": ("rescue", None),
    "ceremony": ("culture", None), "award": ("culture", None), "victory": ("contest", None),
    "hospitalization": ("health", None),
}

# lemma -> type, for verbs and event nouns alike
TRIGGERS: dict[str, str] = {}
for _type, _words in {
    "earthquake": "earthquake quake aftershock tremor tsunami",
    "flood": "flood flooding landslide mudslide",
    "storm": "storm hurricane cyclone typhoon tornado blizzard",
    "fire": "wildfire blaze",
    "explosion": "explosion explode blast",
    "spill": "spill leak gush",
    "crash": "crash derail derailment",
    "collapse": "collapse",
    "outbreak": "outbreak epidemic pandemic",
    "eruption": "eruption erupt",
    "attack": "attack assault ambush raid",
    "bombing": "bombing bomb",
    "airstrike": "airstrike air-strike",
    "shelling": "shell shelling bombard bombardment",
    "fighting": "fighting battle",
    "clash": "clash",
    "invasion": "invade invasion",
    "capture": "seize capture retake overrun",
    "killing": "kill massacre assassinate assassination execute execution",
    "ceasefire": "ceasefire cease-fire truce",
    "withdrawal": "withdraw withdrawal retreat",
    "deployment": "deploy deployment",
    "murder": "murder homicide stab stabbing",
    "robbery": "rob robbery burglary steal theft",
    "kidnapping": "kidnap kidnapping abduct abduction",
    "shooting": "shooting gunfire",
    "fraud": "fraud embezzle embezzlement",
    "rape": "rape",
    "escape": "escape flee breakout jailbreak",
    "arrest": "arrest detain detention apprehend handcuff",
    "charge": "charge indict indictment prosecute",
    "trial": "trial testify testimony hearing",
    "verdict": "verdict convict conviction acquit acquittal",
    "sentence": "sentence",
    "lawsuit": "sue lawsuit",
    "ruling": "ruling rule",
    "release": "free",
    "expulsion": "expel expulsion deport deportation",
    "death": "die death",
    "injury": "injure wound",
    "acquisition": "acquire acquisition takeover buyout",
    "merger": "merge merger",
    "sale": "sell",
    "investment": "invest",
    "bankruptcy": "bankruptcy",
    "layoffs": "layoff lay-off",
    "launch": "launch unveil debut",
    "appointment": "appoint appointment nominate nomination hire rehire",
    "resignation": "resign resignation quit",
    "dismissal": "sack oust ouster dismiss dismissal fire",
    "inauguration": "inaugurate inauguration",
    "election": "election elect",
    "vote": "vote referendum ballot",
    "legislation": "ratify veto enact",
    "ban": "ban",
    "protest": "protest demonstration rally march uprising revolt",
    "negotiation": "negotiate negotiation",
    "summit": "summit",
    "aid": "aid",
    "threat": "threaten",
    "recognition": "recognise recognize",
    "rescue": "rescue",
    "evacuation": "evacuate evacuation",
    "ceremony": "ceremony celebration",
    "award": "award",
    "victory": "win defeat victory",
    "hospitalization": "hospitalize hospitalise rehab",
}.items():
    for _w in _words.split():
        TRIGGERS[_w] = _type

# Verbs that only carry an event noun ("launched an attack", "staged a protest"): the noun is the trigger.
LIGHT_VERBS = frozenset("launch stage hold carry conduct mount begin start call order".split())
# Nouns of a trigger's lemma that are rarely events in news ("a charge of", "the rule of law").
NOUN_ONLY_IF_EVENTFUL = frozenset("charge rule sentence march aid ban vote free".split())
VERB_ONLY = frozenset("free rule charge".split())
WEAPON_WORDS = frozenset("shot round rocket missile shell bullet gun weapon mortar gas cannon salvo".split())
NOUN_TYPES = {"fire": "fire"}  # the noun of a lemma whose verb is another type ("fired the manager" / "a fire")


def event_type(tok) -> tuple[str, str, str | None] | None:
    """(type, class, CAMEO) when a spaCy token triggers an event of the vocabulary, else None."""
    lemma = tok.lemma_.lower()
    kind = TRIGGERS.get(lemma) or TRIGGERS.get(tok.lower_)
    if kind is None or tok.pos_ not in ("VERB", "NOUN"):
        return None
    if tok.pos_ == "VERB" and lemma in LIGHT_VERBS and any(
            c.dep_ == "dobj" and (TRIGGERS.get(c.lemma_.lower()) or "") not in ("", "launch") for c in tok.children):
        return None  # "launched an attack": the attack is the event
    if tok.pos_ == "NOUN" and lemma in VERB_ONLY:
        return None
    if tok.pos_ == "NOUN" and lemma in NOUN_TYPES:
        kind = NOUN_TYPES[lemma]
    elif lemma == "fire" and any(c.dep_ == "dobj" and c.lemma_.lower() in WEAPON_WORDS for c in tok.children):
        kind = "attack"  # "fired rockets at", not "fired the manager"
    if lemma == "strike" or kind == "protest" and lemma == "march" and tok.pos_ == "VERB" and not _has_subject(tok):
        return None
    cls, cameo = TYPES[kind]
    return kind, cls, cameo


def _has_subject(tok) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def type_class(kind: str) -> str:
    """The class of a type ("arrest" -> "justice"); a type outside the vocabulary is its own class."""
    return TYPES.get(kind, (kind, None))[0]
