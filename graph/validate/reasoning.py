"""The entity graph against the ontology's disjointness axioms, with the classes that domains and
ranges give the nodes.

Two checks that must agree:

- :func:`reasoner_check`: owlready2's HermiT reasoner (Java) over the ontology (annotations left
  out) plus the entity graph.  It says whether the whole is consistent; :func:`owl_inconsistent`
  then names the individuals whose own description (their triples and the triples that point at
  them) the reasoner finds inconsistent.  This is the check of full passes
  (``validate_all``), where one Java run over the entity graph is affordable (about 2 s for a
  small store, 10 s for the 283-article corpus).
- :func:`sparql_inconsistent`: the same axioms applied to what SPARQL reads from the store (types,
  and the properties the ontology gives a domain, a range or functionality), for per-article checks
  and machines without Java.  tests/test_reasoning.py shows on fixtures, one per kind of axiom,
  that it names exactly the individuals the reasoner does.

What is checked: an individual's classes are its asserted types, the domains of the properties it
is the subject of and the ranges of those it is the object of (both for symmetric properties),
closed under ``rdfs:subClassOf``; it is inconsistent when two of them are disjoint
(``owl:AllDisjointClasses``, ``owl:disjointWith``), or when a union range (``ng:jurisdiction``: a
state or a place) has no member compatible with them.  Literal values are left out of both checks:
datatypes and how many names an entity has are the SHACL shapes' business (shapes/), and a wrong
datatype would otherwise be reported twice.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from graph import iris
from graph.classes import ontology_graph
from graph.config import base_iri
from graph.errors import NewsgraphError
from graph.sparql.terms import sparql_term
from graph.store import Store
from graph.validate.results import Issue

log = logging.getLogger(__name__)
NGSH = Namespace("https://w3id.org/newsgraph/shapes#")
#: ``sh:sourceShape`` of the results this module reports
DISJOINT_RULE = NGSH.OntologyConsistencyRule

_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.isDefinedBy}


class ReasonerError(NewsgraphError):
    """The reasoner could not run (no Java, or it failed)."""


# ---------------------------------------------------------------------------------------------
# The axioms, read from the ontology
# ---------------------------------------------------------------------------------------------


@dataclass
class Axioms:
    supers: dict[URIRef, set[URIRef]] = field(default_factory=dict)  # class -> itself and its superclasses
    disjoint: set[frozenset[URIRef]] = field(default_factory=set)
    domain: dict[URIRef, list[frozenset[URIRef]]] = field(default_factory=dict)  # each a class or a union
    range: dict[URIRef, list[frozenset[URIRef]]] = field(default_factory=dict)
    symmetric: set[URIRef] = field(default_factory=set)

    def closure(self, classes: Iterable[URIRef]) -> set[URIRef]:
        out: set[URIRef] = set()
        for c in classes:
            out |= self.supers.get(c, {c})
        return out

    def clash(self, classes: set[URIRef]) -> tuple[URIRef, URIRef] | None:
        """Two disjoint classes among ``classes`` (already closed), if any."""
        for pair in self.disjoint:
            if pair <= classes:
                a, b = sorted(pair)
                return a, b
        return None


def _class_sets(g: Graph, node: Node) -> frozenset[URIRef] | None:
    if isinstance(node, URIRef):
        return frozenset({node})
    members = g.value(node, OWL.unionOf)
    if members is not None:
        return frozenset(m for m in Collection(g, members) if isinstance(m, URIRef))
    return None


@lru_cache(maxsize=1)
def axioms() -> Axioms:
    g = ontology_graph()
    ax = Axioms()
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in g.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct[s].add(o)
    classes = {c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)} | set(direct)
    for c in classes:
        seen = {c}
        todo = list(direct.get(c, ()))
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(direct.get(x, ()))
        ax.supers[c] = seen
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        lst = g.value(node, OWL.members)
        members = [m for m in Collection(g, lst) if isinstance(m, URIRef)] if lst is not None else []
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                ax.disjoint.add(frozenset({a, b}))
    for d1, d2 in g.subject_objects(OWL.disjointWith):
        if isinstance(d1, URIRef) and isinstance(d2, URIRef):
            ax.disjoint.add(frozenset({d1, d2}))
    # properties, with what their super-properties say
    sup_p: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in g.subject_objects(RDFS.subPropertyOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            sup_p[s].add(o)
    props = {p for p in g.subjects(RDF.type, None) if isinstance(p, URIRef)}
    for p in props:
        chain = {p}
        todo = list(sup_p.get(p, ()))
        while todo:
            x = todo.pop()
            if x not in chain:
                chain.add(x)
                todo.extend(sup_p.get(x, ()))
        if (p, RDF.type, OWL.DatatypeProperty) in g:
            continue
        for q in chain:
            for d in g.objects(q, RDFS.domain):
                cs = _class_sets(g, d)
                if cs:
                    ax.domain.setdefault(p, []).append(cs)
            for r in g.objects(q, RDFS.range):
                cs = _class_sets(g, r)
                if cs:
                    ax.range.setdefault(p, []).append(cs)
        if (p, RDF.type, OWL.SymmetricProperty) in g:
            ax.symmetric.add(p)
    return ax


# ---------------------------------------------------------------------------------------------
# The SPARQL check
# ---------------------------------------------------------------------------------------------


def graph_inconsistent(g: Graph, ax: Axioms | None = None) -> dict[URIRef, str]:
    """Individuals of ``g`` that break the axioms, each with the reason."""
    ax = ax or axioms()
    conj: dict[Node, set[URIRef]] = defaultdict(set)
    unions: dict[Node, list[frozenset[URIRef]]] = defaultdict(list)
    out: dict[URIRef, str] = {}
    for s, o in g.subject_objects(RDF.type):
        if isinstance(o, URIRef):
            conj[s].add(o)
    for s, p, o in g:
        if not isinstance(p, URIRef) or p == RDF.type or isinstance(o, Literal):
            continue
        for side, sets in ((s, ax.domain.get(p, [])), (o, ax.range.get(p, []))):
            if p in ax.symmetric:
                sets = ax.domain.get(p, []) + ax.range.get(p, [])
            for cs in sets:
                if len(cs) == 1:
                    conj[side] |= cs
                else:
                    unions[side].append(cs)
    for node in set(conj) | set(unions):
        if not isinstance(node, URIRef) or node in out:
            continue
        closed = ax.closure(conj[node])
        pair = ax.clash(closed)
        if pair:
            out[node] = f"it is both {_local(pair[0])} and {_local(pair[1])}, which are disjoint"
            continue
        for u in unions[node]:
            if all(ax.clash(closed | ax.closure({m})) for m in u):
                names = " or ".join(sorted(_local(m) for m in u))
                have = ", ".join(sorted(_local(c) for c in conj[node])) or "untyped"
                out[node] = f"it must be {names} (a property's range), but it is {have}"
                break
    return out


def _local(term: Node) -> str:
    return str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_graph(store: Store, nodes: Sequence[Node] | None = None, chunk: int = 200) -> Graph:
    """The entity graph, or the part of it that describes or points at ``nodes``."""
    eg = sparql_term(iris.entity_graph_iri())
    if nodes is None:
        return store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {eg} {{ ?s ?p ?o }} }}")
    out = Graph()
    for i in range(0, len(nodes), chunk):
        values = " ".join(sparql_term(n) for n in nodes[i : i + chunk])
        out += store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?x {{ {values} }} GRAPH {eg} "
            f"{{ {{ ?x ?p ?o BIND(?x AS ?s) }} UNION {{ ?s ?p ?x BIND(?x AS ?o) }} }} }}"
        )
    return out


def sparql_inconsistent(store: Store, nodes: Sequence[Node] | None = None) -> dict[URIRef, str]:
    """The SPARQL check over the entity graph (or over what describes or points at ``nodes``)."""
    found = graph_inconsistent(entity_graph(store, nodes))
    if nodes is not None:
        wanted = set(nodes)
        found = {k: v for k, v in found.items() if k in wanted}
    return found


# ---------------------------------------------------------------------------------------------
# owlready2's reasoner
# ---------------------------------------------------------------------------------------------


def java_available() -> bool:
    return shutil.which("java") is not None


@lru_cache(maxsize=1)
def _tbox() -> Graph:
    g = Graph()
    for s, p, o in ontology_graph():
        if p in _ANNOTATIONS or (isinstance(o, Literal) and o.language):
            continue
        g.add((s, p, o))
    return g


_MEMO: dict[str, bool] = {}  # sha256 of the N-Triples text -> consistent


def _consistent_nt(data: str) -> bool:
    key = hashlib.sha256(data.encode("utf-8")).hexdigest()
    if key not in _MEMO:
        if len(_MEMO) > 512:
            _MEMO.clear()
        _MEMO[key] = _run_hermit(data)
    return _MEMO[key]


def _run_hermit(data: str) -> bool:
    import owlready2

    with tempfile.TemporaryDirectory(prefix="newsgraph-owl-") as tmp:
        path = Path(tmp) / "abox.nt"
        path.write_text(data, encoding="utf-8")
        world = owlready2.World()
        try:
            world.get_ontology(path.as_uri()).load(format="ntriples")
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False
        except (owlready2.OwlReadyJavaError, OSError) as exc:
            raise ReasonerError(f"the OWL reasoner failed: {str(exc).strip().splitlines()[-1:]}") from exc
        finally:
            world.close()
    return True


def reasoner_check(g: Graph) -> bool:
    """Whether the ontology plus ``g`` is consistent, by owlready2's HermiT (memoised by content)."""
    if not java_available():
        raise ReasonerError("the OWL reasoner needs Java (java on PATH)")
    data = _tbox() + without_literals(g)
    lines = sorted(data.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    text = "\n".join(line for line in lines if line.strip()) + "\n"
    return _consistent_nt(text)


def without_literals(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if not isinstance(t[2], Literal):
            out.add(t)
    return out


def _around(g: Graph, node: Node) -> Graph:
    out = Graph()
    for t in g.triples((node, None, None)):
        out.add(t)
    for t in g.triples((None, None, node)):
        out.add(t)  # without the pointing node's own types: a clash of its own is not this node's
    return out


def owl_inconsistent(
    g: Graph, candidates: Iterable[URIRef] | None = None, limit: int = 25
) -> dict[URIRef, str]:
    """Individuals whose own description the reasoner finds inconsistent.  One reasoner run when
    ``g`` is consistent; otherwise one per candidate (the SPARQL check's, or every subject),
    at most ``limit``, plus one for what is left without them."""
    if reasoner_check(g):
        return {}
    cands = sorted(
        candidates if candidates is not None else {s for s in g.subjects() if isinstance(s, URIRef)}
    )
    out: dict[URIRef, str] = {}
    for c in cands[:limit]:
        if not reasoner_check(_around(g, c)):
            out[c] = "the OWL reasoner finds its description inconsistent with the ontology"
    rest = Graph()
    for s, p, o in g:
        if s not in out and o not in out:
            rest.add((s, p, o))
    if not reasoner_check(rest):
        out[iris.entity_graph_iri()] = (
            "the OWL reasoner finds the entity graph inconsistent beyond the named nodes"
        )
    return out


# ---------------------------------------------------------------------------------------------
# Results for validation
# ---------------------------------------------------------------------------------------------


def reasoner_enabled() -> bool:
    """Full passes run the reasoner unless NEWSGRAPH_REASONER is 0/off/false, and when Java is there."""
    import os

    flag = os.environ.get("NEWSGRAPH_REASONER", "").strip().lower()
    return flag not in {"0", "off", "false", "no", "sparql"} and java_available()


def entity_issues(
    store: Store, reasoner: bool | None = None, nodes: Sequence[Node] | None = None
) -> list[Issue]:
    """Validation results (``graph.validate.results.Issue``) for the entity graph's inconsistencies with the
    ontology.  Full pass (``nodes`` None): owlready2's reasoner when ``reasoner`` (default: Java
    is there and NEWSGRAPH_REASONER is not off), the SPARQL check naming the candidates it
    confirms; per-article (``nodes``: the entities touched): the SPARQL check on those."""
    if nodes is not None:
        # article-scoped nodes (holdings, evidence, ...) are never described in the entity graph
        scoped = f"{base_iri()}source/"
        nodes = [n for n in nodes if not str(n).startswith(scoped)]
        reasons = sparql_inconsistent(store, nodes) if nodes else {}
        g = entity_graph(store, sorted(reasons)) if reasons else Graph()
    else:
        g = entity_graph(store)
        found = graph_inconsistent(g)
        use_owl = reasoner_enabled() if reasoner is None else reasoner
        reasons = found
        if use_owl:
            try:
                owl = owl_inconsistent(g, sorted(found))
            except ReasonerError as exc:  # a broken Java must not stop a validation pass
                log.warning("%s; the entity graph is checked by the SPARQL check only", exc)
            else:
                reasons = {k: found.get(k, v) for k, v in owl.items()}
    names = {s: str(o) for s, o in g.subject_objects(URIRef("https://w3id.org/newsgraph/ontology#name"))}
    return [
        Issue(
            source_shape=DISJOINT_RULE,
            focus_node=node,
            severity=SH.Violation,
            message=f"{names.get(node, _local(node))} breaks the ontology: {why}",
            constraint_component=SH.SPARQLConstraintComponent,
        )
        for node, why in sorted(reasons.items())
    ]
