"""What a validation of some sources covers: the named graph of each source, the nodes those graphs
hold or point at (the new statements and the entities they mention), and the wholes their events
are parts of.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, URIRef
from rdflib.term import Node

from graph import iris
from graph.config import base_iri
from graph.namespace import NG
from graph.sparql.terms import sparql_term, values_block
from graph.store import Store
from graph.validate.compile import chunks


def source_graphs(store: Store, source_iris: Sequence[URIRef]) -> dict[URIRef, URIRef]:
    """The named graph of each source: its ng:inGraph, else the graph iris.py mints for its id."""
    out: dict[URIRef, URIRef] = {}
    if not source_iris:
        return out
    rows = store.select(
        f"SELECT ?s ?g WHERE {{ {values_block('s', source_iris)} ?s {sparql_term(NG.inGraph)} ?g }}"
    ).rows
    for r in rows:
        if isinstance(r["s"], URIRef) and isinstance(r["g"], URIRef):
            out[r["s"]] = r["g"]
    prefix = f"{base_iri()}source/"
    for s in source_iris:
        if s not in out and str(s).startswith(prefix) and "/" not in str(s)[len(prefix) :]:
            out[s] = iris.source_graph_iri(str(s)[len(prefix) :])
    return out


def touched_nodes(store: Store, source_iris: Sequence[URIRef]) -> tuple[list[Node], list[Node]]:
    """(focus candidates, new statement nodes) for incremental validation of some sources.

    New nodes are the subjects of the sources' graphs and the IRIs they point at (the entities they
    mention).  Focus candidates add the wholes their events are ng:partOf."""
    graphs = sorted(set(source_graphs(store, source_iris).values()))
    if not graphs:
        return [], []
    rows = store.select(
        f"SELECT DISTINCT ?n WHERE {{ {values_block('g', graphs)} GRAPH ?g {{ "
        f"{{ ?n ?p ?o }} UNION {{ ?s ?p ?n FILTER (isIRI(?n) && ?p != {sparql_term(RDF.type)}) }} }} }}"
    ).rows
    new = [r["n"] for r in rows if r["n"] is not None]
    new_set = set(new)
    focus = list(new)
    for chunk in chunks(new, 400):
        for r in store.select(
            f"SELECT DISTINCT ?w WHERE {{ {values_block('n', chunk)} ?n {sparql_term(NG.partOf)} ?w }}"
        ).rows:
            w = r["w"]
            if w is not None and w not in new_set:
                new_set.add(w)
                focus.append(w)
    return focus, new
