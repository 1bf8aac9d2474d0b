"""The REST read cache never serves a body from before a write."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph import iris
from graph.namespace import NG
from graph.read.cache import BodyCache, counted, per_version, set_version_source, store_version
from graph.store import OxigraphStore

TOKEN = "cache-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _insert_person(c: TestClient, name: str) -> None:
    p = iris.entity_iri("person", "Jane Example")
    r = c.post(
        "/sparql",
        content=(
            f"DELETE WHERE {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> <{NG.name}> ?n }} }} ;\n"
            f'INSERT DATA {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> a <{NG.Person}> ; <{NG.name}> "{name}" }} }}'
        ).encode(),
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    assert r.status_code in (200, 204), r.text


def test_cached_lookups_change_after_each_kind_of_write(tmp_path) -> None:
    settings = ApiSettings(store=str(tmp_path / "store"), allow_updates=True, token=TOKEN, query_workers=1)
    with TestClient(create_app(settings)) as c:  # the app opens its own store: the cache is on
        assert c.get("/persons", params={"q": "Jane"}).json()["items"] == []
        assert c.get("/persons/jane-example").status_code == 404
        _insert_person(c, "Jane Example")  # SPARQL Update
        assert [i["name"] for i in c.get("/persons", params={"q": "Jane"}).json()["items"]] == [
            "Jane Example"
        ]
        first = c.get("/persons/jane-example")
        assert first.status_code == 200 and first.json()["name"] == "Jane Example"
        assert c.get("/persons/jane-example").json() == first.json()  # served again, unchanged
        cache = c.app.state.ng.read_cache  # the cache is really in use here
        assert any("jane-example" in repr(k) for k in cache._entries)
        _insert_person(c, "Jane Q. Example")  # another update: the cached body must not come back
        assert c.get("/persons/jane-example").json()["name"] == "Jane Q. Example"
        # Graph Store Protocol write
        p = iris.entity_iri("person", "Jane Example")
        r = c.put(
            "/store",
            params={"graph": str(iris.entity_graph_iri())},
            content=f'<{p}> a <{NG.Person}> ; <{NG.name}> "Jane GSP Example" .'.encode(),
            headers={"Content-Type": "text/turtle", **AUTH},
        )
        assert r.status_code in (200, 201, 204), r.text
        assert c.get("/persons/jane-example").json()["name"] == "Jane GSP Example"
        # POSTed article (ingest)
        r = c.post(
            "/sources",
            json={"text": "Jane Example met officials in Kyiv on May 24, 2025.", "published": "2025-05-25"},
            headers=AUTH,
        )
        assert r.status_code in (200, 201), r.text
        assert c.get("/sources").json()["total"] == 1


def test_per_version_builds_once_per_count_of_writes() -> None:
    store = OxigraphStore(None)
    writes = [0]
    builds: list[int] = []

    def build() -> int:
        builds.append(writes[0])
        return writes[0]

    assert not counted(store)
    set_version_source(store, lambda: writes[0])
    assert counted(store) and store_version(store) == ("writes", 0)
    assert per_version(store, "k", build) == 0
    assert per_version(store, "k", build) == 0
    writes[0] += 1
    assert per_version(store, "k", build) == 1
    assert builds == [0, 1]  # built once per count
    set_version_source(store, None)
    assert not counted(store)


def test_body_cache_forgets_everything_when_the_version_moves() -> None:
    cache = BodyCache(max_entries=2, max_bytes=1 << 20)
    cache.put(1, "a", b"A")
    cache.put(1, "b", b"B")
    assert cache.get(1, "a") == b"A"
    cache.put(1, "c", b"C")  # over two entries: the least recently used ("b") goes
    assert cache.get(1, "b") is None and cache.get(1, "c") == b"C"
    assert cache.get(2, "a") is None  # another version: nothing
    cache.put(2, "d", b"D")
    assert cache.get(1, "a") is None and cache.get(2, "d") == b"D"


def test_the_server_counts_its_writes_for_every_cache(tmp_path) -> None:
    """The store the app opens is versioned by the executor's write counter, which the read caches,
    the REST body cache and the memory replica all read."""
    settings = ApiSettings(
        store=str(tmp_path / "store"), allow_updates=True, token=TOKEN, query_workers=1, memory_replica=True
    )
    with TestClient(create_app(settings)) as c:
        state = c.app.state.ng
        assert counted(state.store)
        before = store_version(state.store)
        assert state.replica.generation() == before
        _insert_person(c, "Jane Example")
        after = store_version(state.store)
        assert after != before and state.replica.generation() == after
