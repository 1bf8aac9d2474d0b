"""SPARQL 1.1 Protocol, Update, Graph Store Protocol and Service Description at /sparql and /store,
through TestClient and a live uvicorn server, and with real SPARQL clients."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import OxigraphServer
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from test_api_support import TOKEN, B, fixture_store, free_port, live_app, settings_for

from api.app import create_app
from api.sparql import QUERY_PAGE_EXAMPLES
from graph.store import SERVER_FILE, RemoteStore, Store, open_store

NG = "https://w3id.org/newsgraph/ontology#"
COUNT_PERSONS = f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{NG}Person> }}"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Store]]:
    path = tmp_path_factory.mktemp("sparql-store")
    store = fixture_store(path)
    yield path, store
    store.close()


@pytest.fixture(scope="module")
def live(store_dir: tuple[Path, Store]) -> Iterator[str]:
    path, store = store_dir
    with live_app(settings_for(path), store) as srv:
        yield srv.url


@pytest.fixture(scope="module", params=["testclient", "live"])
def client(request: pytest.FixtureRequest, store_dir: tuple[Path, Store]) -> Iterator[httpx.Client]:
    path, store = store_dir
    if request.param == "testclient":
        with TestClient(create_app(settings_for(path), store)) as c:
            yield c
    else:
        url = request.getfixturevalue("live")
        with httpx.Client(base_url=url, timeout=30) as c:
            yield c


def n_of(r: httpx.Response) -> int:
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


# ---------------------------------------------------------------------------------------------
# Query
# ---------------------------------------------------------------------------------------------


def test_query_get_form_and_direct_post(client: httpx.Client) -> None:
    assert n_of(client.get("/sparql", params={"query": COUNT_PERSONS})) == 3
    assert n_of(client.post("/sparql", data={"query": COUNT_PERSONS})) == 3
    assert (
        n_of(
            client.post(
                "/sparql",
                content=COUNT_PERSONS.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
        )
        == 3
    )


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/sparql-results+json"),
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/html, */*;q=0.1", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_select_formats(client: httpx.Client, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get(
        "/sparql",
        params={"query": f"SELECT ?name WHERE {{ ?p a <{NG}Person> ; <{NG}name> ?name }} ORDER BY ?name"},
        headers=headers,
    )
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["name"] and rows[1] == ["Anna Kovalenko"] and len(rows) == 4
    elif media == "text/tab-separated-values":
        assert r.text.splitlines()[0] == "?name" and '"Anna Kovalenko"' in r.text
    elif "xml" in media:
        assert "<literal>Petro Bondar</literal>" in r.text
    else:
        names = [b["name"]["value"] for b in r.json()["results"]["bindings"]]
        assert names[:2] == ["Anna Kovalenko", "Petro Bondar"] and 'O\'Reilly "the quote"' in names[2]


def test_ask(client: httpx.Client) -> None:
    yes = client.get("/sparql", params={"query": f'ASK {{ ?p <{NG}name> "Kyiv" }}'})
    assert yes.json() == {"head": {}, "boolean": True}
    no = client.get(
        "/sparql",
        params={"query": 'ASK { ?p ?q "nothing" }'},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert "<boolean>false</boolean>" in no.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/trig", "trig"),
        (None, "turtle"),
    ],
)
def test_construct_formats(client: httpx.Client, accept: str | None, fmt: str) -> None:
    q = f"CONSTRUCT {{ ?p <{NG}name> ?n }} WHERE {{ ?p a <{NG}Person> ; <{NG}name> ?n }}"
    r = client.get("/sparql", params={"query": q}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    if accept:
        assert r.headers["content-type"].split(";")[0] == accept
    g = Graph().parse(data=r.content, format=fmt)
    assert (
        len(g) == 3 and (URIRef(B + "person/petro-bondar"), URIRef(NG + "name"), Literal("Petro Bondar")) in g
    )


def test_describe(client: httpx.Client) -> None:
    r = client.get(
        "/sparql", params={"query": f"DESCRIBE <{B}place/kyiv>"}, headers={"Accept": "text/turtle"}
    )
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(B + "place/kyiv"), URIRef(NG + "alias"), Literal("Kiev")) in g


def test_dataset_parameters(client: httpx.Client) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = n_of(client.get("/sparql", params={"query": q}))
    entities = n_of(client.get("/sparql", params={"query": q, "default-graph-uri": B + "graph/entities"}))
    validation = n_of(client.get("/sparql", params={"query": q, "default-graph-uri": B + "graph/validation"}))
    both = n_of(
        client.get(
            "/sparql",
            params=[
                ("query", q),
                ("default-graph-uri", B + "graph/entities"),
                ("default-graph-uri", B + "graph/validation"),
            ],
        )
    )
    assert 0 < entities < union and both == entities + validation
    qg = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert n_of(client.get("/sparql", params={"query": qg})) == 5
    assert n_of(client.get("/sparql", params={"query": qg, "named-graph-uri": B + "graph/entities"})) == 1
    # only named graphs given: the default graph is the store's own (empty) default graph
    assert n_of(client.get("/sparql", params={"query": q, "named-graph-uri": B + "graph/entities"})) == 0


def test_malformed_query_is_400_with_parser_message(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and "error at" in r.json()["error"]
    r = client.get(
        "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "not an iri"}
    )
    assert r.status_code == 400


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("GET", {"params": {"query": "ASK {}", "update": "DROP ALL"}}, 400),
        ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        (
            "POST",
            {
                "content": "ASK {}".encode("utf-16"),
                "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"},
            },
            415,
        ),
        ("POST", {"content": b"\xff\xfeA", "headers": {"Content-Type": "application/sparql-query"}}, 400),
        ("POST", {"data": {"query": "ASK {}", "update": "DROP ALL"}}, 400),
        ("POST", {"content": b"", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400),
        ("PUT", {"content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query"}}, 405),
    ],
)
def test_bad_requests(client: httpx.Client, method: str, kwargs: dict[str, Any], status: int) -> None:
    r = client.request(method, "/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]


def test_service_description_and_query_page(client: httpx.Client) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = next(g.objects(None, URIRef(sd + "endpoint")))
    assert str(endpoint).endswith("/sparql")
    assert (None, URIRef(sd + "feature"), URIRef(sd + "UnionDefaultGraph")) in g
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Update")) in g
    page = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and "/static/yasgui/yasgui.min.js" in page.text
    assert "Office holders on a date" in page.text and "Contradictions" in page.text
    assert "cdn" not in page.text.lower()
    js = client.get("/static/yasgui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 100_000


def test_example_queries_run(client: httpx.Client) -> None:
    results = {}
    for name, q in QUERY_PAGE_EXAMPLES:
        r = client.post("/sparql", data={"query": q})
        assert r.status_code == 200, (name, r.text)
        results[name] = r.json()["results"]["bindings"]
    holders = {b["holderName"]["value"] for b in results["Office holders on a date"]}
    assert holders == {"Petro Bondar", "Anna Kovalenko"}
    assert [b["label"]["value"] for b in results["Events by type and date"]] == ["exchange day 2"]
    assert {b["speaker"]["value"] for b in results["Claims by speaker"]} == {"Anna Kovalenko", "Petro Bondar"}
    assert len(results["Contradictions"]) == 2


# ---------------------------------------------------------------------------------------------
# Update and Graph Store
# ---------------------------------------------------------------------------------------------


def test_update_and_graph_store_with_token(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    with TestClient(create_app(settings_for(tmp_path), store)) as c:
        g = "http://example.org/scratch"
        upd = f"INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/a> <http://example.org/b> 1 }} }}"
        assert c.post("/sparql", data={"update": upd}).status_code == 401
        assert c.post("/sparql", data={"update": upd}, headers=AUTH).status_code == 204
        ask = c.get("/sparql", params={"query": f"ASK {{ GRAPH <{g}> {{ ?s ?p 1 }} }}"})
        assert ask.json()["boolean"] is True  # the query snapshot follows the write
        assert c.get("/store", params={"graph": g}).status_code == 401
        got = c.get("/store", params={"graph": g}, headers={**AUTH, "Accept": "application/n-triples"})
        assert got.status_code == 200 and "<http://example.org/a>" in got.text
        put = c.put(
            "/store",
            params={"graph": g},
            headers={**AUTH, "Content-Type": "text/turtle"},
            content=b'<http://example.org/x> <http://example.org/y> "z" .',
        )
        assert put.status_code == 204
        got = Graph().parse(data=c.get("/store", params={"graph": g}, headers=AUTH).text, format="turtle")
        assert len(got) == 1
        assert (
            c.put(
                "/store",
                params={"graph": g},
                headers={**AUTH, "Content-Type": "text/turtle"},
                content=b"this is not turtle",
            ).status_code
            == 400
        )
        assert c.delete("/store", params={"graph": g}, headers=AUTH).status_code == 204
        assert c.get("/store", params={"graph": g}, headers=AUTH).status_code == 404
        assert c.delete("/store", params={"graph": g}, headers=AUTH).status_code == 404
        bad = c.post(
            "/sparql",
            content=b"INSERT DATA { <a> }",
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
        assert bad.status_code == 400 and bad.json()["error"]
    store.close()


# ---------------------------------------------------------------------------------------------
# Real clients against the live server
# ---------------------------------------------------------------------------------------------


def _converted(sw: SPARQLWrapper) -> Any:
    """SPARQLWrapper's converted answer: a dict for JSON results, the body's bytes for Turtle."""
    res = sw.query().convert()
    assert isinstance(res, dict | bytes)
    return res


def test_sparqlwrapper(live: str) -> None:
    sw = SPARQLWrapper(live + "/sparql")
    sw.setReturnFormat(JSON)
    sw.setQuery(f"SELECT ?n WHERE {{ <{B}person/petro-bondar> <{NG}name> ?n }}")
    res = _converted(sw)
    assert [b["n"]["value"] for b in res["results"]["bindings"]] == ["Petro Bondar"]
    sw.setQuery(f'ASK {{ <{B}place/kyiv> <{NG}alias> "Kiev" }}')
    assert _converted(sw)["boolean"] is True
    sw.setQuery(f"CONSTRUCT {{ ?s <{NG}alias> ?a }} WHERE {{ ?s <{NG}alias> ?a }}")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=_converted(sw), format="turtle")
    assert (URIRef(B + "place/kyiv"), URIRef(NG + "alias"), Literal("Kiev")) in g
    sw.setMethod("POST")
    sw.setReturnFormat(JSON)
    sw.setQuery(COUNT_PERSONS)
    assert _converted(sw)["results"]["bindings"][0]["n"]["value"] == "3"


def test_rdflib_sparqlstore(live: str) -> None:
    st = SPARQLStore(live + "/sparql")
    g = Graph(store=st)
    rows = list(g.query(f"SELECT ?n WHERE {{ ?p a <{NG}Person> ; <{NG}name> ?n }} ORDER BY ?n"))
    assert [str(r[0]) for r in rows][:2] == ["Anna Kovalenko", "Petro Bondar"]  # type: ignore[index]
    assert g.query(f"ASK {{ ?x a <{NG}Office> }}").askAnswer is True
    built = g.query(f"CONSTRUCT {{ ?e <{NG}label> ?l }} WHERE {{ ?e <{NG}label> ?l }}").graph
    assert built is not None and len(built) == 2
    st.close()


# ---------------------------------------------------------------------------------------------
# Limits: time and size
# ---------------------------------------------------------------------------------------------

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_runaway_query_is_stopped_while_others_are_served(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    settings = settings_for(tmp_path, query_timeout_s=3.0, query_workers=2)
    with live_app(settings, store) as srv, httpx.Client(base_url=srv.url, timeout=60) as c:
        outcome: dict[str, httpx.Response] = {}
        started = threading.Event()

        def run() -> None:
            started.set()
            outcome["runaway"] = c.get("/sparql", params={"query": RUNAWAY})

        t = threading.Thread(target=run)
        t.start()
        started.wait()
        time.sleep(0.3)
        served: list[tuple[int, int]] = []
        while t.is_alive() and len(served) < 5:  # served while the runaway occupies a worker
            served.append(
                (n_of(c.get("/sparql", params={"query": COUNT_PERSONS})), c.get("/stats").json()["persons"])
            )
        t.join()
        r = outcome["runaway"]
        assert r.status_code == 503 and "time limit" in r.json()["error"]
        assert served and set(served) == {(3, 3)}
        # the pool recovers: the killed worker is replaced
        assert n_of(c.get("/sparql", params={"query": COUNT_PERSONS})) == 3
        assert n_of(c.get("/sparql", params={"query": COUNT_PERSONS})) == 3
    store.close()


def test_result_size_cap(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    with TestClient(create_app(settings_for(tmp_path, max_result_bytes=2000), store)) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 503 and "cap of 2000 bytes" in r.json()["error"]
        assert n_of(c.get("/sparql", params={"query": COUNT_PERSONS})) == 3
    store.close()


# ---------------------------------------------------------------------------------------------
# `newsgraph serve` and the other commands through it; serving a remote store
# ---------------------------------------------------------------------------------------------


def test_serve_command_leaves_server_file_and_cli_goes_through_it(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    fixture_store(store_path).close()
    port = free_port()
    exe = Path(sys.executable).parent / "newsgraph"
    cmd = [str(exe), "serve", "--store", str(store_path), "--port", str(port), "--log-level", "warning"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE)
    info_path = store_path / SERVER_FILE
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/stats", timeout=2)
                break
            except httpx.HTTPError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "newsgraph serve did not start"
                time.sleep(0.2)
        assert stat.S_IMODE(info_path.stat().st_mode) == 0o600
        info = json.loads(info_path.read_text())
        assert info["url"] == f"http://127.0.0.1:{port}" and info["pid"] == proc.pid and info["token"]
        # updates are off for everyone else, but the owner's commands write through the server
        r = httpx.post(
            info["url"] + "/sparql",
            content=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
        )
        assert r.status_code == 403
        other = open_store(str(store_path))
        assert isinstance(other, RemoteStore)
        other.update(f"INSERT DATA {{ GRAPH <{B}graph/extra> {{ <{B}person/x> a <{NG}Person> }} }}")
        assert len(other.select(f"SELECT ?p WHERE {{ ?p a <{NG}Person> }}")) == 4
        other.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert not info_path.exists()


def test_serving_a_remote_store(oxigraph_server: OxigraphServer, tmp_path: Path) -> None:
    oxigraph_server.clear()
    remote = open_store(oxigraph_server.url)
    src = fixture_store(tmp_path / "src")
    remote.import_data(src.export("trig"), "trig")
    src.close()
    settings = settings_for(tmp_path, store=oxigraph_server.url)
    with live_app(settings, None) as srv, httpx.Client(base_url=srv.url, timeout=30) as c:
        assert n_of(c.get("/sparql", params={"query": COUNT_PERSONS})) == 3
        assert c.get("/persons", params={"q": "bondar"}).json()["total"] == 1
        r = c.get("/sparql", params={"query": "SELECT ?x WHERE {"})
        assert r.status_code == 400
    remote.close()


def test_query_page_carries_the_examples_and_endpoint_as_script_data(client: httpx.Client) -> None:
    """The template writes the example queries and the endpoint as JSON that a </script> inside a
    query cannot end early, and one button per example."""
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    assert page.count("data-example=") == len(QUERY_PAGE_EXAMPLES)
    m = re.search(r"const EXAMPLES = (.*);\n", page)
    assert m is not None and "</" not in m.group(1)
    assert json.loads(m.group(1)) == [q for _name, q in QUERY_PAGE_EXAMPLES]
    e = re.search(r"endpoint: (\"[^\"]*\")", page)
    assert e is not None and json.loads(e.group(1)).endswith("/sparql")


@pytest.mark.parametrize(
    ("fmt", "form", "media"),
    [
        ("csv", "SELECT", "text/csv"),
        ("xml", "SELECT", "application/sparql-results+xml"),
        ("ttl", "CONSTRUCT", "text/turtle"),
        ("nq", "CONSTRUCT", "application/n-quads"),
        ("json-ld", "CONSTRUCT", "application/ld+json"),
        ("rdf", "CONSTRUCT", "application/rdf+xml"),
        ("nonsense", "CONSTRUCT", "application/n-triples"),  # unknown: the Accept header decides
    ],
)
def test_format_parameter_takes_the_cli_names(client: httpx.Client, fmt: str, form: str, media: str) -> None:
    """``format=`` takes the results names and every name ``newsgraph export --format`` takes."""
    q = (
        f"SELECT ?n WHERE {{ ?p <{NG}name> ?n }}"
        if form == "SELECT"
        else f"CONSTRUCT {{ ?p <{NG}name> ?n }} WHERE {{ ?p <{NG}name> ?n }}"
    )
    r = client.get("/sparql", params={"query": q, "format": fmt}, headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
