"""newsprism: reconstruct a news story from many outlets — what happened, and how well is it established?

Library use::

    import newsprism
    report = newsprism.analyze(["examples/blinken-2023"])
    for a in report.articles:
        print(a.id, a.title, a.outlet)
"""
__version__ = "0.1.0"

from .api import analyze, article, articles, ingest  # noqa: E402
from .model import Article, Report, Span  # noqa: E402

__all__ = ["analyze", "ingest", "articles", "article", "Article", "Report", "Span", "__version__"]
