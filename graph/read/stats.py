"""Store statistics: one function shared by the CLI (`newsgraph stats`) and the API (`/stats`)."""

from __future__ import annotations

from typing import Any

from rdflib import Literal, URIRef

from graph.namespace import NG_IRI
from graph.store import Store


def store_stats(store: Store) -> dict[str, Any]:
    """Quads, named graphs, sources, and instances per ng: class (counted once per node)."""
    classes: dict[str, int] = {}
    res = store.select(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . "
        f'FILTER(STRSTARTS(STR(?c), "{NG_IRI}")) }} GROUP BY ?c ORDER BY DESC(?n) ?c'
    )
    for row in res.rows:
        c, n = row["c"], row["n"]
        if isinstance(c, URIRef) and isinstance(n, Literal):
            classes["ng:" + str(c)[len(NG_IRI) :]] = int(n)
    return {
        "store": store.location,
        "quads": store.count(),
        "graphs": len(store.graphs()),
        "sources": classes.get("ng:Source", 0),
        "classes": classes,
    }
