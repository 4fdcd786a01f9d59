"""Word lists the extractors share: speech cues, role words, demonyms, number words, event triggers.

General English newsroom vocabulary only; nothing here names a particular story.
"""
from __future__ import annotations

# Verbs that introduce what someone said (lemmas).
SPEECH_VERBS = frozenset("""
say tell add write state note explain ask reply respond answer insist warn argue stress emphasise emphasize
declare claim announce acknowledge admit allege assert comment complain confirm contend deny describe
maintain predict promise quote recall remark report reiterate repeat suggest testify tweet post urge
demand caution concede observe point agree disclose reveal vow pledge indicate continue conclude
""".split())

# Cues whose subject is the source even though they are not verbs of speaking in the narrow sense.
REPORTED_SPEECH_VERBS = SPEECH_VERBS | frozenset("believe think hope expect fear accuse blame protest show find "
                                                 "estimate know learn charge want plan intend".split())

# Verbs whose object is what was said ("criticised the plan", "mentioned the remarks").
OBJECT_SPEECH_VERBS = frozenset("""
mention cite criticize criticise praise condemn defend deny acknowledge discuss tweet announce dismiss
question blast slam attack accuse reject endorse applaud decry support call
""".split())

# Nouns that stand for a document, never a speaker: "a statement from X said" -> X.
DOCUMENT_NOUNS = frozenset("statement report transcript readout release communique communiqué document "
                           "letter memo filing ruling briefing".split())

HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. dr dr. sir dame prof prof. madam".split())

# Lower-case words that may sit inside a title in front of a name ("his US counterpart", "CIA chief").
ROLE_WORDS = frozenset("""
top senior chief deputy acting former visiting incoming outgoing foreign national security policy state
adviser advisor spokesman spokeswoman spokesperson minister secretary president director founder co-founder
leader envoy diplomat official ambassador general counterpart commander chairman chairwoman governor
senator representative rep. sen. gov. premier chancellor prime vice defense defence commerce trade finance
economy interior justice health press campaign manager strategist lawyer attorney columnist commentator
analyst researcher professor executive ceo head candidate nominee mayor speaker judge aide pollster anchor
host moderator delegate activist author actress actor singer coach doctor sheriff officer economist historian
scientist reporter journalist editor publisher producer businessman billionaire entrepreneur
""".split())

# Role nouns used alone for a person ("the Chinese leader", "the US diplomat"), with the title words
# that make a named person a fit for them.
ROLE_NOUN_FITS: dict[str, tuple[str, ...]] = {
    "leader": ("president", "prime minister", "premier", "chairman", "chancellor", "king", "leader"),
    "diplomat": ("secretary of state", "foreign minister", "ambassador", "diplomat", "envoy", "foreign secretary"),
    "envoy": ("secretary of state", "foreign minister", "ambassador", "diplomat", "envoy", "foreign secretary"),
    "official": ("secretary", "minister", "ambassador", "diplomat", "envoy", "official", "director", "adviser"),
    "secretary": ("secretary",),
    "president": ("president",),
    "minister": ("minister",),
    "spokesman": ("spokesman", "spokesperson", "spokeswoman"),
    "spokesperson": ("spokesman", "spokesperson", "spokeswoman"),
    "ambassador": ("ambassador",),
}

# Demonyms and country names folded to one key; "the US", "American", "China's" all fold.
COUNTRY_FORMS: dict[str, str] = {}
for _key, _forms in {
    "US": "us u.s. usa america american americans united states washington",
    "CN": "china chinese beijing prc",
    "TW": "taiwan taiwanese taipei",
    "RU": "russia russian moscow kremlin",
    "UK": "uk britain british london",
    "FR": "france french paris",
    "DE": "germany german berlin",
    "JP": "japan japanese tokyo",
    "IN": "india indian delhi",
    "UA": "ukraine ukrainian kyiv",
    "IL": "israel israeli",
    "IR": "iran iranian tehran",
    "KP": "north korea north korean pyongyang",
    "KR": "south korea south korean seoul",
    "SA": "saudi arabia saudi riyadh",
    "CA": "canada canadian",
    "MX": "mexico mexican",
    "AU": "australia australian",
    "EU": "eu european",
}.items():
    for _form in _forms.split(" "):
        COUNTRY_FORMS[_form] = _key
for _multi, _key in (("united states", "US"), ("north korea", "KP"), ("south korea", "KR"),
                     ("saudi arabia", "SA"), ("north korean", "KP"), ("south korean", "KR")):
    COUNTRY_FORMS[_multi] = _key
COUNTRY_FORMS.pop("united", None)
COUNTRY_FORMS.pop("states", None)
COUNTRY_FORMS.pop("north", None)
COUNTRY_FORMS.pop("south", None)
COUNTRY_FORMS.pop("korea", None)
COUNTRY_FORMS.pop("korean", None)


def country_of(word: str) -> str | None:
    """The country key of a demonym or country name ("Chinese", "China’s", "U.S." -> key), else None."""
    w = word.lower().replace("’s", "").replace("'s", "").strip()
    return COUNTRY_FORMS.get(w)


NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12,
    "dozen": 12, "a half": 0.5, "half an": 0.5, "half a": 0.5, "an": 1, "a": 1,
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}

# Qualifier words in front of a number and what they say about it.
QUALIFIERS = {
    "more than": "lower_bound", "over": "lower_bound", "at least": "lower_bound", "upwards of": "lower_bound",
    "nearly": "approximate", "almost": "approximate", "about": "approximate", "around": "approximate",
    "roughly": "approximate", "approximately": "approximate", "some": "approximate", "close to": "approximate",
    "less than": "upper_bound", "fewer than": "upper_bound", "up to": "upper_bound", "under": "upper_bound",
    "at most": "upper_bound", "exactly": "exact", "a full": "exact",
}

# Event trigger lemmas -> (event type, CAMEO code).
EVENT_TRIGGERS: dict[str, tuple[str, str]] = {
    "meet": ("meeting", "040"), "meeting": ("meeting", "040"), "talk": ("talks", "040"),
    "talks": ("talks", "040"), "summit": ("meeting", "040"), "consultation": ("talks", "040"),
    "discuss": ("talks", "040"), "call": ("call", "040"), "phone": ("call", "040"),
    "visit": ("visit", "042"), "trip": ("visit", "042"), "travel": ("visit", "042"), "tour": ("visit", "042"),
    "host": ("host", "043"), "receive": ("host", "043"), "welcome": ("host", "043"),
    "sign": ("agreement", "057"), "agreement": ("agreement", "057"), "deal": ("agreement", "057"),
    "sanction": ("sanctions", "163"), "sanctions": ("sanctions", "163"), "embargo": ("sanctions", "163"),
    "demand": ("demand", "100"), "urge": ("demand", "100"),
}
INTENT_WORDS = frozenset("hope hopes plan plans intend intends want wants expect expects seek seeks will would "
                         "could may might propose proposes invite invited invitation".split())

# Nouns that can name a source when no name is given ("a columnist from X", "officials", "the ministry").
SOURCE_NOUNS = frozenset("""
official officials source sources spokesman spokeswoman spokesperson people person man woman expert experts
analyst analysts critic critics commentator commentators columnist user users resident residents leader
leaders side sides media government ministry department agency office administration campaign company
companies group committee council court police witness witnesses aide aides adviser advisers advisor
diplomat diplomats observer observers academic academics economist economists lawmaker lawmakers member
members voter voters supporter supporters staff team union authorities authority newspaper paper network
""".split())
AGENT_SUFFIXES = ("ist", "ists", "er", "ers", "or", "ors", "ian", "ians", "ant", "ants", "man", "men", "woman")


def is_source_noun(lemma: str, word: str) -> bool:
    """Whether a common noun can stand for someone who speaks ("the commentator", "officials")."""
    w = word.lower()
    return lemma in SOURCE_NOUNS or w in SOURCE_NOUNS or w.endswith(AGENT_SUFFIXES) and len(w) > 4

# Weapons, each with the class it belongs to ("weapon" attribute): a value fits another when one is the other or
# a class above it ("a gun" fits "a shotgun"; "a rifle" does not fit "a shotgun").
WEAPON_CLASS = {
    "firearm": "weapon", "gun": "firearm", "long gun": "gun", "rifle": "long gun", "assault rifle": "rifle",
    "hunting rifle": "rifle", "sniper rifle": "rifle", "shotgun": "long gun", "handgun": "gun", "pistol": "handgun",
    "revolver": "handgun", "machine gun": "gun", "submachine gun": "machine gun", "blade": "weapon",
    "knife": "blade", "machete": "blade", "sword": "blade", "dagger": "blade", "axe": "weapon", "ax": "weapon",
    "hammer": "weapon", "crossbow": "weapon", "bow": "weapon",
}
