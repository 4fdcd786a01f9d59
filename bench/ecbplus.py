"""Load the ECB+ development topics (../shared/eval/ecbplus-dev) as newsprism Articles with gold stories.

ECB+ documents are tokenised XML; the text is the tokens joined back (light detokenisation: no space before
punctuation, none inside contractions). The gold story of a document is its topic plus its sub-topic
(``ecb`` or ``ecbplus``): ``1_10ecb.xml`` -> ``1/ecb``. Shared by ``bench/bench_stories.py`` and the tests.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from newsprism.model import Article, normalize_text

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "ecbplus-dev"
_DOC_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|n't\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|'')")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]|``) ")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One ECB+ document: its article (id = file stem) and its gold story ``topic/sub-topic``."""

    article: Article
    topic: int
    story: str


def detokenize(tokens: list[str]) -> str:
    """Tokens of one sentence joined as a reader would write them."""
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    text = _NO_SPACE_AFTER.sub(r"\1", text)
    return text.replace("``", "\u201c").replace("''", "\u201d")


def document_text(path: Path) -> str:
    """The text of one tokenised ECB+ document, one sentence per line."""
    sentences: dict[int, list[str]] = {}
    for token in ElementTree.parse(path).getroot().iter("token"):
        sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
    return normalize_text("\n".join(detokenize(words) for _, words in sorted(sentences.items())))


def load_doc(path: Path) -> GoldDoc | None:
    """The document at ``path`` as a GoldDoc, or None when the file name is not an ECB+ document name."""
    m = _DOC_NAME.match(path.name)
    if not m:
        return None
    text = document_text(path)
    article = Article(id=path.stem, path=str(path), raw=text, text=text)
    return GoldDoc(article, int(m.group(1)), f"{m.group(1)}/{m.group(3)}")


def load_ecbplus(root: Path = DEFAULT_ROOT, topics: set[int] | None = None) -> list[GoldDoc]:
    """Every document of the chosen topics (all when None), in a stable order (topic, sub-topic, number)."""
    docs = []
    for path in sorted(root.glob("*/*.xml")):
        doc = load_doc(path)
        if doc and (topics is None or doc.topic in topics):
            docs.append(doc)
    return sorted(docs, key=lambda d: (d.topic, d.story, _doc_number(d.article.id)))


def _doc_number(stem: str) -> int:
    return int(stem.split("_")[1].rstrip("abcdefghijklmnopqrstuvwxyz"))


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (item -> cluster id) against gold (item -> class)."""
    by_pred: dict[str, set[str]] = {}
    by_gold: dict[str, set[str]] = {}
    for item in gold:
        by_pred.setdefault(predicted.get(item, "solo:" + item), set()).add(item)
        by_gold.setdefault(gold[item], set()).add(item)
    p = r = 0.0
    for item in gold:
        same_c = by_pred[predicted.get(item, "solo:" + item)]
        same_g = by_gold[gold[item]]
        both = len(same_c & same_g)
        p += both / len(same_c)
        r += both / len(same_g)
    n = max(1, len(gold))
    p, r = p / n, r / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
