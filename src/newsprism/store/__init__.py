"""The embedded store: SQLite (WAL) with a versioned schema; see ``sqlite.Store``."""
from .sqlite import DEFAULT_DB, Store

__all__ = ["Store", "DEFAULT_DB"]
