"""The in-memory replica (``serve --memory-replica``): used only while up to date, never stale."""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph import iris
from graph.errors import StoreError
from graph.namespace import NG
from graph.serve.replica import MemoryReplica
from graph.store import OxigraphStore, Store

TOKEN = "replica-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _person(store: OxigraphStore, name: str) -> None:
    p = iris.entity_iri("person", "Jane Example")
    store.update(
        f"DELETE WHERE {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> <{NG.name}> ?n }} }} ;\n"
        f'INSERT DATA {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> a <{NG.Person}> ; <{NG.name}> "{name}" }} }}'
    )


def _name(store: Store) -> str | None:
    rows = store.select(
        f"SELECT ?n WHERE {{ <{iris.entity_iri('person', 'Jane Example')}> <{NG.name}> ?n }}"
    ).rows
    return str(rows[0]["n"]) if rows else None


def _record_reads(replica: MemoryReplica) -> list[Store]:
    """Make ``replica.reader`` note every store it hands out; the list it fills."""
    handed_out: list[Store] = []
    reader = replica.reader

    def spy() -> Store:
        handed_out.append(reader())
        return handed_out[-1]

    replica.reader = spy  # type: ignore[method-assign]
    return handed_out


def test_replica_is_handed_out_only_while_up_to_date(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    _person(store, "Jane Example")
    generation = [1]
    replica = MemoryReplica(store, lambda: generation[0], delay_s=0.05)
    try:
        assert replica.wait_fresh(30)
        copy = replica.reader()
        assert copy is not store and isinstance(copy, OxigraphStore) and copy.location == ":memory:"
        assert _name(copy) == "Jane Example" and copy.count() == store.count()
        with pytest.raises(StoreError, match="read-only"):
            copy.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # a write there would be lost
        # a write: from the moment the counter moves, reads go to the store on disk
        _person(store, "Jane Q. Example")
        generation[0] += 1
        assert replica.reader() is store
        assert _name(replica.reader()) == "Jane Q. Example"
        # and the refreshed copy has the write
        assert replica.wait_fresh(30)
        assert replica.reader() is not store and _name(replica.reader()) == "Jane Q. Example"
        assert replica.copies == 2
    finally:
        replica.close()
        store.close()


def test_replica_waits_for_a_burst_of_writes_to_end(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    generation = [1]
    replica = MemoryReplica(store, lambda: generation[0], delay_s=0.3)
    try:
        assert replica.wait_fresh(30)
        for _ in range(5):  # writes closer together than delay_s
            generation[0] += 1
            assert replica.reader() is store
        assert replica.wait_fresh(30)
        assert replica.copies == 2  # one copy for the whole burst
    finally:
        replica.close()
        store.close()


def test_replica_needs_a_store_on_disk() -> None:
    with pytest.raises(ValueError, match="already in memory"):
        MemoryReplica(OxigraphStore(None), lambda: 0)


def test_server_with_replica_answers_from_it_and_never_stale(tmp_path: Path) -> None:
    settings = ApiSettings(
        store=str(tmp_path / "store"), allow_updates=True, token=TOKEN, query_workers=1, memory_replica=True
    )
    with TestClient(create_app(settings)) as c:
        state = c.app.state.ng  # type: ignore[attr-defined]
        p = iris.entity_iri("person", "Jane Example")

        def write(name: str) -> None:
            r = c.post(
                "/sparql",
                content=(
                    f"DELETE WHERE {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> <{NG.name}> ?n }} }} ;\n"
                    f"INSERT DATA {{ GRAPH <{iris.entity_graph_iri()}> "
                    f'{{ <{p}> a <{NG.Person}> ; <{NG.name}> "{name}" }} }}'
                ).encode(),
                headers={"Content-Type": "application/sparql-update", **AUTH},
            )
            assert r.status_code in (200, 204), r.text

        write("Jane Example")
        # right after the write: answered from disk, with the write
        assert c.get("/persons/jane-example").json()["name"] == "Jane Example"
        assert state.replica.wait_fresh(30)
        assert state.replica.reader() is not state.store
        write("Jane Q. Example")  # the copy is now behind: never served
        assert c.get("/persons/jane-example").json()["name"] == "Jane Q. Example"
        assert c.get("/persons", params={"q": "Q."}).json()["total"] == 1
        assert state.replica.wait_fresh(30)
        copies = state.replica.copies
        # answered from the copy now (a different person, not in the read cache yet)
        write_gsp = c.post(  # Graph Store Protocol: add to the entity graph
            "/store",
            params={"graph": str(iris.entity_graph_iri())},
            content=f'<{iris.entity_iri("person", "John Example")}> a <{NG.Person}> ; <{NG.name}> "John Example" .'.encode(),
            headers={"Content-Type": "text/turtle", **AUTH},
        )
        assert write_gsp.status_code in (200, 201, 204)
        assert c.get("/persons/john-example").json()["name"] == "John Example"
        assert state.replica.wait_fresh(30) and state.replica.copies > copies
        handed_out = _record_reads(state.replica)
        found = c.get("/persons", params={"q": "john"}).json()  # not asked before: computed
        assert [i["name"] for i in found["items"]] == ["John Example"]
        assert handed_out and all(s is not state.store and s.location == ":memory:" for s in handed_out)
    assert state.replica._current is None  # closed with the app


def test_replica_refused_for_a_store_the_server_does_not_open(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    try:
        with pytest.raises(StoreError, match="memory-replica"):
            create_app(ApiSettings(memory_replica=True), store=store)
    finally:
        store.close()


class _SlowDump:
    """The pyoxigraph store, with ``dump`` held until ``release`` is set (``entered`` once called)."""

    def __init__(self, raw: object) -> None:
        self.raw = raw
        self.entered = threading.Event()
        self.release = threading.Event()

    def dump(self, **kwargs: object) -> object:
        self.entered.set()
        assert self.release.wait(30)
        return self.raw.dump(**kwargs)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.raw, name)


def test_stale_copy_let_go_before_the_next_and_none_kept_after_close(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    _person(store, "Jane Example")
    generation = [1]
    slow = _SlowDump(store.raw)
    replica = MemoryReplica(store, lambda: generation[0], delay_s=0.01)
    try:
        assert replica.wait_fresh(30)
        store._store = slow  # type: ignore[assignment]
        generation[0] += 1
        assert replica.reader() is store  # wakes the refresher
        assert slow.entered.wait(30)
        # the copy being made replaces one that is out of use for good: not held meanwhile
        assert replica._current is None
        # closed while that copy is under way: it is not put in place afterwards
        closing = threading.Thread(target=replica.close)
        closing.start()
        while not replica._stopped.is_set():
            time.sleep(0.01)
        slow.release.set()
        closing.join(30)
        assert not closing.is_alive() and not replica._thread.is_alive()
        assert replica._current is None and replica.copies == 1
    finally:
        slow.release.set()
        replica.close()
        store._store = slow.raw  # type: ignore[assignment]
        store.close()


def test_a_failing_copy_is_retried_with_growing_pauses(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    _person(store, "Jane Example")
    raw = store.raw
    calls = []

    class Failing(_SlowDump):
        def dump(self, **kwargs: object) -> object:
            calls.append(time.monotonic())
            raise OSError("no space left")

    store._store = Failing(raw)  # type: ignore[assignment]
    replica = MemoryReplica(store, lambda: 1, delay_s=0.01)
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:  # reads all along: each wakes the refresher
            assert replica.reader() is store
            time.sleep(0.002)
        # pauses of 0.02, 0.04, 0.08 ... s: about 7 tries, not one per read
        assert 3 <= len(calls) <= 10, len(calls)
        assert replica.copies == 0 and not replica.fresh()
    finally:
        replica.close()
        store._store = raw
        store.close()


def test_copies_back_off_under_a_steady_stream_of_writes(tmp_path: Path) -> None:
    import threading
    import time

    class SlowReplica(MemoryReplica):
        def _copy(self, generation: Hashable) -> None:
            time.sleep(0.15)  # a copy slower than the writes come: stale before it is in place
            super()._copy(generation)

    store = OxigraphStore(tmp_path / "store")
    generation = [1]
    replica = SlowReplica(store, lambda: generation[0], delay_s=0.05)
    stop = threading.Event()

    def writes() -> None:  # a write every 0.1 s: longer apart than delay_s
        while not stop.wait(0.1):
            generation[0] += 1
            replica.reader()  # a read after each write wakes the refresher

    try:
        assert replica.wait_fresh(30)
        before = replica.copies
        writer = threading.Thread(target=writes)
        writer.start()
        time.sleep(2.0)
        stop.set()
        writer.join()
        made = replica.copies - before
        # without the back-off a copy would be made after every write (about 10 in 2 s, each stale
        # on arrival); each stale copy doubles the quiet spell asked for, soon past 0.1 s
        assert made <= 4, made
        assert replica.wait_fresh(30)  # once the writes stop, the copy catches up
    finally:
        replica.close()
        store.close()


def test_pages_read_the_replica_when_it_is_up_to_date(tmp_path: Path) -> None:
    settings = ApiSettings(store=str(tmp_path / "store"), query_workers=1, memory_replica=True)
    with TestClient(create_app(settings)) as c:
        state = c.app.state.ng  # type: ignore[attr-defined]
        assert state.replica.wait_fresh(30)
        handed_out = _record_reads(state.replica)
        assert c.get("/ui/search", params={"q": "x"}).status_code == 200
        assert handed_out and all(s is not state.store for s in handed_out)
