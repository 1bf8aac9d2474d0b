"""What reads or writes the validation graph, in one place.

Contradictions found are data: ``record_contradictions`` writes ``ng:Contradiction`` nodes,
``ng:disputes`` and ``ng:supports`` links into the validation graph, and ``support_counts`` reads
them back.  ``mark_validated`` records that sources were validated (``ng:validatedAt``), and
``never_validated`` finds those stored but never validated (a batch stopped between its writes
and its validation), so the next ingest validates them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from graph import iris
from graph.namespace import NG
from graph.sparql.terms import sparql_term, values_block
from graph.store import Store
from graph.validate.compile import chunks
from graph.validate.contradictions import agreeing_quantities
from graph.validate.results import Issue, ValidationResult


def record_contradictions(
    store: Store, result: ValidationResult | Sequence[Issue], source_iris: Sequence[URIRef] | None = None
) -> dict[str, int]:
    """Write the conflicts among ``result`` into the validation graph as ``ng:Contradiction`` nodes
    (``ng:rule``, ``ng:severity``, ``ng:involves``, ``ng:message``, ``ng:detectedAt``) with
    ``ng:disputes`` links, and ``ng:supports`` links between agreeing exact quantities of the same
    measure of the same event from different sources (those of ``source_iris``, or all).

    One ng:Contradiction per conflict (``Issue.conflict_key``: the rule and what the conflict is
    about, so the IRI stays the same when later sources add statements to it), involving every
    statement of every side.  Only adds: nothing else in the store is deleted, and a contradiction
    already recorded is not written again (statements new to it are added to its ng:involves).
    Returns counts of what was added."""
    issues = result.issues if isinstance(result, ValidationResult) else list(result)
    vg = iris.validation_graph_iri()
    now = _now()
    contradictions: dict[URIRef, tuple[Issue, set[Node]]] = {}
    involved: set[Node]
    disputes: set[tuple[Node, Node]] = set()
    for i in issues:
        if not i.is_contradiction:
            continue
        involved = set(i.involves)
        c = iris.contradiction_iri(
            i.source_shape, i.conflict_key[2:] if i.conflict_key else [str(n) for n in involved]
        )
        if c in contradictions:
            contradictions[c][1].update(involved)
        else:
            contradictions[c] = (i, involved)
        for side in i.raw:
            if side.value is not None:  # a side of a contradiction always has one
                disputes.add((side.focus_node, side.value))
    existing: set[Node] = set()
    for chunk in chunks(list(contradictions), 300):
        rows = store.select(
            f"SELECT ?c WHERE {{ {values_block('c', chunk)} GRAPH {sparql_term(vg)} {{ ?c a {sparql_term(NG.Contradiction)} }} }}"
        ).rows
        existing.update(r["c"] for r in rows if r["c"] is not None)
    g = Graph()
    added = 0
    for c, (i, involved) in contradictions.items():
        if c in existing:
            for s in involved:
                g.add((c, NG.involves, s))
            continue
        added += 1
        g.add((c, RDF.type, NG.Contradiction))
        g.add((c, NG.rule, i.source_shape))
        g.add((c, NG.severity, i.severity))
        for s in involved:
            g.add((c, NG.involves, s))
        g.add((c, NG.message, Literal(i.message)))
        g.add((c, NG.detectedAt, now))
    for a, b in disputes:
        g.add((a, NG.disputes, b))
    supports = agreeing_quantities(store, source_iris)
    for a, b in supports:
        g.add((a, NG.supports, b))
        g.add((b, NG.supports, a))
    if len(g):
        store.replace_graphs({}, add={vg: g})
    return {"contradictions": added, "disputes": len(disputes), "supports": len(supports)}


def _int(term: Node | None) -> int:
    return int(term.toPython()) if isinstance(term, Literal) else 0


def support_counts(store: Store, statement_iri: URIRef | str) -> dict[str, int]:
    """How a statement stands: ``supports`` = independent origins (outlets, or sources when no
    outlet is known) other than its own that ``ng:supports`` link it to; ``disputes`` = distinct
    statements it disputes or that dispute it."""
    st = sparql_term(URIRef(str(statement_iri)))
    sup = store.select(f"""SELECT (COUNT(DISTINCT ?origin) AS ?n) WHERE {{
        {{ {st} {sparql_term(NG.supports)} ?o }} UNION {{ ?o {sparql_term(NG.supports)} {st} }}
        ?o {sparql_term(NG.reportedBy)} ?src .
        OPTIONAL {{ ?src {sparql_term(NG.outlet)} ?outlet }}
        BIND (COALESCE(?outlet, ?src) AS ?origin)
        FILTER NOT EXISTS {{ {st} {sparql_term(NG.reportedBy)} ?mine . OPTIONAL {{ ?mine {sparql_term(NG.outlet)} ?myOutlet }}
                             FILTER (COALESCE(?myOutlet, ?mine) = ?origin) }}
    }}""").rows
    dis = store.select(f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{
        {{ {st} {sparql_term(NG.disputes)} ?o }} UNION {{ ?o {sparql_term(NG.disputes)} {st} }} }}""").rows
    return {
        "supports": _int(sup[0]["n"]) if sup else 0,
        "disputes": _int(dis[0]["n"]) if dis else 0,
    }


def _now() -> Literal:
    return Literal(
        datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime
    )


def mark_validated(store: Store, sources: Sequence[URIRef]) -> None:
    """Record in the validation graph that these sources have been validated (``ng:validatedAt``)."""
    now = _now()
    g = Graph()
    for s in sources:
        g.add((s, NG.validatedAt, now))
    if len(g):
        store.replace_graphs({}, add={iris.validation_graph_iri(): g})


def never_validated(store: Store, sources: Sequence[URIRef]) -> list[URIRef]:
    """Those of ``sources`` stored without being validated (a batch stopped between its writes and
    its validation): they have no ``ng:validatedAt``."""
    done: set[URIRef] = set()
    vg = iris.validation_graph_iri()
    for chunk in chunks(sources, 400):
        rows = store.select(
            f"SELECT DISTINCT ?s WHERE {{ {values_block('s', chunk)} "
            f"GRAPH {sparql_term(vg)} {{ ?s {sparql_term(NG.validatedAt)} ?t }} }}"
        ).rows
        done.update(r["s"] for r in rows if isinstance(r["s"], URIRef))
    return [s for s in sources if s not in done]
