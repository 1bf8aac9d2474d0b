"""Errors that the CLI and the API turn into one-line messages (never tracebacks)."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class: a problem the user can act on, with a message that names it."""


class StoreError(NewsgraphError):
    """The store could not be opened, read or written."""


class StoreBusyError(StoreError):
    """The embedded store is held by another writing process."""


class QuerySyntaxError(NewsgraphError):
    """A SPARQL query or update could not be parsed."""


class QueryTimeoutError(NewsgraphError):
    """A query ran past its time limit and was stopped."""


class InputError(NewsgraphError):
    """An input file, record or request body is unusable."""
