"""The timeline: dated events across the story, merged across sources, each with the articles that report it.

Events come from the extract stage (its dates already resolved against each article's own date); dated fact
groups add what was dated without an event ("the balloon incident in early January"), disputed dates marked.
"""
from __future__ import annotations

from typing import Any

from .claims import EVENT_CLASSES


def timeline(events: list[dict], facts: list[dict], names: dict[str, str]) -> list[dict[str, Any]]:
    """``[{date, text, articles, ...}]`` in date order."""
    entries = merge_entries([event_entry(e, names) for e in events or [] if e.get("date")])
    by_event = {ev: e for e in entries for ev in e["events"]}
    for f in facts:
        if f.get("attribute") != "date":
            continue
        home = by_event.get(f.get("event"))
        if home is not None and f["verdict"] != "contradict" and home["date"] == _first_date(f):
            _absorb(home, f)  # the event's own date, as more sources state it
        elif _telling(f):
            entries += fact_entries(f)
    entries = _dedupe(entries)
    return sorted(entries, key=lambda e: (e["date"], -len(e["articles"])))


def event_entry(ev: dict, names: dict[str, str]) -> dict[str, Any]:
    mentions = ev.get("mentions") or []
    phrase = max((m["text"] for m in mentions), key=len, default=ev.get("type") or "event")
    who = [names.get(p, p) for p in ev.get("participants") or []]
    if len(phrase.split()) < 3 and who:  # "met" says little; say who
        phrase = f"{ev.get('type') or phrase}: {', '.join(who)}"
    return {"date": ev["date"], "text": phrase, "type": ev.get("type"), "participants": who,
            "articles": list(dict.fromkeys(m["article"] for m in mentions)), "events": [ev["id"]],
            "mentions": [{"article": m["article"], "start": m["start"], "end": m["end"]} for m in mentions],
            "confidence": ev.get("date_confidence")}


def merge_entries(entries: list[dict]) -> list[dict]:
    """Events of the same kind on the same date with shared participants become one entry."""
    out: list[dict] = []
    for e in entries:
        home = next((o for o in out if o["date"] == e["date"] and _kind(o) == _kind(e)
                     and set(o["participants"]) & set(e["participants"])), None)
        if home is None:
            out.append(e)
            continue
        home["articles"] = list(dict.fromkeys(home["articles"] + e["articles"]))
        home["events"] += e["events"]
        home["mentions"] += e["mentions"]
        home["participants"] = list(dict.fromkeys(home["participants"] + e["participants"]))
        if len(e["text"]) > len(home["text"]):
            home["text"] = e["text"]
    return out


def _kind(entry: dict) -> str:
    return EVENT_CLASSES.get(entry.get("type") or "", entry.get("type") or "")


def fact_entries(fact: dict) -> list[dict[str, Any]]:
    """One entry per reading of a dated fact (two when sources disagree on the date)."""
    values = fact["values"]
    readings = fact.get("readings") or [{"values": list(range(len(values)))}]
    out = []
    for r in readings:
        dated = [values[i] for i in r["values"] if values[i].get("value")]
        if not dated:
            continue
        out.append({"date": str(dated[0]["value"]), "text": fact["subject"], "type": "dated fact",
                    "articles": list(dict.fromkeys(values[i]["article"] for i in r["values"])),
                    "fact": fact["id"], "disputed": fact["verdict"] == "contradict", "stated": dated[0]["text"],
                    "mentions": [{"article": v["article"], "start": v["start"], "end": v["end"]} for v in dated]})
    return out


def _first_date(fact: dict) -> str | None:
    return next((str(v["value"]) for v in fact["values"] if v.get("value")), None)


def _absorb(entry: dict, fact: dict) -> None:
    entry["articles"] = list(dict.fromkeys(entry["articles"] + fact["articles"]))
    entry["mentions"] += [{"article": v["article"], "start": v["start"], "end": v["end"]} for v in fact["values"]]
    entry.setdefault("facts", []).append(fact["id"])


def _telling(fact: dict) -> bool:
    """A dated fact worth a line: several sources, a dispute, or a phrase that says what happened."""
    return len(fact["articles"]) > 1 or fact["verdict"] == "contradict" or len(fact["subject"].split()) >= 3


def _dedupe(entries: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in entries:
        key = (e["date"], e["text"].lower())
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out
