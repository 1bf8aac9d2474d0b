"""Every result can explain itself: the statements it involves (holdings, quantities, events,
claims, sources), their holders, values and dates, each with its sources (title, outlet, URL) and
evidence sentence, as people read them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib import RDF, Namespace, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from graph.classes import event_classes
from graph.namespace import NG
from graph.read.statements import attributed_sources
from graph.sparql.terms import lexical, sparql_term, values_block
from graph.store import Store
from graph.validate.compile import chunks
from graph.validate.results import Evidence, Issue, SourceInfo, Statement

SCHEMA = Namespace("https://schema.org/")

_FACT_PREDICATES: list[tuple[URIRef, str]] = [
    (NG.holder, "holder"),
    (NG.office, "office"),
    (NG.officeTitle, "as worded"),
    (NG.status, "status"),
    (NG.asOf, "as of"),
    (NG.startDate, "start"),
    (NG.endDate, "end"),
    (NG.value, "value"),
    (NG.qualifier, "qualifier"),
    (NG.measure, "measure"),
    (NG.counts, "counts"),
    (NG.label, "label"),
    (NG.content, "content"),
    (NG.claimant, "claimant"),
    (NG.about, "about"),
    (NG.partOf, "part of"),
    (NG.expectedParts, "expected parts"),
    (SCHEMA.headline, "headline"),
    (SCHEMA.datePublished, "published"),
    (NG.publishedInferred, "published date inferred"),
    (NG.name, "name"),
]
_KINDS = [
    (NG.OfficeHolding, "office holding"),
    (NG.Quantity, "quantity"),
    (NG.Claim, "claim"),
    (NG.Source, "source"),
    (NG.Evidence, "evidence"),
    (NG.Office, "office"),
    (NG.Person, "person"),
]


def _display(term: Node, name: Node | None) -> str:
    if name is not None:
        return str(name)
    if isinstance(term, URIRef):
        s = str(term)
        if s.startswith(str(NG)):
            return s[len(str(NG)) :]
        return s
    return str(term)


def describe_statements(store: Store, nodes: Sequence[Node]) -> dict[Node, Statement]:
    """Readable descriptions of statement nodes, with sources and evidence, in three queries: their
    facts and types here, their sources and the evidence each gave from the read models
    (graph/read/statements.py, ``attributed_sources``)."""
    wanted = [n for n in dict.fromkeys(nodes) if isinstance(n, URIRef)]
    out: dict[Node, Statement] = {}
    if not wanted:
        return out
    facts: dict[Node, dict[URIRef, list[str]]] = {}
    types: dict[Node, set[Node]] = {}
    derived: dict[Node, list[str]] = {}
    preds = [p for p, _ in _FACT_PREDICATES] + [RDF.type, PROV.wasDerivedFrom]
    for chunk in chunks(wanted, 300):
        # FILTER, not VALUES ?p: Oxigraph joined a VALUES list of predicates with a scan of every
        # triple having one of them (1.7 s instead of 17 ms for 136 results at 1M triples)
        q = (
            f"SELECT DISTINCT ?n ?p ?o ?oname WHERE {{ {values_block('n', chunk)} ?n ?p ?o . "
            f"FILTER (?p IN ({', '.join(sparql_term(p) for p in preds)})) "
            f"OPTIONAL {{ ?o {sparql_term(NG.name)} ?oname }} }}"
        )
        for r in store.select(q).rows:
            n, p, o = r["n"], r["p"], r["o"]
            if n is None or p is None or o is None:
                continue
            if p == RDF.type:
                types.setdefault(n, set()).add(o)
            elif p == PROV.wasDerivedFrom:
                derived.setdefault(n, []).append(str(o))
            elif isinstance(p, URIRef):  # always: one of the predicates asked for
                vals = facts.setdefault(n, {}).setdefault(p, [])
                text = _display(o, r.get("oname"))
                if text not in vals:
                    vals.append(text)
    event_types = {NG.Event, *event_classes()}
    for n in wanted:
        ts = types.get(n, set())
        kind = next((label for cls, label in _KINDS if cls in ts), None)
        if kind is None:
            kind = "event" if ts & event_types else "statement"
        st = Statement(iri=n, kind=kind, derived_from=sorted(set(derived.get(n, []))))
        for p, label in _FACT_PREDICATES:
            fact_vals = facts.get(n, {}).get(p)
            if fact_vals:
                st.facts[label] = ", ".join(sorted(fact_vals))
        out[n] = st
    srcs: dict[Node, dict[Node, SourceInfo]] = {}
    evs: dict[Node, dict[tuple[Any, ...], Evidence]] = {}
    for r in attributed_sources(store, wanted):
        n, src = r["n"], r["src"]
        if n is None or not isinstance(src, URIRef):
            continue
        srcs.setdefault(n, {}).setdefault(
            src,
            SourceInfo(
                iri=src,
                title=lexical(r.get("title")),
                outlet=lexical(r.get("outletName")),
                url=lexical(r.get("url")),
                published=lexical(r.get("pub")),
            ),
        )
        if r.get("ev") is not None and (r.get("sentence") is not None or r.get("exact") is not None):
            k = (src, r.get("ev"))
            e = evs.setdefault(n, {}).setdefault(k, Evidence(source=src))
            e.sentence = e.sentence or lexical(r.get("sentence"))
            e.exact = e.exact or lexical(r.get("exact"))
    for n, st in out.items():
        st.sources = sorted(srcs.get(n, {}).values(), key=lambda s: str(s.iri))
        st.evidence = sorted(evs.get(n, {}).values(), key=lambda e: (str(e.source), e.sentence or ""))
    return out


def explain(store: Store, issues: Sequence[Issue]) -> None:
    """Attach to each issue the statements it involves (the focus nodes and ``sh:value`` nodes of
    all its sides), described for people: who, what, when, with sources and evidence."""
    nodes: list[Node] = []
    for i in issues:
        nodes.extend(i.involves)
    described = describe_statements(store, nodes)
    for i in issues:
        i.statements = [described[n] for n in i.involves if n in described]
