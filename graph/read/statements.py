"""The statements read models share: office holdings, and the provenance of a fact (the sources
that state it, the evidence sentences and quote selectors it was read from).

Used by the REST read models (graph/read/queries.py: holdings, provenance), the pages
(graph/read/pages.py: evidence_in_graphs, each source's own evidence) and validation's explanations
(graph/validate/explain.py: attributed_sources).  Values are JSON-ready (graph/read/rows.py): IRIs
as strings, literals as their JSON value; attributed_sources gives rdflib terms, as explain reads them.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import Namespace, URIRef
from rdflib.term import Node

from graph.namespace import NG
from graph.read.rows import is_iri, select
from graph.sparql.terms import PREFIXES, lexical, sparql_term, values_block
from graph.store import Store

OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")

# ---------------------------------------------------------------------------------------------
# Provenance: sources and evidence
# ---------------------------------------------------------------------------------------------


def provenance(store: Store, facts: list[URIRef]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Sources and evidence of each fact node: ``{fact: {"sources": [...], "evidence": [...]}}``."""
    out: dict[str, dict[str, OrderedDict[str, dict[str, Any]]]] = {
        str(f): {"sources": OrderedDict(), "evidence": OrderedDict()} for f in facts
    }
    if not facts:
        return {}
    # three queries, one per kind of link: a UNION of the three joined to the VALUES of the facts is
    # planned badly by Oxigraph 0.5 (four times the index reads of the three apart)
    block = values_block("?fact", facts)
    for r in select(
        store,
        f"""{PREFIXES}SELECT ?fact ?source ?headline WHERE {{
  {block} ?fact ng:reportedBy ?source . OPTIONAL {{ ?source schema:headline ?headline }} }}""",
    ):
        out[r["fact"]]["sources"].setdefault(r["source"], {"iri": r["source"], "headline": r["headline"]})
    for r in select(
        store, f"{PREFIXES}SELECT ?fact ?derived WHERE {{ {block} ?fact prov:wasDerivedFrom ?derived }}"
    ):
        out[r["fact"]]["sources"].setdefault(r["derived"], {"iri": r["derived"], "headline": None})
    for r in select(
        store,
        f"""{PREFIXES}SELECT ?fact ?ev ?sentence ?exact ?start ?end WHERE {{
  {block} ?fact ng:evidence ?ev .
  OPTIONAL {{ ?ev ng:sentence ?sentence }}
  OPTIONAL {{ ?ev oa:hasSelector ?qs . ?qs a oa:TextQuoteSelector ; oa:exact ?exact }}
  OPTIONAL {{ ?ev oa:hasSelector ?ps . ?ps a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }} }}""",
    ):
        out[r["fact"]]["evidence"].setdefault(
            r["ev"],
            {
                "iri": r["ev"],
                "sentence": r["sentence"],
                "exact": r["exact"],
                "start": r["start"],
                "end": r["end"],
            },
        )
    return {
        k: {"sources": list(v["sources"].values()), "evidence": list(v["evidence"].values())}
        for k, v in out.items()
    }


def with_provenance_of(store: Store, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` (dicts with an ``iri``), each updated with its :func:`provenance`."""
    prov = provenance(store, [URIRef(i["iri"]) for i in items])
    for i in items:
        i.update(prov.get(i["iri"], {"sources": [], "evidence": []}))
    return items


def evidence_in_graphs(
    store: Store, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """(fact, graph) -> evidence [{iri, sentence, exact, start, end}], the evidence a fact has in
    one graph (a fact stated by several articles has evidence in each; the pages show each
    source's own).  In chunks of 200 pairs."""
    pairs = sorted(set(pairs))
    out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(pairs), 200):
        chunk = pairs[i : i + 200]
        values = " ".join(f"({sparql_term(URIRef(f))} {sparql_term(URIRef(g))})" for f, g in chunk)
        # the (fact, graph) pairs bind ?ev in a sub-select first; with the OPTIONALs in the same
        # GRAPH ?g group Oxigraph 0.5 scanned every graph (~5 s at 1M quads).  Evidence nodes are
        # minted per source (docs/data-model.md), so their sentence and selectors sit in that graph.
        rows = store.select(
            PREFIXES + "SELECT ?f ?g ?ev ?sentence ?exact ?start ?end WHERE { { SELECT ?f ?g ?ev WHERE { "
            "VALUES (?f ?g) { " + values + " } GRAPH ?g { ?f ng:evidence ?ev } } } "
            "OPTIONAL { ?ev ng:sentence ?sentence } "
            "OPTIONAL { ?ev oa:hasSelector ?qs . ?qs oa:exact ?exact } "
            "OPTIONAL { ?ev oa:hasSelector ?ps . ?ps oa:start ?start ; oa:end ?end } } ORDER BY ?ev"
        )
        for r in rows:
            key = (str(r["f"]), str(r["g"]))
            if any(e["iri"] == str(r["ev"]) for e in out[key]):
                continue
            out[key].append(
                {
                    "iri": str(r["ev"]),
                    "sentence": lexical(r["sentence"]),
                    "exact": lexical(r["exact"]),
                    "start": _int(r["start"]),
                    "end": _int(r["end"]),
                }
            )
    return out


def attributed_sources(store: Store, nodes: Sequence[URIRef]) -> list[dict[str, Node | None]]:
    """Rows ``n, src, title, url, outletName, pub, ev, sentence, exact`` (rdflib terms): each
    statement's sources (``ng:reportedBy``, or the statement itself when it is an ``ng:Source``) with
    their headline, URL, outlet name and publication date, and the evidence of the statement that
    source gave (``oa:hasSource``: its sentence and quote), in chunks of 300 statements.  As
    validation's explanations read them (graph/validate/explain.py, ``describe_statements``)."""
    out: list[dict[str, Node | None]] = []
    for i in range(0, len(nodes), 300):
        chunk = nodes[i : i + 300]
        q = f"""SELECT ?n ?src ?title ?url ?outletName ?pub ?ev ?sentence ?exact WHERE {{
            {values_block("n", chunk)}
            {{ ?n {sparql_term(NG.reportedBy)} ?src }} UNION {{ ?n a {sparql_term(NG.Source)} BIND (?n AS ?src) }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.headline)} ?title }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.url)} ?url }}
            OPTIONAL {{ ?src {sparql_term(NG.outlet)} ?outlet . OPTIONAL {{ ?outlet {sparql_term(NG.name)} ?outletName }} }}
            OPTIONAL {{ ?src {sparql_term(SCHEMA.datePublished)} ?pub }}
            OPTIONAL {{ ?n {sparql_term(NG.evidence)} ?ev . ?ev {sparql_term(OA.hasSource)} ?src .
                        OPTIONAL {{ ?ev {sparql_term(NG.sentence)} ?sentence }}
                        OPTIONAL {{ ?ev {sparql_term(OA.hasSelector)} ?sel . ?sel {sparql_term(OA.exact)} ?exact }} }}
        }}"""
        out.extend(store.select(q).rows)
    return out


def _int(term: Node | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Office holdings
# ---------------------------------------------------------------------------------------------


def holdings(
    store: Store,
    holder: URIRef | None = None,
    office: URIRef | None = None,
    graph: URIRef | None = None,
    condition: str = "",
    with_provenance: bool = True,
) -> list[dict[str, Any]]:
    """Office holdings with the given holder / office / graph (written into the pattern, not a FILTER:
    Oxigraph then reads the index instead of scanning every holding), optionally a FILTER condition
    on ``?start``, ``?end`` and ``?asOf``.

    Three steps, each cheaper than the one query they replace (docs/api.md, "Entity lookups: fewer
    index reads"): with a condition, the holdings that meet it, reading their dates only (an office
    has hundreds of holdings, a date keeps a few); their statements; the names of their holders and
    offices, once per entity (an OPTIONAL name lookup joined to every row read the names again)."""
    h_holder = sparql_term(holder) if holder is not None else "?holder"
    h_office = sparql_term(office) if office is not None else "?office"
    g = sparql_term(graph) if graph is not None else "?g"
    binds = "".join(
        f" BIND({sparql_term(t)} AS ?{v})"
        for v, t in (("holder", holder), ("office", office), ("g", graph))
        if t is not None
    )
    # Oxigraph 0.5 joins in the order written: lead with the pattern an IRI binds (an office has a
    # few holdings, ng:OfficeHolding has them all)
    lead = (
        f"?h ng:holder {h_holder} ."
        if holder is not None
        else f"?h ng:office {h_office} ."
        if office is not None
        else ""
    )
    # the lead pattern is not asked a second time
    rest = "".join(
        f" ; ng:{p} {v}"
        for p, v, given in (("holder", h_holder, holder), ("office", h_office, office))
        if not lead.startswith(f"?h ng:{p} ") or given is None
    )

    def block(h: str, graph_term: str, lead: str) -> str:
        return f"""GRAPH {graph_term} {{ {lead} {h} a ng:OfficeHolding{rest} .
      OPTIONAL {{ {h} ng:officeTitle ?title }} OPTIONAL {{ {h} ng:status ?status }}
      OPTIONAL {{ {h} ng:startDate ?start }} OPTIONAL {{ {h} ng:endDate ?end }} OPTIONAL {{ {h} ng:asOf ?asOf }} }}"""

    where = f"{block('?h', g, lead)} {binds}" + (f" FILTER({condition})" if condition else "")
    if condition:
        # the holdings in force, reading their dates only
        kept = select(
            store,
            f"""{PREFIXES}SELECT DISTINCT ?h ?g WHERE {{
  GRAPH {g} {{ {lead or "?h a ng:OfficeHolding ."}
    OPTIONAL {{ ?h ng:startDate ?start }} OPTIONAL {{ ?h ng:endDate ?end }} OPTIONAL {{ ?h ng:asOf ?asOf }} }}
  {binds} FILTER({condition}) }}""",
        )
        if not kept:
            return []
        if len(kept) <= 64 and all(is_iri(r["h"]) and is_iri(r["g"]) for r in kept):
            # then each of them by its IRI: one block per holding (a VALUES join would be evaluated
            # apart and read every holding of the office again)
            where = " UNION ".join(
                f"{{ {block(sparql_term(URIRef(r['h'])), sparql_term(URIRef(r['g'])), '')}"
                f" BIND({sparql_term(URIRef(r['h']))} AS ?h) BIND({sparql_term(URIRef(r['g']))} AS ?g) {binds} }}"
                for r in kept
            )
    q = f"""{PREFIXES}SELECT ?h ?holder ?office ?title ?status ?start ?end ?asOf ?g WHERE {{
  {where}
}} ORDER BY ?start ?asOf ?h"""
    rows = select(store, q)
    found = names(store, {v for r in rows for v in (r["holder"], r["office"])})
    items: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for r in rows:
        if r["h"] not in items:
            items[r["h"]] = {
                "iri": r["h"],
                "holder": {"iri": r["holder"], "name": found.get(r["holder"])},
                "office": {"iri": r["office"], "name": found.get(r["office"])},
                "title": r["title"],
                "status": r["status"],
                "start": r["start"],
                "end": r["end"],
                "asOf": r["asOf"],
                "graph": r["g"],
            }
    return with_provenance_of(store, list(items.values())) if with_provenance else list(items.values())


def names(store: Store, nodes: set[Any]) -> dict[str, Any]:
    """The ``ng:name`` of each IRI in ``nodes`` (any graph), in one query."""
    iris_ = sorted(n for n in nodes if is_iri(n))
    if not iris_:
        return {}
    out: dict[str, Any] = {}
    for r in select(
        store,
        f"{PREFIXES}SELECT ?x ?name WHERE {{ {values_block('?x', [URIRef(x) for x in iris_])} ?x ng:name ?name }}",
    ):
        out.setdefault(r["x"], r["name"])
    return out
