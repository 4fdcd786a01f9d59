"""Readable subjects for fact groups, built from what the story is about and the attribute: "People killed in
the earthquake near Qeshm", "Age of Smith", "Number of boats (earlier event, 2008)" — never a stray token.
"""
from __future__ import annotations

from collections import Counter

from .claims import BARE, Claim

# Nouns that name what a news story is about, most specific first where two co-occur.
STORY_NOUNS = ("earthquake quake tsunami flood storm hurricane typhoon cyclone tornado wildfire eruption landslide "
               "avalanche fire blaze explosion blast bombing shooting stabbing attack raid heist robbery theft "
               "burglary hijacking kidnapping riot riots protest protests demonstration strike crash collision "
               "derailment sinking accident outage trial sentencing verdict hearing election vote referendum "
               "acquisition merger deal takeover launch summit meeting talks visit firing resignation appointment "
               "arrest murder killing war invasion ceasefire").split()
PEOPLE = {"killed": "People killed", "injured": "People injured", "arrested": "People arrested or captured",
          "missing": "People missing", "evacuated": "People evacuated", "rescued": "People rescued",
          "crowd": "Size of the crowd"}
PLAIN = {"magnitude": "Magnitude", "depth": "Depth", "distance": "Distance", "amount": "Amount", "price": "Price",
         "share": "Share", "duration": "Duration", "sentence": "Sentence", "age": "Age", "time": "Time of day",
         "date": "Date", "record": "Record", "score": "Score", "phone": "Phone number", "place": "Place",
         "points": "Points", "direction": "Direction", "rank": "Rank", "weapon": "Weapon used"}


MAX_ABOUT = 60  # characters of a dated phrase quoted in a subject


class Labels:
    """What each thread is about (its most frequent story noun and place), for subjects."""

    def __init__(self, texts: dict[str, str], threads: dict, entities: list[dict]):
        self.about: dict = {}
        places = [(e.get("name") or "", {m["article"] for m in e.get("mentions") or []})
                  for e in entities or [] if e.get("type") in ("GPE", "LOC")]
        for thread, members in threads.items():
            words = Counter()
            for aid in members:
                low = texts.get(aid, "").lower()
                for n in STORY_NOUNS:
                    words[n] += low.count(" " + n + " ") + low.count(" " + n + ",") + low.count(" " + n + ".")
            noun = next((n for n, k in words.most_common(3) if k), None)
            place = max(((name, len(arts & members)) for name, arts in places if arts & members),
                        key=lambda p: p[1], default=(None, 0))[0]
            self.about[thread] = (noun, place)

    def subject(self, attribute: str, group: list[Claim], thread) -> str:
        noun, place = self.about.get(thread, (None, None))
        head = _what(attribute, group)
        subject = group[0].subject
        if subject.startswith("earlier:"):
            return f"{head} (an earlier event, {subject.split(':', 1)[1]})"
        where = f" in the {noun}" if noun else ""
        return f"{head}{where}" + (f" near {place}" if place and noun else "")


def plural(noun: str) -> str:
    if noun in ("people", "police", "staff", "crew") or noun.endswith("s"):
        return noun
    if noun.endswith("man"):
        return noun[:-3] + "men"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith(("x", "ch", "sh")) else "s")


def _what(attribute: str, group: list[Claim]) -> str:
    words = [] if group[0].kind in ("entity", "rank") else [w for w in group[0].scope if w not in ("part", BARE)
                                                             and not w.startswith("unaligned:")]
    head = _head(attribute, group, " ".join(words))
    return head + (" (a part of a larger count)" if "part" in group[0].scope else "")


def _head(attribute: str, group: list[Claim], scope: str) -> str:
    if attribute in PEOPLE:
        return PEOPLE[attribute] + (f" ({scope})" if scope else "")
    if attribute.startswith("count:"):
        noun = attribute.split(":", 1)[1]
        if any(ch.isdigit() for ch in noun):  # a model ("ak47"): as the articles write it, "AK-47s"
            written = Counter(c.head for c in group if c.head and any(ch.isdigit() for ch in c.head))
            return f"Number of {(written.most_common(1)[0][0] if written else noun).upper()}s"
        return f"Number of {scope + ' ' if scope else ''}{plural(noun)}"
    if attribute.startswith("role:"):
        return f"{attribute.split(':', 1)[1].capitalize()}: {group[0].value}"
    if attribute == "place":
        return f"Place: {group[0].value}"
    if attribute == "rank":
        return f"Rank of {group[0].extra.get('name') or 'a person'}"
    if attribute == "direction" and scope:
        return f"Direction from {scope.title()}"
    if attribute == "age":
        return f"Age of {scope.title()}" if scope else "Age of a person"
    if BARE in group[0].scope and not scope.strip():
        return f"{PLAIN.get(attribute, attribute.capitalize())} stated alike"
    if BARE in group[0].scope:
        return f"{PLAIN.get(attribute, attribute.capitalize())} ({scope}) stated alike"
    if attribute in ("duration", "share", "amount", "price", "points", "time", "distance") and scope:
        return f"{PLAIN[attribute]} of the {scope}" if attribute != "time" else f"Time of day ({scope})"
    if attribute == "date":
        about = sorted((c.about["text"] for c in group if c.about and c.about.get("text")
                        and len(c.about["text"]) <= MAX_ABOUT and len(c.about["text"].split()) > 1), key=len)
        return f"Date of “{about[0]}”" if about else "Date"
    return PLAIN.get(attribute, attribute.capitalize())
