"""The REST read cache never serves a body from before a write."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ApiSettings
from graph import iris
from graph.namespace import NG

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
