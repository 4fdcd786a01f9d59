"""The highlights of an article page: every finding that quotes the article, as ``Mark``s with links to the page
that tells more (the entity, the fact, the other side of a copied passage)."""
from __future__ import annotations

from ..browse import ArticleView, RelationView
from .highlight import Mark


def article_marks(view: ArticleView, focus: tuple[int, int] | None = None) -> list[Mark]:
    """Entities, quotes and their speakers, claims (coloured by their fact's verdict), positions, shared passages,
    and the ``focus`` span a link pointed at."""
    marks = _entity_marks(view) + _quote_marks(view) + _claim_marks(view) + _position_marks(view)
    marks += _passage_marks(view)
    if focus:
        marks.append(Mark(focus[0], focus[1], "focus", "the passage the link points at", anchor="focus"))
    return marks


def _entity_marks(view: ArticleView) -> list[Mark]:
    return [Mark(m.start, m.end, "entity", f"{e.type}: {e.name}", f"/entities/{e.id}")
            for e in view.entities for m in view.mentions(e)]


def _quote_marks(view: ArticleView) -> list[Mark]:
    out = []
    for q in view.quotes:
        who = view.speakers.get(q.speaker or "") or (q.speaker_span or {}).get("text") or "unknown speaker"
        out.append(Mark(q.start, q.end, "quote", f"{'quote' if q.direct else 'reported speech'} of {who}",
                        anchor=f"q-{q.id}"))
        span = q.speaker_span or {}
        if isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            out.append(Mark(span["start"], span["end"], "speaker", f"speaker: {who}",
                            f"/entities/{q.speaker}" if q.speaker in view.speakers else None))
    return out


def claim_facts(view: ArticleView) -> dict[str, tuple[str, str]]:
    """{claim id: (fact id, verdict)} for this article's claims that a fact group holds."""
    return {v.claim: (f.id, f.verdict) for f in view.facts for v in f.values if v.claim and v.article == view.article.id}


def _claim_marks(view: ArticleView) -> list[Mark]:
    facts = claim_facts(view)
    out = []
    for c in view.claims:
        fact, verdict = facts.get(c.id, (None, None))
        label = f"claim: {c.attribute or c.kind} = {c.value} {c.unit}".strip()
        out.append(Mark(c.start, c.end, "claim", label + (f" ({verdict.replace('_', ' ')})" if verdict else ""),
                        f"/facts/{fact}" if fact else None, anchor=f"c-{c.id}" if c.id else None,
                        extra=f"v-{verdict}" if verdict else ""))
    return out


def _position_marks(view: ArticleView) -> list[Mark]:
    return [Mark(p.start, p.end, "position", f"{p.kind.replace('_', ' ')} of "
                 f"{view.speakers.get(p.actor or '') or 'an unnamed actor'}") for p in view.positions]


def _passage_marks(view: ArticleView) -> list[Mark]:
    out = []
    me = view.article.id
    for r in view.relations:
        other = view.others.get(r.b if r.a == me else r.a)
        name = (other.outlet or other.title or other.id) if other else "another article"
        for n, p in enumerate(r.passages):
            start, end, side = (p.a_start, p.a_end, "b") if r.a == me else (p.b_start, p.b_end, "a")
            out.append(Mark(start, end, "copied", f"shared with {name} ({r.kind})", f"/relations/{r.id}#{side}-p{n}"))
    return out


def passage_marks(view: RelationView) -> dict[str, list[Mark]]:
    """{"a": marks, "b": marks}: each shared passage in both texts, linked to its other side (``#b-p3``)."""
    out: dict[str, list[Mark]] = {"a": [], "b": []}
    for n, p in enumerate(view.relation.passages):
        how = "the same words" if p.exact else "a close rewording"
        out["a"].append(Mark(p.a_start, p.a_end, "copied", f"passage {n + 1}: {how} on the right", f"#b-p{n}",
                             anchor=f"a-p{n}"))
        out["b"].append(Mark(p.b_start, p.b_end, "copied", f"passage {n + 1}: {how} on the left", f"#a-p{n}",
                             anchor=f"b-p{n}"))
    return out
