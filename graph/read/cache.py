"""One cache for everything read from the store, keyed on the store's version.

Read models derived from the whole store (name indexes, the actor network's facts, the events'
sentences, validation reports) and response bodies of the REST API are computed once per
*version* of the store and kept until it changes.  A version is:

* a **write counter** where one sees every write to the store: the API server's embedded store
  (its worker pool holds the only writable handle and bumps ``executor.generation`` after every
  write has committed; with ``serve --read-processes`` that counter lives in shared memory and
  every read process reads it), a checkpoint or an in-memory copy (they never change: their counter
  is a constant).  The owner registers it with :func:`set_version_source`;
* otherwise a **fingerprint** asked of the store: the number of sources, their latest
  ``ng:retrieved`` and the size of the entity and reference graphs.

Values are shared between threads (and requests): callers must not modify them.  One store per
process in practice, so memory stays bounded by dropping other stores' values.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph import iris
from graph.sparql.terms import PREFIXES, lexical, sparql_term
from graph.store import Store

T = TypeVar("T")

# store -> a function returning its write counter, for stores whose every write that counter sees
# (the API server's embedded store: it holds the only writable handle and counts its writes)
_VERSION_SOURCES: weakref.WeakKeyDictionary[Store, Callable[[], Any]] = weakref.WeakKeyDictionary()
_PER_VERSION: weakref.WeakKeyDictionary[Store, dict[str, tuple[tuple[Any, ...], Any]]] = (
    weakref.WeakKeyDictionary()
)
_PER_VERSION_LOCK = threading.Lock()


def set_version_source(store: Store, counter: Callable[[], Any] | None) -> None:
    """Let :func:`store_version` read ``counter()`` (a write counter that every write to ``store``
    bumps) instead of fingerprinting the store with queries; None forgets it."""
    if counter is None:
        _VERSION_SOURCES.pop(store, None)
    else:
        _VERSION_SOURCES[store] = counter


def counted(store: Store) -> bool:
    """Whether ``store``'s version is a write counter (:func:`set_version_source`), which sees every
    write, rather than a fingerprint, which may miss one (e.g. an edit of an article's claims)."""
    return store in _VERSION_SOURCES


def store_version(store: Store) -> tuple[Any, ...]:
    """A cheap fingerprint that changes when articles, entities or reference data change.

    With a write counter registered (:func:`set_version_source`) that counter; otherwise the number
    of sources, their latest ``ng:retrieved`` and the size of the entity and reference graphs (three
    small queries: the source count and the latest date are asked apart, since Oxigraph 0.5 takes
    ~0.3 s at 1M quads over the OPTIONAL that joined them)."""
    counter = _VERSION_SOURCES.get(store)
    if counter is not None:
        return ("writes", counter())
    rows = store.select(PREFIXES + "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ng:Source }").rows
    latest = store.select(PREFIXES + "SELECT (MAX(STR(?r)) AS ?m) WHERE { ?s ng:retrieved ?r }").rows
    ref = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { "
        f"{{ GRAPH {sparql_term(iris.reference_graph_iri())} {{ ?s ?p ?o }} }} UNION "
        f"{{ GRAPH {sparql_term(iris.entity_graph_iri())} {{ ?s ?p ?o }} }} }}"
    ).rows
    return (
        lexical(rows[0]["n"]) if rows else None,
        lexical(latest[0]["m"]) if latest else None,
        lexical(ref[0]["n"]) if ref else None,
    )


def per_version(store: Store, key: str, build: Callable[[], T], version: tuple[Any, ...] | None = None) -> T:
    """``build()``, computed once per :func:`store_version` of ``store`` and kept under ``key``.

    For read models derived from the whole store (name indexes, the network facts): the value is
    shared between threads and must not be modified by callers."""
    version = store_version(store) if version is None else version
    entries = _PER_VERSION.get(store)
    hit = entries.get(key) if entries is not None else None
    if hit is not None and hit[0] == version:
        value: T = hit[1]
        return value
    value = build()
    with _PER_VERSION_LOCK:
        # one store per process in practice: keep memory bounded by dropping other stores' values
        for other in [s for s in _PER_VERSION if s is not store]:
            _PER_VERSION.pop(other, None)
        _PER_VERSION.setdefault(store, {})[key] = (version, value)
    return value


class BodyCache:
    """Many small values (response bodies) of one version of the store, least recently used first
    out, bounded in count and bytes; everything is dropped when the version moves.

    A value is kept under the version read *before* it was computed: a write that lands meanwhile
    moves the version past the entry's, so an entry is never served after a write."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 << 20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: Any = None
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0

    def get(self, version: Any, key: Hashable) -> bytes | None:
        with self._lock:
            if version != self._version:
                return None
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, version: Any, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._bytes = 0
                self._version = version
            old = self._entries.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._entries[key] = body
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
