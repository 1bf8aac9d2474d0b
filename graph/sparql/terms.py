"""RDF terms in pyoxigraph, rdflib and SPARQL text: the one set of helpers every query writer uses.

Terms go into SPARQL text only through :func:`sparql_term` (pyoxigraph writes them, escaped), so
user input cannot break out of a query.  The read models, validation, ingestion and the Graph Store
write their queries with :data:`PREFIXES`, :func:`values_block` and :func:`lexical`.

Sections: term conversion, SPARQL text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import overload

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import InputError, StoreError

# ---------------------------------------------------------------------------------------------
# Term conversion
# ---------------------------------------------------------------------------------------------


@overload
def to_rdflib(term: ox.NamedNode) -> URIRef: ...
@overload
def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node: ...
@overload
def to_rdflib(term: ox.DefaultGraph | None) -> None: ...


def to_rdflib(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph | None,
) -> Node | None:
    """pyoxigraph term -> rdflib term (None for the default graph); RDF-star triples raise StoreError."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term; an IRI that is not one raises InputError."""
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise InputError(f"not a valid IRI: {str(term)[:200]!r} ({exc})") from exc
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term {term!r}")


# ---------------------------------------------------------------------------------------------
# SPARQL text
# ---------------------------------------------------------------------------------------------


def sparql_term(term: Node) -> str:
    """A term written as SPARQL/N-Triples text, escaped; safe for user input."""
    return str(to_oxigraph(term))


def triples_block(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """Triples as SPARQL text, one ``s p o .`` a line (the body of INSERT DATA)."""
    return "\n".join(f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in triples)


def replace_graphs_update(
    replace: dict[URIRef, Graph] | None = None, add: dict[URIRef, Graph] | None = None
) -> str:
    """One SPARQL Update that drops and refills some graphs and adds to others."""
    parts: list[str] = []
    for g in replace or {}:
        parts.append(f"DROP SILENT GRAPH {sparql_term(g)}")
    blocks = []
    for g, triples in list((replace or {}).items()) + list((add or {}).items()):
        if len(triples):
            blocks.append(f"GRAPH {sparql_term(g)} {{\n{triples_block(triples)}\n}}")
    if blocks:
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts)


def iri_term(iri: str) -> str:
    """An IRI given as a string, written as SPARQL text."""
    return sparql_term(URIRef(iri))


#: The prefixes the read models and validation write their queries with (unused ones cost nothing).
PREFIXES = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <https://schema.org/>
PREFIX sh: <http://www.w3.org/ns/shacl#>
"""


def values_block(var: str, terms: Iterable[str | Node]) -> str:
    """A ``VALUES ?var { ... }`` block; plain strings are taken as IRIs."""
    written = " ".join(sparql_term(t if isinstance(t, Node) else URIRef(t)) for t in terms)
    return f"VALUES ?{var.lstrip('?')} {{ {written} }}"


def lexical(term: Node | None) -> str | None:
    """A term's lexical form, or None for no term (an unbound variable)."""
    return None if term is None else str(term)
