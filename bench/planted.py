"""Build a planted-copy corpus from real news text, with a truth file.

usage: planted.py OUT_DIR [--seed N] [--originals N] [--per-kind N]

Real articles (PolNeAR texts; ECB+ documents re-joined from their tokens) are the originals and the
independent same-topic articles (ECB+ topics hold several outlets' reports of one event: hard negatives).
Planted copies of some originals:
- duplicate: the same text, whitespace changed;
- syndicated: the same body under another outlet's wrapper and credit lines, sometimes trimmed at the end;
- partial: a run of 30-60% of the original's paragraphs inside another real article (a host not in the corpus);
- rewrite: our spinner (synonym swaps, clause reordering, sentence drops, stray artefacts).
Writes OUT_DIR/*.txt (id = file stem) and OUT_DIR/truth.json = {originals, pairs: [{copy, original, kind}]}.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
KINDS = ("duplicate", "syndicated", "partial", "rewrite")

SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "huge", "small": "little",
    "important": "significant", "help": "assist", "helped": "assisted", "begin": "commence", "began": "commenced",
    "start": "launch", "started": "launched", "end": "finish", "ended": "concluded", "show": "demonstrate",
    "showed": "demonstrated", "shows": "demonstrates", "buy": "purchase", "bought": "purchased", "use": "utilize",
    "used": "utilized", "many": "numerous", "people": "individuals", "man": "male", "woman": "female",
    "children": "kids", "police": "authorities", "officials": "authorities", "official": "functionary",
    "country": "nation", "countries": "nations", "city": "town", "home": "residence", "house": "residence",
    "car": "vehicle", "cars": "vehicles", "job": "position", "jobs": "positions", "money": "funds",
    "week": "weekend", "month": "period", "year": "twelvemonth", "years": "decades", "killed": "slain",
    "died": "perished", "death": "demise", "attack": "assault", "attacks": "assaults", "fire": "blaze",
    "building": "structure", "report": "account", "reported": "recounted", "reports": "accounts",
    "statement": "declaration", "meeting": "gathering", "talks": "discussions", "plan": "scheme",
    "plans": "schemes", "problem": "issue", "problems": "issues", "group": "organization", "leader": "chief",
    "leaders": "chiefs", "president": "head of state", "government": "administration", "election": "vote",
    "campaign": "drive", "candidate": "contender", "voters": "electorate", "support": "backing",
    "supporters": "backers", "fight": "battle", "fighting": "combat", "war": "conflict", "case": "matter",
    "court": "tribunal", "judge": "magistrate", "law": "statute", "rules": "regulations", "early": "initial",
    "late": "belated", "new": "fresh", "old": "aged", "former": "previous", "recent": "latest",
    "major": "key", "serious": "grave", "quickly": "rapidly", "also": "additionally", "however": "nevertheless",
    "about": "roughly", "more than": "over", "because": "since", "after": "following", "before": "prior to",
    "during": "throughout", "near": "close to", "around": "approximately", "want": "wish", "wants": "wishes",
    "wanted": "desired", "need": "require", "needs": "requires", "think": "believe", "thinks": "believes",
    "believe": "consider", "get": "obtain", "got": "obtained", "give": "provide", "gave": "provided",
    "make": "create", "made": "created", "take": "seize", "took": "seized", "find": "discover", "found": "discovered",
    "ask": "request", "asked": "requested", "call": "phone", "called": "termed", "hit": "struck", "move": "shift",
    "moved": "shifted", "try": "attempt", "tried": "attempted", "keep": "retain", "kept": "retained",
    "company": "firm", "companies": "firms", "market": "marketplace", "price": "cost", "prices": "costs",
    "rise": "increase", "fell": "dropped", "high": "elevated", "low": "reduced", "area": "region",
    "areas": "regions", "hospital": "infirmary", "injured": "wounded", "victims": "casualties",
    "arrested": "detained", "charged": "indicted", "crime": "offence", "evidence": "proof", "story": "tale",
    "news": "information", "according to": "as stated by", "told reporters": "informed journalists",
    "speech": "address", "debate": "argument", "party": "celebration", "win": "triumph", "won": "triumphed",
    "lost": "misplaced", "team": "squad", "game": "match", "season": "period", "fans": "supporters",
    "film": "movie", "star": "celebrity", "actress": "performer", "actor": "performer", "singer": "vocalist",
    "record": "document", "quake": "tremor", "earthquake": "seismic event", "storm": "tempest", "water": "liquid",
}
WRAPPERS = [("World Wire Daily", "Source: {o}"), ("The Morning Ledger", "(c) 2016 {o}. All rights reserved."),
            ("NewsNow 24", "This article originally appeared on {o}."), ("Metro Tribune Online", "Source: {o}")]
BYLINES = ["Dana Whitfield", "Marco Ruiz", "Priya Natarajan", "Tom Keller", "Aiko Tanaka", "Sam Oduya"]


def ecb_documents() -> list[tuple[str, str]]:
    """(topic, text) for each ECB+ document: tokens joined, sentences as paragraphs."""
    out = []
    for path in sorted((SHARED / "eval" / "ecbplus-dev").glob("*/*.xml")):
        sents: dict[str, list[str]] = {}
        for tok in ET.parse(path).getroot().iter("token"):
            sents.setdefault(tok.get("sentence"), []).append(tok.text or "")
        paras = [_detok(" ".join(t)) for _, t in sorted(sents.items(), key=lambda kv: int(kv[0]))]
        out.append((path.parent.name + ("p" if "plus" in path.name else ""), "\n\n".join(paras)))
    return out


def _detok(s: str) -> str:
    s = re.sub(r" ([.,;:!?%)'])", r"\1", s).replace("( ", "(").replace("`` ", '"').replace(" ''", '"')
    return s.replace(" n't", "n't").replace(" 's", "'s")


def polnear_documents() -> list[str]:
    return [p.read_text() for p in sorted((SHARED / "eval" / "polnear-dev").glob("*/text/*.txt"))]


def independent_only(texts: list[str], n: int = 8, max_shared: int = 2) -> list[int]:
    """Indexes of texts that share at most ``max_shared`` word ``n``-grams with any text kept before them:
    real corpora hold real reprints (ECB+ has several outlets' copies of one wire story), which would
    otherwise count as false links between "independent" originals."""
    seen: set[tuple[str, ...]] = set()
    keep = []
    for i, t in enumerate(texts):
        w = re.findall(r"\w+", t.lower())
        grams = {tuple(w[k:k + n]) for k in range(len(w) - n + 1)}
        if len(grams & seen) <= max_shared:
            keep.append(i)
            seen |= grams
    return keep


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def duplicate(text: str, rng: random.Random) -> str:
    return "\n\n".join(paragraphs(text)) + "\n"


def syndicate(text: str, rng: random.Random) -> str:
    site, credit = rng.choice(WRAPPERS)
    paras = paragraphs(text)
    if rng.random() < 0.4 and len(paras) > 6:
        paras = paras[: int(len(paras) * rng.uniform(0.8, 0.95))]
    head = [site, "By " + rng.choice(BYLINES)] if rng.random() < 0.5 else [site]
    tail = [credit.format(o=rng.choice(["Associated Press", "Reuters", "AFP", "the original publisher"]))]
    return "\n\n".join(head + paras + tail) + "\n"


def partial(text: str, host: str, rng: random.Random) -> str:
    paras, own = paragraphs(text), paragraphs(host)
    k = max(2, int(len(paras) * rng.uniform(0.3, 0.6)))
    at = rng.randrange(0, max(1, len(paras) - k + 1))
    cut = rng.randrange(1, max(2, len(own)))
    return "\n\n".join(own[:cut] + paras[at:at + k] + own[cut:]) + "\n"


HEAVY = {"rate": 0.0}  # extra share of other words replaced (a stand-in for a big thesaurus), --heavy


def spin_sentence(s: str, rng: random.Random) -> str:
    if HEAVY["rate"]:
        words = s.split(" ")
        for k, w in enumerate(words):
            if len(w) > 3 and w.isalpha() and w.islower() and rng.random() < HEAVY["rate"]:
                words[k] = rng.choice(list(SYNONYMS.values())).split()[0]
        s = " ".join(words)
    for word, syn in SYNONYMS.items():
        if rng.random() < 0.8:
            s = re.sub(rf"\b{word}\b", syn, s)
            s = re.sub(rf"\b{word.capitalize()}\b", syn.capitalize(), s)
    parts = s.rstrip(".").split(", ", 1)
    if len(parts) == 2 and min(len(p.split()) for p in parts) >= 4 and rng.random() < 0.3:
        s = parts[1][0].upper() + parts[1][1:] + ", " + parts[0][0].lower() + parts[0][1:] + "."
    if rng.random() < 0.05:
        s = re.sub(r"\ban\b", "a", s, count=1)
    return s


def rewrite(text: str, rng: random.Random) -> str:
    out = []
    for para in paragraphs(text):
        sents = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para)
        kept = [spin_sentence(s, rng) for s in sents if rng.random() > 0.12 or len(sents) == 1]
        if kept:
            out.append(" ".join(kept))
    return "\n\n".join(out) + "\n"


def build(out: Path, seed: int = 7, n_originals: int = 300, per_kind: int = 60) -> dict:
    rng = random.Random(seed)
    pol = [t for t in polnear_documents() if 250 <= len(t.split()) <= 2000]
    ecb = [(top, t) for top, t in ecb_documents() if len(t.split()) >= 120]
    rng.shuffle(pol), rng.shuffle(ecb)
    hosts, pol = pol[:per_kind], pol[per_kind:]
    pol = [pol[i] for i in independent_only(pol[:n_originals * 2])]
    ecb = [ecb[i] for i in independent_only([t for _, t in ecb[:n_originals * 2]])]
    originals = {f"orig{i:04d}": t for i, t in enumerate(pol[:n_originals])}
    originals.update({f"ecb{top}_{i:03d}": t for i, (top, t) in enumerate(ecb[:n_originals])})
    sources = [k for k in originals if k.startswith("orig")]
    rng.shuffle(sources)
    pairs, docs = [], dict(originals)
    for ki, kind in enumerate(KINDS):
        for n, src in enumerate(sources[ki * per_kind:(ki + 1) * per_kind]):
            text = originals[src]
            copy = {"duplicate": lambda: duplicate(text, rng), "syndicated": lambda: syndicate(text, rng),
                    "partial": lambda: partial(text, hosts[n % len(hosts)], rng),
                    "rewrite": lambda: rewrite(text, rng)}[kind]()
            cid = f"copy_{kind[:4]}{n:03d}"
            docs[cid] = copy
            pairs.append({"copy": cid, "original": src, "kind": kind})
    out.mkdir(parents=True, exist_ok=True)
    for did, text in docs.items():
        (out / f"{did}.txt").write_text(text)
    truth = {"originals": sorted(originals), "pairs": pairs}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--originals", type=int, default=300)
    ap.add_argument("--per-kind", type=int, default=60)
    ap.add_argument("--heavy", type=float, default=0.0, help="also replace this share of other words in rewrites")
    args = ap.parse_args()
    HEAVY["rate"] = args.heavy
    truth = build(args.out, args.seed, args.originals, args.per_kind)
    print(f"{len(truth['originals'])} originals, {len(truth['pairs'])} planted copies -> {args.out}")


if __name__ == "__main__":
    main()
