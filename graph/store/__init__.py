"""One store interface, two backends: embedded Oxigraph on disk, or any SPARQL 1.1 server.

Both speak the same methods, so the CLI, the API, ingestion and validation never care which one
they hold.  Queries see the *union* of all named graphs as their default graph (Oxigraph server:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``; GraphDB and Virtuoso do so by
default), and ``GRAPH ?g`` reaches one article's graph.

Writing one article is all-or-nothing: its graph is replaced and its entity descriptions added in
one SPARQL Update request, which is one transaction on the embedded store and on Oxigraph server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from graph.config import StoreSettings
from graph.errors import StoreBusyError, StoreError
from graph.store.base import SelectResult, Store
from graph.store.embedded import OxigraphStore
from graph.store.remote import RemoteStore

__all__ = [
    "SERVER_FILE",
    "OxigraphStore",
    "RemoteStore",
    "SelectResult",
    "Store",
    "open_store",
    "running_server",
]

# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------

SERVER_FILE = ".server.json"


def running_server(path: str | Path) -> dict[str, Any] | None:
    """The `newsgraph serve` holding an embedded store, if one left its address beside it."""
    info_path = Path(path) / SERVER_FILE
    try:
        info = json.loads(info_path.read_text())
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if isinstance(pid, int):
        try:
            os.kill(pid, 0)
        except OSError:
            return None
    return info if isinstance(info, dict) else None


def open_store(
    location: str | None = None,
    *,
    read_only: bool = False,
    settings: StoreSettings | None = None,
    via_server: bool = True,
) -> Store:
    """Open the store named by ``location`` (a folder or an http(s) URL), else by NEWSGRAPH_STORE.

    When the embedded store is held by a running ``newsgraph serve``, the other commands go
    through that server's SPARQL endpoint instead (its address and write token are left in
    ``<store>/.server.json``, readable only by its owner).  ``read_only``: the caller only reads, so
    a store that cannot be opened for writing (a read-only volume, a mounted backup) is opened
    read-only instead of failing."""
    settings = settings or StoreSettings.from_env(location)
    if location:
        settings.location = location
    if settings.is_remote:
        return RemoteStore(settings)
    try:
        return OxigraphStore(settings.location, read_only=False)
    except StoreBusyError:
        info = running_server(settings.location) if via_server else None
        if not info:
            raise
        remote = StoreSettings(
            location=info["url"],
            query_path="/sparql",
            update_path="/sparql",
            store_path="/store",
            token=info.get("token"),
            timeout_s=settings.timeout_s,
        )
        return RemoteStore(remote)
    except StoreError:
        if read_only:
            # a mounted backup or a read-only volume: reading still works, writing says why not
            return OxigraphStore(settings.location, read_only=True)
        raise
