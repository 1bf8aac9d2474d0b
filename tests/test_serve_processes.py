"""``newsgraph serve --read-processes N``: a real server (the CLI, uvicorn processes on 127.0.0.1) driven
over real HTTP.  Reads come from several processes, a write is seen by the very next read whichever
process answers it, the answers are those of the one-process server, and everything stops with the
server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import OxigraphServer, free_port, wait_http
from fastapi.testclient import TestClient
from test_api_support import TOKEN, B, fixture_store, settings_for

from api.app import create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}
NG = "https://w3id.org/newsgraph/ontology#"
PID = "x-newsgraph-pid"


class Served:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, store: str) -> None:
        self.proc = proc
        self.url = url
        self.store = store


def _serve(store: str, processes: int = 2, *extra: str) -> Served:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    env["NEWSGRAPH_BASE_IRI"] = B
    exe = Path(sys.executable).parent / "newsgraph"
    proc = subprocess.Popen(
        [
            str(exe),
            "serve",
            "--store",
            store,
            "--port",
            str(port),
            "--read-processes",
            str(processes),
            "--workers",
            "1",
            "--allow-updates",
            "--token",
            TOKEN,
            "--log-level",
            "warning",
            *extra,
        ],
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    wait_http(url + "/stats", timeout=60, proc=proc)
    return Served(proc, url, store)


def _stop(served: Served) -> int:
    served.proc.send_signal(signal.SIGTERM)
    try:
        return served.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        served.proc.kill()
        served.proc.wait()
        raise


def _children(pid: int) -> set[int]:
    """Every living descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    path = tmp_path_factory.mktemp("served") / "store"
    fixture_store(path).close()
    srv = _serve(str(path))
    yield srv
    _stop(srv)


def _pids(url: str, path: str, n: int = 60) -> set[str]:
    """The processes that answered ``n`` requests, each on a new connection, from four threads."""
    seen: set[str] = set()
    lock = threading.Lock()

    def client() -> None:
        for _ in range(n // 4):
            r = httpx.get(url + path, timeout=30)
            assert r.status_code == 200, r.text
            with lock:
                seen.add(r.headers[PID])

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


def test_reads_are_answered_by_several_processes(served: Served) -> None:
    seen: set[str] = set()
    for _ in range(10):  # the kernel picks the process per connection: ask until two have answered
        seen |= _pids(served.url, "/persons?q=kov")
        if len(seen) >= 2:
            break
    assert len(seen) >= 2, seen
    assert str(served.proc.pid) not in seen  # the writing process answers no read


def test_answers_are_those_of_one_process(served: Served, tmp_path: Path) -> None:
    paths = [
        "/persons?q=kov",
        "/persons/anna-kovalenko",
        "/offices/foreign-minister--ukraine/holders?date=2025-05-25",
        "/offices/foreign-minister--ukraine",
        "/events?type=Attack",
        "/claims?speaker=petro-bondar",
        "/sources/aaaaaaaaaaaaaaaa",
        "/id/person/petro-bondar",
    ]
    alone = tmp_path / "alone"
    fixture_store(alone).close()
    with TestClient(create_app(settings_for(alone))) as one:
        for path in paths:
            expected = one.get(path)
            got = httpx.get(served.url + path, timeout=30)
            assert got.status_code == expected.status_code == 200, path
            assert got.content == expected.content, path
        query = f"SELECT ?n WHERE {{ ?p <{NG}name> ?n }} ORDER BY ?n"
        expected = one.post("/sparql", data={"query": query})
        got = httpx.post(served.url + "/sparql", data={"query": query}, timeout=30)
        assert got.content == expected.content
        assert got.headers[PID] != str(served.proc.pid)  # a query sent by POST is a read


def _insert(url: str, slug: str, name: str) -> httpx.Response:
    person = f"{B}person/{slug}"
    update = (
        f"DELETE WHERE {{ GRAPH <{B}graph/entities> {{ <{person}> <{NG}name> ?n }} }} ;\n"
        f'INSERT DATA {{ GRAPH <{B}graph/entities> {{ <{person}> a <{NG}Person> ; <{NG}name> "{name}" }} }}'
    )
    return httpx.post(
        url + "/sparql",
        content=update.encode(),
        headers={"Content-Type": "application/sparql-update", **AUTH},
        timeout=60,
    )


def test_a_write_is_seen_by_the_next_read(served: Served) -> None:
    answered: set[str] = set()
    for i in range(12):
        r = _insert(served.url, "write-then-read", f"Writer Reader {i}")
        assert r.status_code == 204, r.text
        assert r.headers[PID] == str(served.proc.pid)  # writes are done by the writing process
        # new connections: any read process may answer, and every one must see the write
        for path in ("/persons/write-then-read", "/persons?q=writer%20reader"):
            got = httpx.get(served.url + path, timeout=30)
            answered.add(got.headers[PID])
            body = got.json()
            name = body["name"] if "name" in body else body["items"][0]["name"]
            assert name == f"Writer Reader {i}", (i, path, got.headers[PID])
        ask = httpx.get(
            served.url + "/sparql",
            params={"query": f'ASK {{ ?p <{NG}name> "Writer Reader {i}" }}'},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert ask.json()["boolean"] is True
    # Graph Store Protocol writes are forwarded too
    r = httpx.post(
        served.url + "/store",
        params={"graph": f"{B}graph/entities"},
        content=f'<{B}person/gsp-person> a <{NG}Person> ; <{NG}name> "Graph Store Person" .'.encode(),
        headers={"Content-Type": "text/turtle", **AUTH},
        timeout=60,
    )
    assert r.status_code in (200, 201, 204), r.text
    assert httpx.get(served.url + "/persons/gsp-person", timeout=30).json()["name"] == "Graph Store Person"
    # writing still needs the token through a read process
    r = httpx.post(
        served.url + "/sparql",
        content=b"CLEAR ALL",
        headers={"Content-Type": "application/sparql-update"},
        timeout=30,
    )
    assert r.status_code == 401
    assert httpx.get(served.url + "/persons/anna-kovalenko", timeout=30).status_code == 200


def test_concurrent_reads_and_writes_never_go_back(served: Served) -> None:
    """While one client writes a rising number, readers on other connections never see it fall below
    what the writer had been told was committed before their read began."""
    committed = -1
    stop = threading.Event()
    errors: list[str] = []

    def reader() -> None:
        with httpx.Client(base_url=served.url, timeout=30) as c:
            while not stop.is_set():
                floor = committed
                r = c.get("/persons/counter-person")
                if floor < 0:
                    continue
                if r.status_code != 200:
                    errors.append(f"{r.status_code} after write {floor}")
                    continue
                seen = int(r.json()["name"].rsplit(" ", 1)[1])
                if seen < floor:
                    errors.append(f"read {seen} after write {floor} had committed")

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(15):
            assert _insert(served.url, "counter-person", f"Counter {i}").status_code == 204
            committed = i
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[:5]


def test_processes_stop_with_the_server(tmp_path: Path) -> None:
    path = tmp_path / "store"
    fixture_store(path).close()
    srv = _serve(str(path), processes=2)
    # start the readers' query workers too
    assert httpx.get(srv.url + "/sparql", params={"query": "ASK {}"}, timeout=30).status_code == 200
    children = _children(srv.proc.pid)
    assert len(children) >= 2
    assert (path / ".server.json").exists()
    status = _stop(srv)
    assert status in (0, -signal.SIGTERM), status
    assert not (_children(srv.proc.pid) & children)
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not (path / ".server.json").exists()
    assert not [p for p in (path / ".snapshots").glob("*") if p.name.startswith(f"{srv.proc.pid}-")]
    with pytest.raises(httpx.ConnectError):
        httpx.get(srv.url + "/stats", timeout=5)


def test_remote_store_is_served_by_stateless_processes(oxigraph_server: OxigraphServer) -> None:
    oxigraph_server.clear()
    srv = _serve(oxigraph_server.url, processes=2)
    try:
        seen: set[str] = set()
        for _ in range(10):
            seen |= _pids(srv.url, "/stats")
            if len(seen) >= 2:
                break
        assert len(seen) >= 2, seen
        assert _insert(srv.url, "remote-person", "Remote Person").status_code == 204
        for _ in range(6):
            r = httpx.get(srv.url + "/persons/remote-person", timeout=30)
            assert r.status_code == 200 and r.json()["name"] == "Remote Person"
    finally:
        assert _stop(srv) in (0, -signal.SIGTERM)


def _replicas_fresh(url: str, processes: int) -> set[str]:
    """The read processes whose in-memory copy said it was up to date (new connections, four threads)."""
    fresh: set[str] = set()
    lock = threading.Lock()

    def client() -> None:
        for _ in range(8):
            r = httpx.get(url + "/stats", timeout=30)
            if r.json()["memoryReplica"]["upToDate"]:
                with lock:
                    fresh.add(r.headers[PID])

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return fresh


def test_read_processes_with_memory_replicas(tmp_path: Path) -> None:
    """Each read process keeps an in-memory copy of its checkpoint; a write is still seen by the next
    read (from the checkpoint on disk while the copies are out of date), then from new copies."""
    import time

    path = tmp_path / "store"
    fixture_store(path).close()
    srv = _serve(str(path), 2, "--memory-replica")
    try:
        fresh: set[str] = set()
        deadline = time.monotonic() + 120
        while len(fresh) < 2 and time.monotonic() < deadline:
            fresh |= _replicas_fresh(srv.url, 2)
        assert len(fresh) == 2, fresh
        for i in range(3):
            assert _insert(srv.url, "replica-person", f"Replica Person {i}").status_code == 204
            for _ in range(4):
                got = httpx.get(srv.url + "/persons/replica-person", timeout=30)
                assert got.json()["name"] == f"Replica Person {i}"
        fresh = set()
        deadline = time.monotonic() + 120
        while len(fresh) < 2 and time.monotonic() < deadline:
            fresh |= _replicas_fresh(srv.url, 2)
        assert len(fresh) == 2, fresh  # new copies after the writes
        for _ in range(4):
            assert httpx.get(srv.url + "/persons?q=replica", timeout=30).json()["items"][0]["name"] == (
                "Replica Person 2"
            )
    finally:
        assert _stop(srv) in (0, -signal.SIGTERM)
