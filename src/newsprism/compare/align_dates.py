"""Date claims aligned by what they date: the same extract event, the same noun ("the spill incident"), the same
kind of event with the same participants, or two unplaced weekdays on the same verb. Claims are compared only
within blocks that share a key (never all against all)."""
from __future__ import annotations

from ..extract.attach import EVENT_NOUNS
from .claims import EVENT_CLASSES, LIGHT_VERBS, Claim, EntityIndex

EVENT_KINDS = frozenset(EVENT_CLASSES.values())
BOUNDS = frozenset(("after", "before"))
SAME_PARTIES = 0.5  # weighted entity overlap that makes two meetings the same meeting
MAX_BLOCK = 80  # a key more than this many date claims share (a common verb) tells nothing: dropped
GENERIC_NOUNS = EVENT_NOUNS | frozenset(EVENT_CLASSES) | frozenset(
    "hour day minute week month year time side country thing people official part".split())


def same_fact(a: Claim, b: Claim, index: EntityIndex) -> bool:
    """Whether two date claims date the same thing: the same extract event, the same noun ("spill"), or two
    unplaced weekdays on the same verb ("was fired Saturday" / "fired on Saturday")."""
    if a.event is not None and a.event == b.event:
        return True
    if not a.value and not b.value and a.extra.get("weekday") and b.extra.get("weekday") and a.head \
            and a.head == b.head and a.head not in LIGHT_VERBS:
        return True
    return _same_dated_thing(a, b, index)


def _same_dated_thing(a: Claim, b: Claim, index: EntityIndex) -> bool:
    shared = a.terms & b.terms
    same_kind = a.head_class in EVENT_KINDS and a.head_class == b.head_class \
        and not {a.qualifier, b.qualifier} & BOUNDS  # "a meeting" ~ "met"; "since 2018" dates no meeting
    if not shared and not same_kind:
        return False
    both_named = bool(a.entities and b.entities)
    sim = index.similarity(a.entities, b.entities) if both_named else 0.0
    if shared - GENERIC_NOUNS:  # "spill": the same thing unless the entities say otherwise
        return not both_named or sim > 0
    # "meeting": only a date of the meeting itself, and only with the same participants
    return same_kind and both_named and sim >= SAME_PARTIES


def group_claims(claims: list[Claim], index: EntityIndex, scopes: list[set[str]]) -> list[list[Claim]]:
    """Single-link groups of aligned date claims; claims are only compared within one scope (a story thread)."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for scope in scopes:
        members = [i for i, c in enumerate(claims) if c.article in scope]
        for i, j in candidate_pairs(claims, members):
            if find(i) != find(j) and same_fact(claims[i], claims[j], index):
                parent[find(j)] = find(i)
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(find(i), []).append(c)
    return list(groups.values())


def blocking_keys(c: Claim) -> set[tuple]:
    """Every key two claims must share to be aligned at all (``same_fact`` never aligns claims sharing none)."""
    keys = {("head", c.kind, c.unit, c.head_class)}
    if c.event:
        keys.add(("event", c.event))
    keys |= {("term", t) for t in c.terms}
    return keys


def candidate_pairs(claims: list[Claim], members: list[int]) -> list[tuple[int, int]]:
    """Pairs of claims sharing a blocking key, so a large story is not compared all against all; a key held by
    more than MAX_BLOCK claims (other than an event) tells nothing and is dropped."""
    blocks: dict[tuple, list[int]] = {}
    for i in members:
        for key in blocking_keys(claims[i]):
            blocks.setdefault(key, []).append(i)
    pairs = set()
    for key, block in blocks.items():
        if len(block) > MAX_BLOCK and key[0] != "event":
            continue
        pairs.update((a, b) for n, a in enumerate(block) for b in block[n + 1:])
    return sorted(pairs)
