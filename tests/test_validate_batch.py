"""The full pass's fast paths give the results of the plain one.

* ``ngsh:batchSelect`` (shapes/prefixes.ttl): a second text of a SPARQL constraint for all focus
  nodes at once.  With it and without it (``SparqlEngine(batch=False)`` runs ``sh:select`` for the
  targets) the results must be the same, messages and bindings included, on every shape fixture
  and on a synthetic graph with injected conflicts of every kind.
* Many candidates of a target-free core check are tested against the shape's whole target set.
* ``workers`` > 1 runs the pass in several processes over a checkpoint of the store.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from graph import validate as v
from graph import validate_pool
from graph.cli import cli
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "shapes"
VIOLATING = sorted((FIX / "violating").glob("*.trig"))

sys.path.insert(0, str(ROOT / "bench"))
import synth_graph  # noqa: E402


def _load(store: OxigraphStore) -> OxigraphStore:
    for f in [FIX / "base.trig", *VIOLATING]:
        store.import_data(f.read_bytes(), "trig")
    return store


def _synthetic(store: OxigraphStore) -> tuple[OxigraphStore, list[synth_graph.Culprit]]:
    _, bg, arts, culprits = synth_graph.generate(60, conflicts=12)
    quads = bg + [q for _, qs in arts for q in qs]
    store.import_data(("\n".join(quads) + "\n").encode(), "nquads")
    return store, culprits


def _full(issues: list[v.Issue]) -> list[tuple[object, ...]]:
    """Everything a result says, in the engine's order."""
    return [
        (
            i.source_shape,
            i.focus_node,
            i.severity,
            i.constraint_component,
            i.path,
            i.value,
            i.message,
            tuple(sorted((k, str(x)) for k, x in i.bindings.items())),
        )
        for i in issues
    ]


@pytest.fixture(scope="module")
def fixtures_store() -> OxigraphStore:
    return _load(OxigraphStore(None))


@pytest.fixture(scope="module")
def synthetic_store() -> tuple[OxigraphStore, list[synth_graph.Culprit]]:
    return _synthetic(OxigraphStore(None))


def test_the_consistency_rules_have_batch_texts() -> None:
    with_batch = {ns.iri for ns in v.load_shapes().node_shapes for c in ns.sparql if c.batch}
    assert {v.NGSH.SingleSeatOverlapShape, v.NGSH.ExclusiveOfficesShape} <= with_batch


def test_batch_equals_per_focus_on_the_fixtures(fixtures_store: OxigraphStore) -> None:
    batch = v.SparqlEngine(fixtures_store, batch=True).validate_all()
    plain = v.SparqlEngine(fixtures_store, batch=False).validate_all()
    assert len(plain) > 60
    # every rule with a batch text has violating examples here, so the comparison is not empty
    rules = {c.node: ns.iri for ns in v.load_shapes().node_shapes for c in ns.sparql if c.batch}
    assert set(rules.values()) <= {i.source_shape for i in plain}
    assert _full(batch) == _full(plain)


def test_batch_equals_per_focus_on_a_synthetic_graph(
    synthetic_store: tuple[OxigraphStore, list[synth_graph.Culprit]],
) -> None:
    store, culprits = synthetic_store
    batch = v.SparqlEngine(store, batch=True).validate_all()
    plain = v.SparqlEngine(store, batch=False).validate_all()
    assert _full(batch) == _full(plain)
    found = {i.focus_node for i in batch} | {i.value for i in batch}
    missing = [c for c in culprits if not any(str(n) == c.statement for n in found)]
    assert not missing, f"injected conflicts not found: {missing}"


def test_batch_text_must_project_what_select_projects() -> None:
    g = Graph()
    for f in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(f, format="turtle")
    constraint = next(c for c in g.objects(v.NGSH.SingleSeatOverlapShape, v.SH.sparql))
    g.set((constraint, v.NGSH.batchSelect, v.Literal("SELECT $this ?value WHERE { $this ?p ?value }")))
    with pytest.raises(v.ShapesError, match="batchSelect must select the same variables"):
        v.parse_shapes(g)


def test_many_candidates_checked_against_all_targets(
    fixtures_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    few = _full(v.SparqlEngine(fixtures_store).validate_all())
    monkeypatch.setattr(v, "_FEW_CANDIDATES", 0)
    assert _full(v.SparqlEngine(fixtures_store).validate_all()) == few


# ---------------------------------------------------------------------------------------------
# Several processes
# ---------------------------------------------------------------------------------------------


@pytest.fixture()
def disk_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> OxigraphStore:
    monkeypatch.setattr(validate_pool, "MIN_TRIPLES", 0)  # the fixtures are small
    store = _load(OxigraphStore(tmp_path / "store"))
    yield store
    store.close()


def test_workers_give_the_same_results(disk_store: OxigraphStore, caplog: pytest.LogCaptureFixture) -> None:
    one = v.SparqlEngine(disk_store).validate_all(1)
    with caplog.at_level(logging.WARNING, logger="graph.validate_pool"):
        two = v.SparqlEngine(disk_store).validate_all(2)
    assert not caplog.text, caplog.text
    assert _full(two) == _full(one)
    assert len(one) > 60
    snapshots = Path(disk_store.location) / ".snapshots"
    assert not any(p.name.split("-")[1:2] == ["validate"] for p in snapshots.iterdir())


def test_a_child_process_runs_jobs_as_this_process_does(disk_store: OxigraphStore, tmp_path: Path) -> None:
    # on a store this small the parent may finish every job before the child has started, so the
    # child is tested on its own: every job of a full pass, over a checkpoint
    disk_store.raw.backup(str(tmp_path / "snapshot"))
    shapes = v.load_shapes()
    files, triples = validate_pool._shapes_payload(shapes)
    child = validate_pool._Child(
        {
            "op": "init",
            "snapshot": str(tmp_path / "snapshot"),
            "files": files,
            "triples": triples,
            "batch": True,
        }
    )
    try:
        here = v.SparqlEngine(disk_store)
        jobs = validate_pool.full_pass_jobs(shapes)
        assert len(jobs) > 16
        for job in jobs:
            assert _full(child.call({"op": "run", "job": job})["issues"]) == _full(here.run_job(job)), job
        with pytest.raises(RuntimeError, match="unexpected message"):
            child.call({"op": "dance"})
    finally:
        child.close()
    assert child.proc.returncode == 0


def test_workers_fall_back_when_a_child_cannot_start(
    disk_store: OxigraphStore, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(self: object, *args: object) -> None:
        raise OSError("no processes left")

    monkeypatch.setattr(validate_pool._Child, "__init__", broken)
    with caplog.at_level(logging.WARNING, logger="graph.validate_pool"):
        two = v.SparqlEngine(disk_store).validate_all(2)
    assert _full(two) == _full(v.SparqlEngine(disk_store).validate_all(1))
    assert "no processes left" in caplog.text


def test_workers_ignored_for_a_store_in_memory(fixtures_store: OxigraphStore) -> None:
    assert validate_pool.parallel_full_pass(v.SparqlEngine(fixtures_store), 2) is None


def test_workers_ignored_for_a_small_store(tmp_path: Path) -> None:
    store = _load(OxigraphStore(tmp_path / "store"))
    assert not validate_pool._has_at_least(store, validate_pool.MIN_TRIPLES)
    assert validate_pool._has_at_least(store, 100)
    assert validate_pool.parallel_full_pass(v.SparqlEngine(store), 2) is None
    store.close()


def test_workers_in_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_pool, "MIN_TRIPLES", 0)
    store = _load(OxigraphStore(tmp_path / "store"))
    store.close()
    runner = CliRunner()
    out = {}
    for n in ("1", "2"):
        res = runner.invoke(
            cli, ["validate", "--store", str(tmp_path / "store"), "--format", "json", "--workers", n]
        )
        assert res.exit_code == 1, res.output  # the fixtures violate shapes
        out[n] = res.stdout
    assert '"violations"' in out["1"]
    strip = [line for line in out["1"].splitlines() if "elapsed" not in line]
    assert strip == [line for line in out["2"].splitlines() if "elapsed" not in line]
    bad = runner.invoke(cli, ["validate", "--store", str(tmp_path / "store"), "--workers", "0"])
    assert bad.exit_code == 2 and "--workers" in bad.output


def test_validate_workers_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.config import validate_workers

    monkeypatch.setenv("NEWSGRAPH_VALIDATE_WORKERS", "3")
    assert validate_workers() == 3
    monkeypatch.setenv("NEWSGRAPH_VALIDATE_WORKERS", "many")
    with pytest.raises(ValueError, match="NEWSGRAPH_VALIDATE_WORKERS"):
        validate_workers()
    monkeypatch.delenv("NEWSGRAPH_VALIDATE_WORKERS")
    assert 1 <= validate_workers() <= 4


def test_shapes_built_in_memory_reach_the_child_as_triples() -> None:
    g = Graph()
    for f in sorted((ROOT / "shapes").glob("*.ttl")):
        g.parse(f, format="turtle")
    shapes = v.parse_shapes(g)  # no files behind it
    files, triples = validate_pool._shapes_payload(shapes)
    assert files == [] and triples
    rebuilt = validate_pool._rebuild_shapes(files, triples)
    assert [ns.iri for ns in rebuilt.node_shapes] == [ns.iri for ns in shapes.node_shapes]
    assert [c.batch for ns in rebuilt.node_shapes for c in ns.sparql] == [
        c.batch for ns in shapes.node_shapes for c in ns.sparql
    ]
