"""Typed errors the library raises; the CLI prints them as one line, without a traceback."""


class NewsprismError(Exception):
    """Base class: a problem a user can fix; the message says how."""


class InputError(NewsprismError):
    """An input could not be read or used (the batch goes on; see ``Skipped``)."""


class MissingDependency(NewsprismError):
    """An optional part is not installed; the message holds the exact install command."""


class StoreError(NewsprismError):
    """The database is unusable (wrong schema, newer version, locked)."""


class QueryError(NewsprismError, ValueError):
    """A search query, filter or page argument cannot be used (bad FTS5 syntax, a date that is not a date)."""


class NotFound(NewsprismError, KeyError):
    """No stored story, article or finding has the id (or id prefix) asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"
