"""The class tree of the ontology, read from ``ontology/newsgraph.ttl`` once per process.

Lists of classes (the event types, the kinds of organisation, the actors) are read from the
ontology's ``rdfs:subClassOf`` statements rather than written out in code, so a class added to the
ontology is counted, shown and validated everywhere without another edit.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from graph.config import project_root
from graph.namespace import NG, NG_IRI


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(project_root() / "ontology" / "newsgraph.ttl", format="turtle")


def ontology_graph() -> Graph:
    """A fresh copy of the ontology's triples (callers may add to it)."""
    g = Graph()
    for triple in _ontology():
        g.add(triple)
    return g


@lru_cache(maxsize=1)
def superclasses() -> dict[URIRef, frozenset[URIRef]]:
    """Named class -> its named strict superclasses (transitive)."""
    g = _ontology()
    out: dict[URIRef, frozenset[URIRef]] = {}
    for c in {s for s in g.subjects(RDFS.subClassOf) if isinstance(s, URIRef)}:
        above = {x for x in g.transitive_objects(c, RDFS.subClassOf) if isinstance(x, URIRef)}
        above.discard(c)
        out[c] = frozenset(above)
    return out


@cache
def subclasses(cls: URIRef, include_self: bool = False) -> tuple[URIRef, ...]:
    """The named classes below ``cls`` in the ontology, at any depth, sorted by IRI."""
    g = _ontology()
    found = {c for c in g.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef)}
    if not include_self:
        found.discard(cls)
    return tuple(sorted(found))


def local_name(cls: URIRef) -> str:
    """``ng:PrisonerExchange`` -> ``PrisonerExchange``."""
    text = str(cls)
    return text[len(NG_IRI) :] if text.startswith(NG_IRI) else text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def event_classes() -> tuple[URIRef, ...]:
    """The kinds of event (the subclasses of ng:Event)."""
    return subclasses(NG.Event)


def organisation_classes(include_self: bool = True) -> tuple[URIRef, ...]:
    """ng:Organization and its kinds (government bodies, armed forces, states, ...)."""
    return subclasses(NG.Organization, include_self=include_self)


def actor_classes() -> tuple[URIRef, ...]:
    """Every class of actor: persons, organisations of every kind, collectives."""
    return subclasses(NG.Actor)
