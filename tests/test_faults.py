"""Faults against the real pieces: kill -9 of an ingest batch or of the server, a remote SPARQL server
that dies mid-batch, a full disk and a read-only store.

After every fault: the store opens; every article is either wholly present (its ng:Source node, its
ng:Extraction activity, and exactly the quads a clean run gives its graph) or wholly absent; and
re-running the batch completes it with no duplicates (every graph has the quad count of a clean run).

Kill points are taken from progress the test observes: a small runner wraps ``graph.ingest.pipeline._write``
to print ``writing <sid>`` / ``wrote <sid>`` around each article's one transaction and then runs the
real ``newsgraph`` CLI; the test sends SIGKILL to the whole process group on the line it waits for.
Killing on ``writing`` lands while that article's transaction is being built or committed.  The plain
CLI is also killed at seeded random moments.  Nothing here asserts a duration.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from conftest import SHARED, OxigraphServer, free_port, wait_http
from rdflib.term import Node

from graph.store import OxigraphStore, Store

Triple = tuple[Node | None, Node | None, Node | None]
ROOT = Path(__file__).resolve().parent.parent
SEEDS = SHARED / "corpus" / "seeds"
BIN = Path(sys.executable).parent
NEWSGRAPH = str(BIN / "newsgraph")
NG = "https://w3id.org/newsgraph/ontology#"
PROV = "http://www.w3.org/ns/prov#"
BASE = "https://w3id.org/newsgraph/id/"
VALIDATION_GRAPH = BASE + "graph/validation"
ENTITY_GRAPH = BASE + "graph/entities"
N_ARTICLES = 8
TOKEN = "fault-token-0123456789abcdef"

RUNNER = textwrap.dedent(
    """
    import sys
    from graph.ingest import pipeline as ingest_mod

    _write = ingest_mod._write

    def _traced(store, res):
        print("writing", res.article.sid, flush=True)
        _write(store, res)
        print("wrote", res.article.sid, flush=True)

    ingest_mod._write = _traced
    from api.cli import main

    sys.exit(main(sys.argv[1:]))
    """
)

pytestmark = pytest.mark.slow


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth_articles", ROOT / "bench" / "synth_articles.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth_articles", mod)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------------------------------------
# Looking at a store
# ---------------------------------------------------------------------------------------------


def graph_counts(store: Store) -> dict[str, int]:
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    return {str(r["g"]): int(str(r["n"])) for r in rows}


def source_graphs(counts: dict[str, int]) -> set[str]:
    return {g for g in counts if g.startswith(BASE + "graph/source/")}


def check_whole_or_absent(store: Store, clean: dict[str, int], clean_entities: set[Triple]) -> int:
    """Every source graph is whole (Source node, Extraction activity, the clean quad count); no
    ng:Source outside its graph; the entity graph holds nothing a clean run would not.  Returns the
    number of articles present."""
    counts = graph_counts(store)
    for g in source_graphs(counts):
        assert g in clean, f"unexpected graph {g}"
        whole = store.ask(
            f"PREFIX ng: <{NG}> PREFIX prov: <{PROV}> ASK {{ GRAPH <{g}> {{ ?s a ng:Source ; ng:inGraph <{g}> ; "
            "ng:text ?t ; ng:contentHash ?h ; prov:wasGeneratedBy ?a . ?a a ng:Extraction ; prov:used ?s } }"
        )
        assert whole, f"{g} lacks its ng:Source node or its ng:Extraction activity"
        assert counts[g] == clean[g], f"{g} holds {counts[g]} quads, a clean run {clean[g]}: half an article"
    orphan = store.ask(
        f"PREFIX ng: <{NG}> ASK {{ GRAPH ?g {{ ?s a ng:Source }} FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ng:inGraph ?g }} }} }}"
    )
    assert not orphan, "an ng:Source node outside its own graph"
    if ENTITY_GRAPH in counts:
        entities = entity_triples(store)
        assert entities <= clean_entities, (
            f"{len(entities - clean_entities)} entity triples a clean run lacks"
        )
    return len(source_graphs(counts))


def entity_triples(store: Store) -> set[Triple]:
    rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}").rows
    return {(r["s"], r["p"], r["o"]) for r in rows}


def without_validation(counts: dict[str, int]) -> dict[str, int]:
    return {g: n for g, n in counts.items() if g != VALIDATION_GRAPH}


def open_embedded(path: Path) -> OxigraphStore:
    return OxigraphStore(path)


# ---------------------------------------------------------------------------------------------
# Running and killing
# ---------------------------------------------------------------------------------------------


def run_cli(args: list[str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NEWSGRAPH, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=_env()
    )


def assert_clean_failure_output(text: str) -> None:
    assert "Traceback" not in text, text[-3000:]
    assert "panicked" not in text, text[-3000:]


def kill_group(proc: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


def run_traced_until(
    args: list[str], event: str, nth: int, on_event: Callable[[], object] | None = None
) -> tuple[list[str], bool]:
    """Run the traced CLI; at the nth ``event`` line ("writing"/"wrote") call ``on_event`` (default:
    SIGKILL the CLI's process group).  Returns the trace lines seen and whether the event came."""
    proc = subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=_env(),
        start_new_session=True,
    )
    seen: list[str] = []
    hit = False
    assert proc.stdout is not None
    try:
        for line in proc.stdout:
            seen.append(line.rstrip("\n"))
            if line.startswith(event + " ") and sum(1 for s in seen if s.startswith(event + " ")) == nth:
                hit = True
                if on_event is None:
                    kill_group(proc)
                    break
                on_event()
        proc.wait(timeout=300)
        err = proc.stderr.read() if proc.stderr else ""
        if on_event is not None or not hit:
            seen.append("[stderr] " + err)
    finally:
        if proc.poll() is None:
            kill_group(proc)
    return seen, hit


# ---------------------------------------------------------------------------------------------
# The corpus and a clean run
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fault-corpus")
    _synth().write_corpus(folder, N_ARTICLES, seed=11, words=350)
    return folder


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = tmp_path_factory.mktemp("clean") / "store"
    started = time.monotonic()
    proc = run_cli(["ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "1"])
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-3000:]
    st = open_embedded(store)
    try:
        counts = graph_counts(st)
        entities = entity_triples(st)
    finally:
        st.close()
    assert len(source_graphs(counts)) == N_ARTICLES
    return {"counts": counts, "entities": entities, "seconds": seconds}


def resume_and_compare(
    corpus: Path, store: str, clean: dict[str, Any], extra: list[str] | None = None
) -> None:
    proc = run_cli(
        ["ingest", str(corpus), "--store", store, "--no-progress", "--workers", "1", *(extra or [])]
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    from graph.store import open_store

    st = open_store(store)
    try:
        counts = graph_counts(st)
        assert check_whole_or_absent(st, clean["counts"], clean["entities"]) == N_ARTICLES
        assert entity_triples(st) == clean["entities"]
    finally:
        st.close()
    assert without_validation(counts) == without_validation(clean["counts"])


# ---------------------------------------------------------------------------------------------
# kill -9 of `newsgraph ingest`
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "nth"), [("writing", 1), ("wrote", 1), ("writing", 3), ("wrote", 3), ("writing", 5)]
)
def test_kill_ingest_at_observed_point(
    event: str,
    nth: int,
    corpus: Path,
    clean: dict[str, Any],
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    seen, hit = run_traced_until(
        ["ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "1"], event, nth
    )
    assert hit, f"never saw {event} #{nth}: {seen[-5:]}"
    st = open_embedded(store)  # the store opens after a kill
    try:
        present = check_whole_or_absent(st, clean["counts"], clean["entities"])
    finally:
        st.close()
    written = sum(1 for s in seen if s.startswith("wrote "))
    # every article whose transaction returned is there (durable); the one in flight may or may not be
    assert written <= present <= written + 1, (written, present)
    resume_and_compare(corpus, str(store), clean)


def test_kill_ingest_with_worker_pool(corpus: Path, clean: dict[str, Any], tmp_path: Path) -> None:
    """Workers=2 (a process pool): SIGKILL to the whole group, no orphan keeps the store."""
    store = tmp_path / "store"
    seen, hit = run_traced_until(
        ["ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "2"], "writing", 4
    )
    assert hit, seen[-5:]
    st = open_embedded(store)
    try:
        check_whole_or_absent(st, clean["counts"], clean["entities"])
    finally:
        st.close()
    resume_and_compare(corpus, str(store), clean)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kill_plain_cli_at_random_moment(
    seed: int, corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    """The unmodified CLI, SIGKILLed at a seeded random moment within a clean run's duration."""
    store = tmp_path / "store"
    delay = random.Random(seed).uniform(0.3, 0.95) * clean["seconds"]
    proc = subprocess.Popen(
        [NEWSGRAPH, "ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=_env(),
        start_new_session=True,
    )
    time.sleep(delay)
    kill_group(proc)
    if store.exists():
        st = open_embedded(store)
        try:
            check_whole_or_absent(st, clean["counts"], clean["entities"])
        finally:
            st.close()
    resume_and_compare(corpus, str(store), clean)


def test_resumed_batch_records_the_same_validation_results(
    corpus: Path,
    clean: dict[str, Any],
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    seen, hit = run_traced_until(
        ["ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "1"], "wrote", 6
    )
    assert hit
    assert (
        run_cli(["ingest", str(corpus), "--store", str(store), "--no-progress", "--workers", "1"]).returncode
        == 0
    )
    st = open_embedded(store)
    try:
        counts = graph_counts(st)
    finally:
        st.close()
    assert counts.get(VALIDATION_GRAPH, 0) == clean["counts"].get(VALIDATION_GRAPH, 0)


# ---------------------------------------------------------------------------------------------
# kill -9 of `newsgraph serve` during POSTed ingests
# ---------------------------------------------------------------------------------------------


def _articles(corpus: Path) -> list[dict[str, str]]:
    out = []
    for path in sorted(corpus.glob("*.txt")):
        title, _, text = path.read_text().partition("\n")
        out.append({"title": title.strip(), "text": text.strip(), "name": path.stem})
    return out


class Serve:
    def __init__(self, store: Path) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [
                NEWSGRAPH,
                "serve",
                "--store",
                str(store),
                "--port",
                str(self.port),
                "--token",
                TOKEN,
                "--allow-updates",
                "--log-level",
                "warning",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=_env(),
            start_new_session=True,
        )
        wait_http(self.url + "/stats", timeout=90, proc=self.proc)

    def post(self, client: httpx.Client, art: dict[str, str]) -> httpx.Response:
        return client.post(self.url + "/sources", json=art, headers={"Authorization": f"Bearer {TOKEN}"})

    def kill(self) -> None:
        kill_group(self.proc)

    def stop(self) -> str:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.stdout.read().decode("utf-8", "replace") if self.proc.stdout else ""


@pytest.fixture(scope="module")
def clean_posted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = tmp_path_factory.mktemp("clean-posted") / "store"
    srv = Serve(store)
    try:
        with httpx.Client(timeout=120) as c:
            for art in _articles(corpus):
                r = srv.post(c, art)
                assert r.status_code == 201, r.text
    finally:
        srv.stop()
    st = open_embedded(store)
    try:
        return {"counts": graph_counts(st), "entities": entity_triples(st)}
    finally:
        st.close()


@pytest.mark.parametrize("after", [1, 3])
def test_kill_server_during_posted_ingests(
    after: int,
    corpus: Path,
    clean_posted: dict,
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    arts = _articles(corpus)
    srv = Serve(store)
    acknowledged: list[str] = []
    in_flight: list[object] = []
    with httpx.Client(timeout=120) as c:
        for art in arts[:after]:
            r = srv.post(c, art)
            assert r.status_code == 201, r.text
            acknowledged.append(r.json()["id"])

        def post_next() -> None:
            try:
                in_flight.append(srv.post(c, arts[after]).status_code)
            except httpx.HTTPError as exc:
                in_flight.append(exc)

        t = threading.Thread(target=post_next)
        t.start()
        time.sleep(random.Random(after).uniform(0.05, 0.4))
        srv.kill()
        t.join(timeout=60)
    st = open_embedded(store)  # the kill leaves a stale .server.json: the store still opens
    try:
        present = check_whole_or_absent(st, clean_posted["counts"], clean_posted["entities"])
        for sid in acknowledged:  # every 201 is durable
            assert BASE + f"graph/source/{sid}" in graph_counts(st)
    finally:
        st.close()
    assert after <= present <= after + 1
    stats = run_cli(["stats", "--store", str(store)])
    assert stats.returncode == 0, stats.stderr  # other commands do not mistake the dead server for a live one
    # resume: POST everything again on a restarted server
    srv = Serve(store)
    try:
        with httpx.Client(timeout=120) as c:
            codes = [srv.post(c, art).status_code for art in arts]
    finally:
        log = srv.stop()
    assert codes[:after] == [200] * after and set(codes) <= {200, 201}, codes
    assert "Traceback" not in log, log[-3000:]
    st = open_embedded(store)
    try:
        assert check_whole_or_absent(st, clean_posted["counts"], clean_posted["entities"]) == len(arts)
        assert without_validation(graph_counts(st)) == without_validation(clean_posted["counts"])
    finally:
        st.close()


# ---------------------------------------------------------------------------------------------
# A remote SPARQL server that dies mid-batch
# ---------------------------------------------------------------------------------------------


@pytest.mark.remote
@pytest.mark.parametrize("event", ["writing", "wrote"])
def test_remote_server_stopped_mid_batch(
    event: str, corpus: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    workdir = tmp_path / "oxigraph"
    workdir.mkdir()
    server = OxigraphServer(workdir)
    server.start()
    try:
        proc = server.proc
        assert proc is not None

        def stop_server() -> None:
            proc.kill()
            proc.wait()

        seen, hit = run_traced_until(
            ["ingest", str(corpus), "--store", server.url, "--no-progress", "--workers", "1"],
            event,
            3,
            on_event=stop_server,
        )
    finally:
        server.stop()
    assert hit, seen[-5:]
    stderr = seen[-1]
    assert_clean_failure_output(stderr)
    failed = [ln for ln in stderr.splitlines() if ln.startswith("failed: ")]
    assert failed, stderr[-2000:]
    assert all("SPARQL server" in ln for ln in failed), failed
    # restart the server on the same data
    server = OxigraphServer(workdir)
    server.start()
    try:
        from graph.store import open_store

        st = open_store(server.url)
        try:
            present = check_whole_or_absent(st, clean["counts"], clean["entities"])
        finally:
            st.close()
        wrote = sum(1 for s in seen if s.startswith("wrote "))
        assert wrote <= present <= wrote + 1
        resume_and_compare(corpus, server.url, clean)
    finally:
        server.stop()


def test_remote_server_gone_before_the_batch(corpus: Path, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    proc = run_cli(["ingest", str(corpus), "--store", url, "--no-progress"])
    assert proc.returncode == 1
    assert_clean_failure_output(proc.stderr)
    assert "SPARQL server" in proc.stderr and len(proc.stderr.strip().splitlines()) <= N_ARTICLES + 2


# ---------------------------------------------------------------------------------------------
# Full disk, read-only store, unusable store paths
# ---------------------------------------------------------------------------------------------


def _unshare() -> str | None:
    """Why a private mount namespace cannot be had here, or None when it can."""
    exe = shutil.which("unshare")
    if not exe:
        return "no unshare(1) on this machine"
    probe = subprocess.run(
        [
            exe,
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount -t tmpfs -o size=1m tmpfs /mnt && umount /mnt",
        ],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"cannot mount in a private namespace: {probe.stderr.strip() or probe.returncode}"
    return None


COUNT_PY = textwrap.dedent(
    """
    import json, sys
    from graph.store import OxigraphStore
    st = OxigraphStore(sys.argv[1])
    rows = st.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows
    print(json.dumps({str(r["g"]): int(r["n"]) for r in rows}))
    st.close()
    """
)


def _in_namespace(script: str, tmp_path: Path) -> dict[str, str]:
    """Run a shell script in a private mount namespace; it writes its results as files in $OUT."""
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "count.py").write_text(COUNT_PY)
    env = {
        **_env(),
        "OUT": str(out),
        "NG": NEWSGRAPH,
        "PY": sys.executable,
        "COUNT": str(tmp_path / "count.py"),
    }
    proc = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {p.name: p.read_text() for p in out.iterdir()}


def test_disk_full_gives_a_clear_error_and_an_unchanged_store(tmp_path: Path) -> None:
    why = _unshare()
    if why:
        pytest.skip(why)
    seeds = sorted(SEEDS.glob("*.txt"))
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    script = f"""
    set -u
    mount -t tmpfs -o size=24m tmpfs {mnt}
    "$NG" ingest {seeds[0]} --store {mnt}/store --no-progress > $OUT/first.out 2>&1; echo $? > $OUT/first.rc
    "$PY" "$COUNT" {mnt}/store > $OUT/before.json 2>> $OUT/before.err
    dd if=/dev/zero of={mnt}/filler bs=4k > /dev/null 2>&1
    df -k {mnt} | tail -1 > $OUT/df.txt
    "$NG" ingest {seeds[1]} --store {mnt}/store --no-progress --json > $OUT/full.out 2> $OUT/full.err; echo $? > $OUT/full.rc
    "$NG" import {ROOT}/ontology/newsgraph.ttl --graph urn:x:ontology --store {mnt}/store > $OUT/import.out 2> $OUT/import.err; echo $? > $OUT/import.rc
    rm -f {mnt}/filler
    "$PY" "$COUNT" {mnt}/store > $OUT/after.json 2> $OUT/after.err; echo $? > $OUT/after.rc
    "$NG" ingest {seeds[1]} --store {mnt}/store --no-progress > $OUT/again.out 2>&1; echo $? > $OUT/again.rc
    "$PY" "$COUNT" {mnt}/store > $OUT/final.json 2>> $OUT/final.err
    umount {mnt}
    """
    res = _in_namespace(script, tmp_path)
    assert res["first.rc"].strip() == "0", res.get("first.out")
    before = json.loads(res["before.json"])
    assert len(source_graphs(before)) == 1
    # the write on the full disk: exit 1, one line per failure, no traceback or panic
    assert res["full.rc"].strip() == "1", (res["full.rc"], res["full.err"][-2000:], res["df.txt"])
    assert_clean_failure_output(res["full.err"])
    assert res["import.rc"].strip() == "1", res["import.err"]
    assert_clean_failure_output(res["import.err"])
    assert res["import.err"].startswith("error: ") and len(res["import.err"].strip().splitlines()) == 1
    # the store is unchanged, and once there is room again the article goes in whole
    assert res["after.rc"].strip() == "0", res["after.err"]
    assert json.loads(res["after.json"]) == before
    assert res["again.rc"].strip() == "0", res["again.out"]
    final = json.loads(res["final.json"])
    assert len(source_graphs(final)) == 2


def test_read_only_store_refuses_writes_clearly(tmp_path: Path) -> None:
    why = _unshare()
    if why:
        pytest.skip(why)
    seeds = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    assert run_cli(["ingest", str(seeds[0]), "--store", str(store), "--no-progress"]).returncode == 0
    st = open_embedded(store)
    before = graph_counts(st)
    st.close()
    script = f"""
    set -u
    mount --bind {store} {store} && mount -o remount,bind,ro {store}
    touch {store}/probe 2> $OUT/touch.err; echo $? > $OUT/touch.rc
    "$NG" ingest {seeds[1]} --store {store} --no-progress > $OUT/ingest.out 2> $OUT/ingest.err; echo $? > $OUT/ingest.rc
    "$NG" query "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}" --store {store} > $OUT/query.out 2> $OUT/query.err; echo $? > $OUT/query.rc
    umount {store}
    """
    res = _in_namespace(script, tmp_path)
    assert res["touch.rc"].strip() != "0", "the bind mount is not read-only"
    assert res["ingest.rc"].strip() == "1", res["ingest.err"]
    assert_clean_failure_output(res["ingest.err"])
    assert res["ingest.err"].startswith("error: ") and len(res["ingest.err"].strip().splitlines()) == 1
    assert str(store) in res["ingest.err"]
    st = open_embedded(store)
    try:
        assert graph_counts(st) == before
    finally:
        st.close()


def test_query_on_read_only_store(tmp_path: Path) -> None:
    why = _unshare()
    if why:
        pytest.skip(why)
    seeds = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    assert run_cli(["ingest", str(seeds[0]), "--store", str(store), "--no-progress"]).returncode == 0
    script = f"""
    mount --bind {store} {store} && mount -o remount,bind,ro {store}
    "$NG" query "SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }}" --store {store} > $OUT/query.out 2> $OUT/query.err; echo $? > $OUT/query.rc
    umount {store}
    """
    res = _in_namespace(script, tmp_path)
    assert_clean_failure_output(res["query.err"])
    assert res["query.rc"].strip() == "0", res["query.err"]


@pytest.mark.parametrize("kind", ["file", "proc", "dev-null-child", "missing-parent-on-proc"])
def test_unusable_store_path_gives_one_line(kind: str, tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("*.txt"))[0]
    if kind == "file":
        path = tmp_path / "not-a-folder"
        path.write_text("a file where the store should be")
    elif kind == "proc":
        path = Path("/proc/self/status")
    elif kind == "dev-null-child":
        path = Path("/dev/null/store")
    else:
        path = Path("/proc/newsgraph-missing/store")
    for args in (["ingest", str(seed)], ["stats"], ["query", "ASK {}"]):
        proc = run_cli([*args, "--store", str(path), *(["--no-progress"] if args[0] == "ingest" else [])])
        assert proc.returncode == 1, (args, proc.returncode, proc.stderr)
        assert_clean_failure_output(proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    if kind == "file":
        assert path.read_text() == "a file where the store should be"
