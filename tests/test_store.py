"""One store test suite, run against the embedded store and a live Oxigraph server."""

from __future__ import annotations

from typing import Literal as L

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef, plugin
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.parser import Parser
from rdflib.serializer import Serializer

from graph.config import StoreSettings
from graph.errors import InputError, QuerySyntaxError, StoreError
from graph.sparql.formats import RDF, RESULTS, choose_media, format_from_path, negotiate, rdf_format
from graph.sparql.guards import query_form
from graph.sparql.terms import sparql_term
from graph.store import RemoteStore, open_store

EX = "http://example.org/"
G1 = URIRef(EX + "g1")
G2 = URIRef(EX + "g2")

TRIG = f"""
@prefix ex: <{EX}> .
ex:g1 {{ ex:a ex:p ex:b . ex:a ex:name "Alpha"@en . }}
ex:g2 {{ ex:c ex:p ex:d . ex:c ex:count 3 . }}
"""


def _graph(*triples: tuple) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def test_import_and_select_over_union_of_graphs(store) -> None:
    n = store.import_data(TRIG.encode(), "trig")
    assert n == 4
    res = store.select(f"SELECT ?s WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s")
    assert [r["s"] for r in res.rows] == [URIRef(EX + "a"), URIRef(EX + "c")]
    assert set(store.graphs()) == {G1, G2}
    assert store.count() == 4


def test_select_returns_typed_terms(store) -> None:
    store.import_data(TRIG.encode(), "trig")
    res = store.select(f"SELECT ?n ?c WHERE {{ <{EX}a> <{EX}name> ?n . <{EX}c> <{EX}count> ?c }}")
    row = res.rows[0]
    assert row["n"] == Literal("Alpha", lang="en")
    assert row["c"] == Literal(3)


def test_ask_and_construct(store) -> None:
    store.import_data(TRIG.encode(), "trig")
    assert store.ask(f"ASK {{ GRAPH <{G2}> {{ ?s <{EX}p> <{EX}d> }} }}") is True
    assert store.ask(f"ASK {{ GRAPH <{G1}> {{ ?s <{EX}p> <{EX}d> }} }}") is False
    g = store.construct(f"CONSTRUCT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}")
    expected = _graph(
        (URIRef(EX + "a"), URIRef(EX + "q"), URIRef(EX + "b")),
        (URIRef(EX + "c"), URIRef(EX + "q"), URIRef(EX + "d")),
    )
    assert isomorphic(g, expected), g.serialize(format="nt")


def test_replace_graphs_is_one_transaction(store) -> None:
    store.import_data(TRIG.encode(), "trig")
    new = _graph((URIRef(EX + "x"), URIRef(EX + "p"), Literal('tricky "quote" \\ and\nnewline')))
    extra = _graph((URIRef(EX + "e"), URIRef(EX + "p"), URIRef(EX + "f")))
    store.replace_graphs({G1: new}, add={G2: extra})
    rows = store.select(f"SELECT ?s ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").rows
    assert rows == [{"s": URIRef(EX + "x"), "o": Literal('tricky "quote" \\ and\nnewline')}]
    assert store.ask(f"ASK {{ GRAPH <{G2}> {{ <{EX}e> ?p ?o }} }}")
    assert store.ask(f"ASK {{ GRAPH <{G2}> {{ <{EX}c> ?p ?o }} }}"), "add must keep what was there"


def test_malformed_import_leaves_store_unchanged(store) -> None:
    store.import_data(TRIG.encode(), "trig")
    before = store.count()
    bad = f"@prefix ex: <{EX}> .\nex:z ex:p ex:y .\nex:broken ex:p ."
    with pytest.raises(InputError, match="cannot parse turtle"):
        store.import_data(bad.encode(), "turtle", URIRef(EX + "g3"))
    assert store.count() == before
    assert URIRef(EX + "g3") not in store.graphs()


def test_syntax_error_names_the_problem(store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.select("SELEC ?s WHERE { ?s ?p ?o }")
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <a> }")


def test_export_round_trip_is_isomorphic(store, tmp_path) -> None:
    store.import_data(TRIG.encode(), "trig")
    data = store.export("trig")
    other = open_store(str(tmp_path / "other"))
    other.import_data(data, "trig")
    for g in (G1, G2):
        a = Graph().parse(data=store.export("turtle", g), format="turtle")
        b = Graph().parse(data=other.export("turtle", g), format="turtle")
        assert isomorphic(a, b), set(to_isomorphic(a)) ^ set(to_isomorphic(b))
    other.close()


def test_sparql_term_escapes_user_input() -> None:
    evil = Literal('x" } ; DROP ALL ; INSERT DATA { <a> <b> "')
    text = sparql_term(evil)
    assert text.startswith('"') and text.endswith('"')
    assert '\\"' in text and text.count('"') - text.count('\\"') == 2


def test_unreachable_remote_store_gives_clear_error() -> None:
    from conftest import free_port

    st = RemoteStore(StoreSettings(location=f"http://127.0.0.1:{free_port()}", timeout_s=2))
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        st.select("SELECT * WHERE { ?s ?p ?o }")


def test_embedded_store_admits_one_writer(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "locked"
    holder = open_store(str(path))
    code = (
        "from graph.store import open_store\n"
        "from graph.errors import StoreBusyError\n"
        f"try:\n    open_store({str(path)!r})\nexcept StoreBusyError as e:\n    print('busy:', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    holder.close()
    assert "busy:" in out.stdout and "in use by another process" in out.stdout, out.stderr


# ---------------------------------------------------------------------------------------------
# The format table agrees with the libraries that read and write the formats
# ---------------------------------------------------------------------------------------------


def test_format_table_agrees_with_pyoxigraph_and_rdflib() -> None:
    for f in RDF.values():
        # every media type we accept for a format is one pyoxigraph maps to that format
        for media in (f.media_type, *f.media_aliases):
            assert ox.RdfFormat.from_media_type(media) == f.ox, media
        assert ox.RdfFormat.from_extension(f.extension) == f.ox
        # rdflib's plugin under our name is the one it registers for the media type
        assert plugin.get(f.rdflib, Parser) is plugin.get(f.media_type, Parser), f.name
        if f.store:
            assert plugin.get(f.rdflib, Serializer) is plugin.get(f.media_type, Serializer), f.name
    for r in RESULTS.values():
        for media in (r.media_type, *r.media_aliases):
            assert ox.QueryResultsFormat.from_media_type(media) == r.ox, media


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ttl", "turtle"), ("N-Quads", "nquads"), ("json-ld", "jsonld"), ("owl", "rdfxml"), ("trig", "trig")],
)
def test_rdf_format_names_and_aliases(name: str, expected: str) -> None:
    assert rdf_format(name).name == expected


def test_unknown_rdf_format_lists_the_known_ones() -> None:
    with pytest.raises(InputError, match="use one of turtle, ntriples, nquads, trig, jsonld, rdfxml"):
        rdf_format("n3")
    with pytest.raises(InputError, match="from its extension"):
        format_from_path("data.csv")
    assert format_from_path("ontology.owl").name == "rdfxml"
    assert format_from_path("dump.NQ").name == "nquads"


@pytest.mark.parametrize(
    ("accept", "kind", "media"),
    [
        (None, "results", "application/sparql-results+json"),
        ("application/json", "results", "application/sparql-results+json"),
        ("text/xml", "results", "application/sparql-results+xml"),
        ("text/*", "results", "text/csv"),
        ("text/plain", "graph", "application/n-triples"),
        ("text/n3", "graph", "text/turtle"),
        ("application/*", "graph", "application/n-triples"),
        ("application/xml, text/turtle;q=0.5", "graph", "text/turtle"),
        ("image/png", "graph", "text/turtle"),
    ],
)
def test_choose_media(accept: str | None, kind: L["results", "graph"], media: str) -> None:
    assert choose_media(accept, kind) == media


def test_negotiate_prefers_q_then_specificity_then_order() -> None:
    offers = ["application/json", "text/html", "text/turtle"]
    assert negotiate("text/html;q=0.9, text/turtle", offers) == "text/turtle"
    assert negotiate("text/*, text/turtle", offers) == "text/turtle"
    assert negotiate("text/*", offers) == "text/html"
    assert negotiate("*/*", offers, "text/turtle") == "text/turtle"
    assert negotiate("application/ld+json;q=0", offers) == "application/json"


@pytest.mark.parametrize(
    ("text", "form"),
    [
        (
            "PREFIX ng: <https://w3id.org/newsgraph/ontology#>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "CONSTRUCT",
        ),
        ("# ASK me\nSELECT * {}", "SELECT"),
        ("PREFIX a: <http://x/ASK>\ndescribe <http://x/a>", "DESCRIBE"),
        ("BASE <http://a/> ask {}", "ASK"),
        ("", "SELECT"),
    ],
)
def test_query_form_reads_past_the_prologue(text: str, form: str) -> None:
    """The CLI picks select/ask/construct from this; a '#' in a PREFIX IRI once made a CONSTRUCT a SELECT."""
    assert query_form(text) == form
