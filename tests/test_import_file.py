"""`Store.import_file`: the bulk path of `newsgraph import`.  Into the embedded store the file is
checked, then bulk loaded; into a SPARQL server (a live Oxigraph server) it is checked, then sent in
Graph Store Protocol chunks.  Both give the same dataset as the one-transaction `import_data`, and
malformed input adds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from graph.errors import InputError
from graph.store import OxigraphStore, RemoteStore, Store

NQ = (
    "\n".join(
        [f'<urn:x:s{i}> <urn:x:p> "v{i}" <urn:x:g{i % 3}> .' for i in range(25)]
        + [f"<urn:x:d{i}> <urn:x:p> <urn:x:o{i}> ." for i in range(5)]
        + [
            '<urn:x:s1> <urn:x:label> "caf\\u00e9"@fr <urn:x:g1> .',
            '<urn:x:s2> <urn:x:n> "7"^^<http://www.w3.org/2001/XMLSchema#integer> <urn:x:g2> .',
        ]
    )
    + "\n"
)
TTL = "@prefix x: <urn:x:> .\nx:a x:p x:b ; x:q [ x:r 1 ; x:s 2 ] .\n"


def dataset(store: Store) -> Dataset:
    ds = Dataset()
    for r in store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows:
        ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
    return ds


def same(a: Dataset, b: Dataset) -> bool:
    names = {str(g.identifier) for g in a.graphs() if len(g)} | {
        str(g.identifier) for g in b.graphs() if len(g)
    }
    return all(isomorphic(a.graph(URIRef(n)), b.graph(URIRef(n))) for n in names)


@pytest.mark.parametrize(("text", "fmt", "graph"), [(NQ, "nquads", None), (TTL, "turtle", "urn:x:into")])
def test_import_file_gives_what_import_data_gives(
    store, tmp_path: Path, text, fmt, graph, monkeypatch
) -> None:
    if isinstance(store, RemoteStore):
        monkeypatch.setattr(RemoteStore, "IMPORT_CHUNK", 4)  # many chunks from a small file
        store.update("DROP SILENT ALL")
    path = tmp_path / ("data.nq" if fmt == "nquads" else "data.ttl")
    path.write_text(text, encoding="utf-8")
    expected = OxigraphStore(None)
    n_expected = expected.import_data(text.encode(), fmt, URIRef(graph) if graph else None)
    n = store.import_file(path, fmt, URIRef(graph) if graph else None)
    assert n == n_expected
    assert same(dataset(store), dataset(expected))
    if fmt == "turtle":  # one blank node, one node: it was not split across requests
        rows = store.select(
            "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?a <urn:x:q> ?b . ?b <urn:x:r> 1 ; <urn:x:s> 2 }"
        ).rows
        assert int(rows[0]["n"]) == 1


@pytest.mark.parametrize("holding_data", [False, True], ids=["into-empty-store", "into-store-with-data"])
def test_malformed_file_leaves_the_store_unchanged(store, tmp_path: Path, monkeypatch, holding_data) -> None:
    if isinstance(store, RemoteStore):
        monkeypatch.setattr(RemoteStore, "IMPORT_CHUNK", 4)
        store.update("DROP SILENT ALL")
    if holding_data:
        store.update("INSERT DATA { GRAPH <urn:x:kept> { <urn:x:a> <urn:x:b> <urn:x:c> } }")
    before = dataset(store)
    path = tmp_path / "bad.nq"
    # the error is near the end: a loader that wrote as it parsed would have written the rest
    path.write_text(NQ + '<urn:x:broken> <urn:x:p> "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse nquads"):
        store.import_file(path, "nquads")
    assert same(dataset(store), before)
    assert len(list(dataset(store).quads())) == (1 if holding_data else 0)
