"""Backups: `newsgraph export` then `newsgraph import` into an empty store gives an isomorphic
dataset, graph by graph, on a store holding the ingested sample corpus; a damaged backup is refused
whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SHARED, OxigraphServer
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

ROOT = Path(__file__).resolve().parent.parent
SEEDS = SHARED / "corpus" / "seeds"
NEWSGRAPH = str(Path(sys.executable).parent / "newsgraph")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    return subprocess.run([NEWSGRAPH, *args], capture_output=True, text=True, timeout=600, cwd=ROOT, env=env)


def dataset_of(location: str) -> Dataset:
    """Every named graph of a store (and its default graph), read through the store interface."""
    from graph.store import open_store

    st = open_store(location)
    try:
        ds = Dataset()
        rows = st.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for r in rows:
            ds.graph(r["g"]).add((r["s"], r["p"], r["o"]))  # type: ignore[arg-type]
        return ds
    finally:
        st.close()


def graphs_of(ds: Dataset) -> dict[str, Graph]:
    out: dict[str, Graph] = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef) and str(g.identifier) != "urn:x-rdflib:default":
            out[str(g.identifier)] = g
    return out


def assert_same_dataset(a: Dataset, b: Dataset) -> None:
    ga, gb = graphs_of(a), graphs_of(b)
    assert sorted(ga) == sorted(gb), (sorted(set(ga) ^ set(gb)))[:10]
    for name in ga:
        if not isomorphic(ga[name], gb[name]):
            _both, only_a, only_b = graph_diff(to_isomorphic(ga[name]), to_isomorphic(gb[name]))
            lines = sorted(only_a.serialize(format="nt").splitlines())[:10]
            lines += ["---"] + sorted(only_b.serialize(format="nt").splitlines())[:10]
            pytest.fail(f"graph {name} differs after the round trip:\n" + "\n".join(lines))


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = tmp_path_factory.mktemp("backup") / "store"
    proc = run("ingest", str(SEEDS), "--store", str(store), "--no-progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return str(store)


@pytest.fixture(scope="module")
def original(corpus_store: str) -> Dataset:
    ds = dataset_of(corpus_store)
    names = graphs_of(ds)
    assert sum(1 for n in names if "/graph/source/" in n) == len(list(SEEDS.glob("*.txt")))
    assert any(n.endswith("/graph/entities") for n in names)
    return ds


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_import_round_trip_embedded(
    fmt: str, corpus_store: str, original: Dataset, tmp_path: Path
) -> None:
    backup = tmp_path / f"backup.{ {'trig': 'trig', 'nquads': 'nq', 'jsonld': 'jsonld'}[fmt] }"
    proc = run("export", "--format", fmt, "-o", str(backup), "--store", corpus_store)
    assert proc.returncode == 0, proc.stderr
    assert backup.stat().st_size > 0
    restored = tmp_path / "restored"
    proc = run("import", str(backup), "--format", fmt, "--store", str(restored))
    assert proc.returncode == 0, proc.stderr
    assert_same_dataset(original, dataset_of(str(restored)))
    # and the restored store answers the same stats
    a, b = run("stats", "--store", corpus_store), run("stats", "--store", str(restored))
    assert a.returncode == b.returncode == 0
    assert a.stdout.replace(corpus_store, "X") == b.stdout.replace(str(restored), "X")


@pytest.mark.slow
@pytest.mark.remote
def test_export_import_round_trip_into_a_remote_store(
    corpus_store: str,
    original: Dataset,
    tmp_path: Path,
    oxigraph_server: OxigraphServer,
) -> None:
    oxigraph_server.clear()
    backup = tmp_path / "backup.trig"
    assert run("export", "--format", "trig", "-o", str(backup), "--store", corpus_store).returncode == 0
    proc = run("import", str(backup), "--store", oxigraph_server.url)
    assert proc.returncode == 0, proc.stderr
    assert_same_dataset(original, dataset_of(oxigraph_server.url))
    # and back again, from the remote store into an empty embedded one
    again = tmp_path / "again.nq"
    assert (
        run("export", "--format", "nquads", "-o", str(again), "--store", oxigraph_server.url).returncode == 0
    )
    restored = tmp_path / "restored"
    assert run("import", str(again), "--store", str(restored)).returncode == 0
    assert_same_dataset(original, dataset_of(str(restored)))
    oxigraph_server.clear()


@pytest.mark.slow
def test_one_graph_round_trip(corpus_store: str, original: Dataset, tmp_path: Path) -> None:
    name = next(n for n in graphs_of(original) if "/graph/source/" in n)
    out = tmp_path / "one.ttl"
    assert (
        run(
            "export", "--format", "turtle", "--graph", name, "-o", str(out), "--store", corpus_store
        ).returncode
        == 0
    )
    restored = tmp_path / "restored"
    proc = run("import", str(out), "--graph", name, "--store", str(restored))
    assert proc.returncode == 0, proc.stderr
    back = graphs_of(dataset_of(str(restored)))
    assert list(back) == [name]
    assert isomorphic(back[name], graphs_of(original)[name])


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_damaged_backup_is_refused_whole(fmt: str, corpus_store: str, tmp_path: Path) -> None:
    backup = tmp_path / f"backup.{'nq' if fmt == 'nquads' else 'trig'}"
    assert run("export", "--format", fmt, "-o", str(backup), "--store", corpus_store).returncode == 0
    data = backup.read_bytes()
    cut = tmp_path / f"cut.{backup.suffix.lstrip('.')}"
    cut.write_bytes(data[: len(data) // 2] + b'\n<urn:x:broken> <urn:x:p> "unterminated .\n')
    restored = tmp_path / "restored"
    proc = run("import", str(cut), "--store", str(restored))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("error: "), proc.stderr
    if restored.exists():
        assert graphs_of(dataset_of(str(restored))) == {}, "a damaged backup was half imported"
