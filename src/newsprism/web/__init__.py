"""The web face of the store (``newsprism serve``): pages with ``.json`` twins, read-only; see ``app.create_app``.

Needs the ``web`` extra (FastAPI, uvicorn): ``pip install 'newsprism[web]'``.
"""
from __future__ import annotations


def create_app(db: str, token: str | None = None, host: str = "127.0.0.1", cache: bool = True):
    """The FastAPI app serving the corpus at ``db``; MissingDependency when the web extra is not installed."""
    try:
        from .app import create_app as make
    except ImportError as e:
        from ..errors import MissingDependency

        raise MissingDependency(f"newsprism serve needs the web extra ({e.name} is missing): "
                                "pip install 'newsprism[web]'") from None
    return make(db, token, host, cache)
