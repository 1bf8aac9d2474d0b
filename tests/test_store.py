"""One store test suite, run against the embedded store and a live Oxigraph server."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic

from graph.config import StoreSettings
from graph.errors import InputError, QuerySyntaxError, StoreError
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
