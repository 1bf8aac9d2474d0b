"""Conflicts between statements: one conflict, one result; and the quantities that agree.

The engines report a conflict between two statements from both sides, and once per pair of
statements; ``merge_conflicts`` folds the results of one conflict (same rule, and the same office
and holders, holder and offices, or event and measure) into one ``Issue`` whose ``sides`` keep
every engine result, so reports, pages and counts show it once with the evidence of all the
statements involved.  ``agreeing_quantities`` finds the opposite: exact quantities of the same
measure of one event that different sources agree on (recorded as ``ng:supports`` by
graph/validate/record.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from graph.classes import event_classes
from graph.config import base_iri
from graph.namespace import NG
from graph.sparql.terms import sparql_term, values_block
from graph.store import Store
from graph.validate.compile import chunks
from graph.validate.results import Issue, result_order
from graph.validate.scope import source_graphs
from graph.validate.shapes import NGSH

_CONFLICT_PREDICATES = {NG.holder: "holder", NG.office: "office", NG.measure: "measure"}


def _conflict_facts(store: Store, nodes: Sequence[Node]) -> dict[Node, dict[str, set[str]]]:
    """Holder, office and measure of statement nodes, and the nodes that have them as ng:quantity."""
    out: dict[Node, dict[str, set[str]]] = {}
    iris_ = [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]
    preds = ", ".join(sparql_term(p) for p in _CONFLICT_PREDICATES)
    for chunk in chunks(iris_, 300):
        q = (
            f"SELECT ?n ?p ?o WHERE {{ {values_block('n', chunk)} "
            f"{{ ?n ?p ?o FILTER (?p IN ({preds})) }} UNION "
            f"{{ ?o {sparql_term(NG.quantity)} ?n BIND ({sparql_term(NG.quantity)} AS ?p) }} }}"
        )
        for r in store.select(q).rows:
            n, pred, o = r["n"], r["p"], r["o"]
            if n is None or not isinstance(pred, URIRef) or o is None:
                continue
            label = _CONFLICT_PREDICATES.get(pred, "subject")
            out.setdefault(n, {}).setdefault(label, set()).add(str(o))
    return out


def _conflict_key(i: Issue, facts: dict[Node, dict[str, set[str]]]) -> tuple[str, ...]:
    """What a result is about, so that the results of one conflict share it: the rule and severity,
    then the office and both holders (single seat), the holder and both offices (exclusive
    offices), the holder and office (a holding against the reference), the event and measure
    (numbers), or else the two statements."""
    mine = facts.get(i.focus_node, {})
    other = facts.get(i.value, {}) if i.value is not None else {}
    head = (str(i.source_shape), str(i.severity))

    def both(label: str) -> tuple[str, ...]:
        return tuple(sorted(mine.get(label, set()) | other.get(label, set())))

    shape = i.source_shape
    if shape == NGSH.SingleSeatOverlapShape and mine.get("office") and len(both("holder")) == 2:
        return (*head, "office", *sorted(mine["office"]), "holders", *both("holder"))
    if shape == NGSH.ExclusiveOfficesShape and mine.get("holder") and len(both("office")) == 2:
        return (*head, "holder", *sorted(mine["holder"]), "offices", *both("office"))
    if shape in (NGSH.FormerHolderInOfficeShape, NGSH.CurrentHolderAfterTermShape) and mine.get("office"):
        return (*head, "holder", *sorted(mine.get("holder", set())), "office", *sorted(mine["office"]))
    # the subject both quantities are numbers of (a claim that carries one is not it)
    shared = mine.get("subject", set()) & other.get("subject", set())
    if shape == NGSH.QuantityDisagreementShape and shared and mine.get("measure"):
        return (*head, "event", *sorted(shared), "measure", *sorted(mine["measure"]))
    if shape == NGSH.PartsSumShape and other.get("measure"):
        return (*head, "event", str(i.focus_node), "measure", *sorted(other["measure"]))
    return (*head, "statements", *sorted({str(i.focus_node), str(i.value)}))


def _reference_first(i: Issue) -> tuple[Any, ...]:
    """Order of the sides of one conflict: an article statement in focus before reference data."""
    ref = f"{base_iri()}reference/"
    return (str(i.focus_node).startswith(ref), str(i.focus_node), str(i.value))


def merge_conflicts(store: Store, issues: Sequence[Issue]) -> list[Issue]:
    """Fold the results of one conflict into one (see the module text).  Results of rules that are
    not conflicts between statements stay as they are.  The first side (an article statement
    before reference data, then by IRI) gives the merged result its focus node, value and message;
    ``sides`` keeps them all.  Deterministic: the same engine results give the same merged ones,
    whichever engine produced them."""
    conflicts = [i for i in issues if i.is_contradiction]
    if not conflicts:
        return list(issues)
    nodes: list[Node] = []
    for i in conflicts:
        nodes.append(i.focus_node)
        if i.value is not None:  # a contradiction always has one (Issue.is_contradiction)
            nodes.append(i.value)
    facts = _conflict_facts(store, nodes)
    groups: dict[tuple[str, ...], list[Issue]] = {}
    for i in conflicts:
        groups.setdefault(_conflict_key(i, facts), []).append(i)
    out = [i for i in issues if not i.is_contradiction]
    for key, members in groups.items():
        members = sorted(members, key=_reference_first)
        first = members[0]
        merged = Issue(
            source_shape=first.source_shape,
            focus_node=first.focus_node,
            severity=first.severity,
            message=first.message,
            constraint_component=first.constraint_component,
            path=first.path,
            value=first.value,
            source_constraint=first.source_constraint,
            bindings=dict(first.bindings),
            sides=[replace(m, sides=[], statements=[]) for m in members],
            conflict_key=key,
        )
        out.append(merged)
    out.sort(key=result_order)
    return out


def agreeing_quantities(
    store: Store, source_iris: Sequence[URIRef] | None = None
) -> set[tuple[URIRef, URIRef]]:
    """Pairs of exact quantities of the same measure of the same event (linked by ng:quantity) with
    equal values, from different sources; limited to the quantities of ``source_iris`` when given.
    Only an event that is one event (one type, one start date, at most one end date) is compared,
    as in QuantityDisagreementShape: mentions of several events merged on one node support nothing."""
    head = ""
    if source_iris is not None:
        graphs = sorted(set(source_graphs(store, source_iris).values()))
        if not graphs:
            return set()
        head = f"{values_block('g', graphs)} GRAPH ?g {{ ?q1 a {sparql_term(NG.Quantity)} }}"
    types = ", ".join(sparql_term(t) for t in event_classes())
    q = f"""SELECT DISTINCT ?q1 ?q2 WHERE {{
        {head}
        ?subject {sparql_term(NG.quantity)} ?q1 .
        # one event, as QuantityDisagreementShape takes it: one type, one start, at most one end date
        ?subject {sparql_term(NG.startDate)} ?start ; a ?type . FILTER (?type IN ({types}))
        FILTER NOT EXISTS {{ ?subject a ?type2 . FILTER (?type2 != ?type && ?type2 IN ({types})) }}
        FILTER NOT EXISTS {{ ?subject {sparql_term(NG.startDate)} ?start2 . FILTER (?start2 != ?start) }}
        FILTER NOT EXISTS {{ ?subject {sparql_term(NG.endDate)} ?end1, ?end2 . FILTER (?end1 != ?end2) }}
        ?q1 {sparql_term(NG.measure)} ?m ; {sparql_term(NG.value)} ?v1 ; {sparql_term(NG.reportedBy)} ?s1 .
        ?subject {sparql_term(NG.quantity)} ?q2 .
        ?q2 {sparql_term(NG.measure)} ?m ; {sparql_term(NG.value)} ?v2 ; {sparql_term(NG.reportedBy)} ?s2 .
        FILTER (?s1 != ?s2 && ?v1 = ?v2)
        FILTER NOT EXISTS {{ ?q1 {sparql_term(NG.qualifier)} ?x1 . FILTER (?x1 != {sparql_term(NG.Exactly)}) }}
        FILTER NOT EXISTS {{ ?q2 {sparql_term(NG.qualifier)} ?x2 . FILTER (?x2 != {sparql_term(NG.Exactly)}) }}
    }}"""
    out: set[tuple[URIRef, URIRef]] = set()
    for r in store.select(q).rows:
        a, b = r["q1"], r["q2"]
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            out.add((a, b) if str(a) < str(b) else (b, a))
    return out
