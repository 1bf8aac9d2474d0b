"""The cheaper paths of graph.read.queries give what the plain ones gave."""

from __future__ import annotations

import pyoxigraph as ox

from graph.read import queries as Q
from graph.read import rows as R
from graph.sparql.terms import to_rdflib
from graph.store import OxigraphStore

NG = "https://w3id.org/newsgraph/ontology#"
B = "https://w3id.org/newsgraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_typed_literals_convert_as_through_rdflib() -> None:
    terms = [
        ox.Literal("2025-05-24", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("2025-01-01T00:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
        ox.Literal("2025", datatype=ox.NamedNode(XSD + "gYear")),
        ox.Literal("0.80", datatype=ox.NamedNode(XSD + "decimal")),
        ox.Literal("307", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("not a date", datatype=ox.NamedNode(XSD + "date")),
        ox.Literal("Київ", language="uk"),
        ox.Literal("plain"),
        ox.NamedNode(B + "person/x"),
        ox.BlankNode("b1"),
    ]
    for _ in range(2):  # the second time from the memo
        for term in terms:
            assert R.ox_py(term) == R.py(to_rdflib(term))
    assert R.ox_py(None) is None


def _claims_store(n: int) -> OxigraphStore:
    store = OxigraphStore(None)
    g = ox.NamedNode(B + "graph/source/s1")
    quads = []
    for i in range(n):
        c = ox.NamedNode(f"{B}source/s1/claim/{i}")
        quads += [
            ox.Quad(c, ox.NamedNode(R.RDF_TYPE), ox.NamedNode(NG + "Claim"), g),
            ox.Quad(c, ox.NamedNode(NG + "claimant"), ox.NamedNode(B + "person/p"), g),
            ox.Quad(c, ox.NamedNode(NG + "content"), ox.Literal(f"claim {i}"), g),
        ]
    store.raw.extend(quads)
    return store


def test_speaker_claims_in_sparql_order_with_total() -> None:
    store = _claims_store(23)
    ordered = [
        str(r["x"])
        for r in store.select(
            f"{Q.PREFIXES}SELECT ?x WHERE {{ ?x a ng:Claim ; ng:claimant <{B}person/p> }} ORDER BY ?x"
        ).rows
    ]
    for limit, offset in ((5, 0), (5, 10), (1000, 0), (3, 21), (3, 40)):
        page = Q.list_claims(store, speaker=f"{B}person/p", limit=limit, offset=offset)
        assert [i["iri"] for i in page["items"]] == ordered[offset : offset + limit]
        assert page["total"] == 23
    assert Q.list_claims(store, speaker=f"{B}person/nobody")["total"] == 0


def test_blank_node_claims_fall_back_to_sparql_order() -> None:
    store = _claims_store(3)
    b = ox.BlankNode("c0")
    g = ox.NamedNode(B + "graph/source/s1")
    store.raw.extend(
        [
            ox.Quad(b, ox.NamedNode(R.RDF_TYPE), ox.NamedNode(NG + "Claim"), g),
            ox.Quad(b, ox.NamedNode(NG + "claimant"), ox.NamedNode(B + "person/p"), g),
        ]
    )
    # None: list_claims then asks Oxigraph for the order, as it did before
    assert Q._sorted_iris(store, f"?x ng:claimant <{B}person/p> . ?x a ng:Claim .") is None
    assert Q._sorted_iris(store, f"?x ng:claimant <{B}person/nobody> .") == []
