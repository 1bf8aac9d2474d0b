"""Moved: the REST routes are in ``api/routes/`` (one router per resource, one dependency for the
store).  Only :func:`track_writes` is left here, for api/pages.py, which still calls it."""

from __future__ import annotations

from typing import Any


def track_writes(state: Any) -> None:
    """Nothing left to do: ``api.app.AppState`` registers the server's write counter with the read
    caches (``graph.read.cache.set_version_source``) when it opens the store."""
