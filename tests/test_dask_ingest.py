"""Ingestion with extraction on a Dask distributed cluster: a real local cluster of two worker
processes started here (a scheduler and two `distributed` worker processes on 127.0.0.1), the
same per-article outcomes and the same stored facts as the local process pool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WIKINEWS_DEV, corpus_feed, free_port

from graph.errors import InputError, NewsgraphError
from graph.ingest.distributed import dask_address
from graph.ingest.pipeline import ingest
from graph.model import Article
from graph.read.facts import export_facts
from graph.store import OxigraphStore

pytestmark = pytest.mark.slow
NEWSGRAPH = str(Path(sys.executable).parent / "newsgraph")
SOURCE = "https://w3id.org/newsgraph/ontology#Source"


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> Path:
    if not (WIKINEWS_DEV / "SOURCES.tsv").exists():
        pytest.skip("shared/corpus/wikinews-dev not present")
    return corpus_feed(WIKINEWS_DEV, tmp_path_factory.mktemp("feed") / "dev.jsonl")


def facts_of(store, out: Path) -> dict[str, dict]:
    export_facts(store, out)
    return {p.stem: json.loads(p.read_text()) for p in sorted(out.glob("*.json"))}


@pytest.mark.parametrize(
    ("given", "address"),
    [
        (None, None),
        ("local", None),
        ("dask://10.1.2.3:8786", "tcp://10.1.2.3:8786"),
        ("tcp://h:1", "tcp://h:1"),
        ("h:8786", "tcp://h:8786"),
    ],
)
def test_executor_addresses(given, address) -> None:
    assert dask_address(given) == address


def test_a_wrong_executor_is_named() -> None:
    with pytest.raises(InputError, match="'ftp://x'"):
        dask_address("ftp://x")


def test_cluster_ingest_stores_what_the_process_pool_stores(cluster, feed, tmp_path) -> None:
    local = OxigraphStore(tmp_path / "local")
    on_dask = OxigraphStore(tmp_path / "dask")
    bad = Article(name="bad-url", text="Headline\nSome text.", url="ftp://example.org/x")
    r_local = ingest([str(feed), bad], local, workers=2, validate=False)
    r_dask = ingest([str(feed), bad], on_dask, executor=cluster.scheduler_address, validate=False)
    assert [(o.name, o.status) for o in r_dask.outcomes] == [(o.name, o.status) for o in r_local.outcomes]
    assert r_dask.stored == 8 and r_dask.failed == 1
    assert facts_of(on_dask, tmp_path / "f-dask") == facts_of(local, tmp_path / "f-local")


def test_over_budget_on_the_cluster_is_reported_and_the_batch_goes_on(cluster, feed, tmp_path) -> None:
    store = OxigraphStore(tmp_path / "s")
    report = ingest(
        [str(feed)], store, executor=cluster.scheduler_address, extract_budget=0.001, validate=False
    )
    assert report.stored == 0 and report.failed == 8
    assert all("longer than 0.001 s" in o.message for o in report.outcomes)
    assert not store.ask(f"ASK {{ GRAPH ?g {{ ?s a <{SOURCE}> }} }}")


def test_cli_executor_option(cluster, feed, tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    proc = subprocess.run(
        [
            NEWSGRAPH,
            "ingest",
            str(feed),
            "--store",
            str(tmp_path / "cli"),
            "--executor",
            cluster.scheduler_address,
            "--json",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout)["stored"] == 8


def test_unreachable_scheduler_is_a_clear_error(feed) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(NewsgraphError, match="cannot reach the Dask scheduler"):
        ingest([str(feed)], OxigraphStore(None), executor=address, validate=False)
