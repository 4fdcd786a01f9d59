"""Places and people in roles as claims: "where it happened" and "who holds which role", read from the extract
stage's resolved entities of a thread.

A person entity named with a title ("District Attorney Ana Costa", "spokesman Commander Li Wei") is a claim
``role:<role word>`` whose value is the person; a place entity (GPE, LOC, FAC) named after a locative preposition
("in Athens", "near the square", "off the coast") is a claim ``place``. Claims of one entity align (the scope is
the entity), so the group says which articles state it.
"""
from __future__ import annotations

import re

from .claims import Claim
from .text import fold, sentence_at

PLACE_TYPES = ("GPE", "LOC", "FAC")
LOCATIVE = re.compile(r"\b(in|near|off|at|outside|inside|on|from|of|across|around|along|between|into)\s+(?:the\s+)?$",
                      re.I)
SITE = re.compile(r"\b(in|at|inside|outside|near)\s+(?:the\s+)?$", re.I)  # "at the Casty store": an
# organisation named as the place where something happened
MAX_PER_ARTICLE = 3


# Ranks of the armed forces and police, and their abbreviations: a person's rank is a checkable fact.
RANKS = {"admiral": "admiral", "adm": "admiral", "commodore": "commodore", "commander": "commander",
         "cmdr": "commander", "cdr": "commander", "captain": "captain", "capt": "captain", "lieutenant": "lieutenant",
         "lt": "lieutenant", "major": "major", "maj": "major", "colonel": "colonel", "col": "colonel",
         "general": "general", "gen": "general", "brigadier": "brigadier", "sergeant": "sergeant", "sgt": "sergeant",
         "corporal": "corporal", "cpl": "corporal", "trooper": "trooper", "constable": "constable",
         "inspector": "inspector", "insp": "inspector", "superintendent": "superintendent", "supt": "superintendent",
         "detective": "detective", "det": "detective", "marshal": "marshal", "ensign": "ensign"}
OFFICES = frozenset("attorney secretary surgeon inspector solicitor governor postmaster auditor comptroller "
                    "procurator advocate".split())
RANK_BEFORE = re.compile(r"((?:\b(?:" + "|".join(RANKS) + r")\b\.?\s*)+)$", re.I)


def rank_claims(entities: list[dict], texts: dict[str, str]) -> list[Claim]:
    """``rank`` of a person, from the rank words written before a mention of the name ("Cmdr. Li Wei")."""
    out: list[Claim] = []
    for e in entities or []:
        if e.get("type") != "PERSON":
            continue
        for m in e.get("mentions") or []:
            text = texts.get(m["article"])
            if text is None:
                continue
            name_at = _name_start(m, e.get("name") or "", text)  # "Commander Li Wei": the rank may be inside
            found = RANK_BEFORE.search(text[max(0, m["start"] - 40):name_at])
            if not found or _office(text[max(0, m["start"] - 40):name_at], found):
                continue
            words = [RANKS[w.lower()] for w in re.findall(r"[A-Za-z]+", found.group(1)) if w.lower() in RANKS]
            start = name_at - len(found.group(1))
            out.append(Claim(m["article"], start, name_at, text[start:name_at].strip(), "rank",
                             " ".join(words), "rank", attribute="rank", scope=(e["id"],), id=e["id"],
                             sentence=sentence_at(text, m["start"]), extra={"name": e.get("name")}))
            out[-1].end = start + len(out[-1].text)
    return out


def _name_start(mention: dict, name: str, text: str) -> int:
    """Where the name itself starts in a mention that may carry its title ("spokesman Commander Li Wei")."""
    first = name.split()[0] if name.split() else ""
    inside = text[mention["start"]:mention["end"]]
    at = inside.find(first) if first else -1
    return mention["start"] + at if at > 0 else mention["start"]


def _office(before: str, found: re.Match) -> bool:
    """"Attorney General", "Inspector General": an office ending in a rank word, not a rank."""
    words = re.findall(r"[A-Za-z]+", before[:found.start()])
    return bool(words) and words[-1].lower() in OFFICES and found.group(1).split()[0].lower().startswith("gen")


def entity_claims(entities: list[dict], texts: dict[str, str]) -> list[Claim]:
    out: list[Claim] = rank_claims(entities, texts)
    for e in entities or []:
        attribute = _attribute(e)
        if attribute is None:
            continue
        per_article: dict[str, int] = {}
        for m in e.get("mentions") or []:
            text = texts.get(m["article"])
            if text is None or per_article.get(m["article"], 0) >= MAX_PER_ARTICLE:
                continue
            before = text[max(0, m["start"] - 16):m["start"]]
            if attribute == "place" and not (SITE if e.get("type") == "ORG" else LOCATIVE).search(before):
                continue
            per_article[m["article"]] = per_article.get(m["article"], 0) + 1
            out.append(Claim(m["article"], m["start"], m["end"], m["text"], "entity", e["name"], "entity",
                             attribute=attribute, scope=(e["id"],), id=e["id"],
                             sentence=sentence_at(text, m["start"])))
    return out


def _attribute(e: dict) -> str | None:
    if e.get("type") in PLACE_TYPES + ("ORG",):
        return "place"
    titles = [t for t in e.get("titles") or [] if t.strip()]
    if e.get("type") == "PERSON" and titles:
        head = re.split(r"\s+of\s+", titles[0])[0]  # "Secretary of State": a secretary
        word = [w for w in re.findall(r"[A-Za-z]+", head) if len(w) > 2]
        return "role:" + fold(word[-1].lower()) if word else None
    return None
