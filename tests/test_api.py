"""REST API over a hand-written fixture graph, through TestClient and through a live uvicorn server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from test_api_support import TOKEN, B, fixture_store, live_app, settings_for

from api.app import create_app
from graph.store import OxigraphStore


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, OxigraphStore]]:
    path = tmp_path_factory.mktemp("api-store")
    store = fixture_store(path)
    yield path, store
    store.close()


@pytest.fixture(scope="module", params=["testclient", "live"])
def client(request: pytest.FixtureRequest, store_dir: tuple[Path, OxigraphStore]) -> Iterator[httpx.Client]:
    path, store = store_dir
    settings = settings_for(path, cors_origins=["https://allowed.example"], max_body_bytes=20_000)
    if request.param == "testclient":
        with TestClient(create_app(settings, store)) as c:
            yield c
    else:
        with live_app(settings, store) as srv, httpx.Client(base_url=srv.url, timeout=30) as c:
            yield c


def ok(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = r.json()
    return body


def quads(client: httpx.Client) -> int:
    return int(ok(client.get("/stats"))["quads"])


# ---------------------------------------------------------------------------------------------
# Read models
# ---------------------------------------------------------------------------------------------


def test_stats(client: httpx.Client) -> None:
    s = ok(client.get("/stats"))
    assert s["sources"] == 2 and s["persons"] == 3 and s["events"] == 2 and s["claims"] == 3
    assert s["contradictions"] == 1 and s["graphs"] == 5 and s["quads"] > 100


def test_sources_list_and_pagination(client: httpx.Client) -> None:
    page = ok(client.get("/sources"))
    assert page["total"] == 2 and [i["id"] for i in page["items"]] == ["bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa"]
    first = ok(client.get("/sources", params={"limit": 1}))
    second = ok(client.get("/sources", params={"limit": 1, "offset": 1}))
    assert first["total"] == 2 and len(first["items"]) == 1 and first["limit"] == 1
    assert first["items"][0]["iri"] != second["items"][0]["iri"]
    assert ok(client.get("/sources", params={"offset": 5}))["items"] == []


def test_source_detail_has_facts_evidence_and_validation(client: httpx.Client) -> None:
    src = ok(client.get("/sources/aaaaaaaaaaaaaaaa"))
    assert src["headline"] == "Prisoner exchange completed" and src["published"] == "2025-05-25"
    [holding] = src["holdings"]
    assert holding["holder"]["name"] == "Anna Kovalenko" and holding["status"].endswith("#Current")
    [ev] = holding["evidence"]
    assert ev["exact"] == "Foreign Minister Anna Kovalenko" and (ev["start"], ev["end"]) == (0, 31)
    assert [e["label"] for e in src["events"]] == ["exchange day 2"]
    assert [q["value"] for q in src["quantities"]] == [307]
    assert [c["content"] for c in src["claims"]] == ["307 prisoners were freed"]
    assert src["validation"]["total"] == 1
    assert client.get("/sources/ffffffffffffffff").status_code == 404


def test_person_search_by_name_and_alias(client: httpx.Client) -> None:
    assert [p["name"] for p in ok(client.get("/persons", params={"q": "KOVAL"}))["items"]] == [
        "Anna Kovalenko"
    ]
    assert [p["name"] for p in ok(client.get("/persons", params={"q": "bondar"}))["items"]] == [
        "Petro Bondar"
    ]
    assert ok(client.get("/persons", params={"q": "nobody"}))["total"] == 0
    assert ok(client.get("/persons"))["total"] == 3


def test_person_detail(client: httpx.Client) -> None:
    p = ok(client.get("/persons/anna-kovalenko"))
    assert p["name"] == "Anna Kovalenko" and p["aliases"] == ["A. Kovalenko", "Kovalenko"]
    offices = {o["iri"]: o for o in p["offices"]}
    ref = offices[B + "reference/holding/kovalenko-fm"]
    assert ref["start"] == "2020-03" and ref["end"] == "2024-09-04"
    assert ref["sources"] == [{"iri": "https://example.org/reference/kovalenko", "headline": None}]
    art = offices[B + "source/aaaaaaaaaaaaaaaa/holding/1"]
    assert art["sources"][0]["headline"] == "Prisoner exchange completed"
    assert [c["content"] for c in p["claims"]] == ["307 prisoners were freed"]
    assert p["claims"][0]["evidence"][0]["sentence"].startswith("Foreign Minister Anna Kovalenko said")
    same = ok(client.get("/persons/" + B + "person/anna-kovalenko"))
    assert same["iri"] == p["iri"]
    assert client.get("/persons/nobody-at-all").status_code == 404


def test_organizations_places_offices(client: httpx.Client) -> None:
    orgs = ok(client.get("/organizations"))
    assert {o["name"] for o in orgs["items"]} == {"Ukraine", "Russia", "National Guard of Ukraine"}
    assert [p["name"] for p in ok(client.get("/places", params={"q": "kiev"}))["items"]] == ["Kyiv"]
    assert "Ukraine" in {p["name"] for p in ok(client.get("/places"))["items"]}  # states are places too
    [office] = ok(client.get("/offices"))["items"]
    assert office["name"] == "Foreign Minister of Ukraine"
    detail = ok(client.get("/offices/foreign-minister--ukraine"))
    assert len(detail["holdings"]) == 3


@pytest.mark.parametrize(
    ("date", "holders"),
    [
        ("2025-05-25", {"Petro Bondar", "Anna Kovalenko"}),  # reference holder + the article's as-of claim
        ("2024-10-01", {"Petro Bondar"}),
        ("2022-01-01", {"Anna Kovalenko"}),
        ("2020-03-15", {"Anna Kovalenko"}),  # a gYearMonth start covers its month
        ("2019-12-31", set()),
    ],
)
def test_office_holders_on_a_date(client: httpx.Client, date: str, holders: set[str]) -> None:
    res = ok(client.get("/offices/foreign-minister--ukraine/holders", params={"date": date}))
    assert {h["holder"]["name"] for h in res["items"]} == holders
    assert res["total"] == len(res["items"])


def test_events_filters(client: httpx.Client) -> None:
    assert ok(client.get("/events"))["total"] == 2
    attack = ok(client.get("/events", params={"type": "attack"}))["items"]
    assert [e["label"] for e in attack] == ["overnight strike"]
    may = ok(client.get("/events", params={"from": "2025-05-01", "to": "2025-05-31"}))["items"]
    assert [e["label"] for e in may] == ["exchange day 2"]
    assert ok(client.get("/events", params={"to": "2025-05"}))["total"] == 1
    by_part = ok(client.get("/events", params={"participant": "organization/ukraine"}))["items"]
    assert [e["label"] for e in by_part] == ["exchange day 2"]
    assert {p["name"] for p in by_part[0]["participants"]} == {"Ukraine", "Russia"}
    assert ok(client.get("/events", params={"place": "kyiv"}))["total"] == 2
    assert client.get("/events", params={"type": "Picnic"}).status_code == 400


def test_claims_filters(client: httpx.Client) -> None:
    assert ok(client.get("/claims"))["total"] == 3
    assert [c["content"] for c in ok(client.get("/claims", params={"speaker": "petro-bondar"}))["items"]] == [
        "69 missiles were launched"
    ]
    about = ok(client.get("/claims", params={"about": "event/prisoner-exchange-2025-05-24-abc"}))["items"]
    assert [c["content"] for c in about] == ["307 prisoners were freed"]
    by_source = ok(client.get("/claims", params={"source": "bbbbbbbbbbbbbbbb"}))
    assert by_source["total"] == 2
    unattributed = [c for c in by_source["items"] if c["claimant"] is None]
    assert unattributed and unattributed[0]["unattributed"] is True


def test_validation_recorded_contradictions(client: httpx.Client) -> None:
    v = ok(client.get("/validation", params={"view": "contradictions"}))
    assert v["contradictions"]["total"] == 1
    ttl = client.get("/validation", params={"view": "contradictions"}, headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "Contradiction" in ttl.text
    html = client.get("/validation", params={"view": "contradictions"}, headers={"Accept": "text/html"})
    assert html.status_code == 200 and "single-seat office" in html.text
    assert client.get("/validation", params={"view": "nonsense"}).status_code == 400
    touching = ok(client.get("/validation/entity/person/petro-bondar"))
    assert touching["total"] == 1
    assert ok(client.get("/validation/entity/place/kyiv"))["total"] == 0


def test_validation_report(client: httpx.Client) -> None:
    j = client.get("/validation")
    assert j.status_code == 200 and j.headers["content-type"].startswith("application/json"), j.text
    assert isinstance(j.json(), dict)
    t = client.get("/validation", headers={"Accept": "text/turtle"})
    assert t.status_code == 200
    Graph().parse(data=t.text, format="turtle")
    h = client.get("/validation", headers={"Accept": "text/html"})
    assert h.status_code == 200 and h.text.lstrip().lower().startswith("<!doctype html")


def test_jsonld_on_request(client: httpx.Client) -> None:
    r = client.get("/persons", params={"q": "bondar"}, headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    g = Graph().parse(data=r.text, format="json-ld")
    person = URIRef(B + "person/petro-bondar")
    assert (person, URIRef("https://w3id.org/newsgraph/ontology#name"), None) in g


def test_dereference_entity_iris(client: httpx.Client) -> None:
    j = client.get("/id/person/petro-bondar", headers={"Accept": "application/json"})
    assert j.status_code == 200 and j.json()["name"] == "Petro Bondar"
    h = client.get("/id/person/petro-bondar", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert (
        h.status_code == 200
        and h.headers["content-type"].startswith("text/html")
        and "Petro Bondar" in h.text
    )
    t = client.get("/id/person/petro-bondar", headers={"Accept": "text/turtle"})
    g = Graph().parse(data=t.text, format="turtle")
    assert len(g) == 3  # type, name, alias: as the entity graph describes him
    nt = client.get("/id/source/aaaaaaaaaaaaaaaa/claim/1", headers={"Accept": "application/n-triples"})
    assert nt.status_code == 200 and "307 prisoners were freed" in nt.text
    src = client.get("/id/source/aaaaaaaaaaaaaaaa", headers={"Accept": "application/json"})
    assert src.json()["headline"] == "Prisoner exchange completed"
    assert client.get("/id/person/nobody").status_code == 404


# ---------------------------------------------------------------------------------------------
# Safety
# ---------------------------------------------------------------------------------------------

ATTACKS = [
    '") } ; DROP ALL ; #',
    "'} } DELETE WHERE { ?s ?p ?o } #",
    "> } DROP ALL #",
    'x" . ?s ?p ?o } #',
    "person/../../graph/entities",
    "http://x/> } ; DROP ALL ; <http://y",
    "\\u0022 ) } #",
    "zz\n}\nDROP ALL",
]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize(
    ("path", "param"),
    [
        ("/persons", "q"),
        ("/organizations", "q"),
        ("/places", "q"),
        ("/offices", "q"),
        ("/events", "type"),
        ("/events", "from"),
        ("/events", "to"),
        ("/events", "place"),
        ("/events", "participant"),
        ("/claims", "speaker"),
        ("/claims", "about"),
        ("/claims", "source"),
        ("/offices/foreign-minister--ukraine/holders", "date"),
        ("/sources", "limit"),
        ("/sources", "offset"),
    ],
)
def test_injection_through_query_parameters(client: httpx.Client, path: str, param: str, attack: str) -> None:
    before = quads(client)
    r = client.get(path, params={param: attack})
    assert r.status_code in (200, 400), r.text
    body = r.json()
    if r.status_code == 400:
        assert body["error"] and "Traceback" not in r.text
    else:
        assert body["total"] == 0 and body["items"] == []
    assert quads(client) == before


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize(
    "prefix", ["/persons/", "/sources/", "/offices/", "/events/", "/validation/entity/", "/id/"]
)
def test_injection_through_path_parameters(client: httpx.Client, prefix: str, attack: str) -> None:
    before = quads(client)
    r = client.get(prefix + quote(attack, safe=""))
    assert r.status_code in (400, 404) or (r.status_code == 200 and r.json().get("total") == 0), r.text
    assert "Traceback" not in r.text and r.json()["error" if r.status_code != 200 else "items"] is not None
    assert quads(client) == before


def test_bad_parameters_are_json_errors(client: httpx.Client) -> None:
    for path in [
        "/sources?limit=0",
        "/sources?limit=abc",
        "/persons?limit=100000",
        "/sources?offset=-1",
        "/events?from=yesterday",
        "/offices/foreign-minister--ukraine/holders?date=2025-13",
    ]:
        r = client.get(path)
        assert r.status_code == 400, (path, r.text)
        assert r.headers["content-type"].startswith("application/json") and r.json()["error"]
    r = client.get("/no/such/route")
    assert r.status_code == 404 and r.json()["error"]


def test_writing_needs_token(client: httpx.Client) -> None:
    article = {"text": "Nothing happened today.", "title": "Quiet"}
    assert client.post("/sources", json=article).status_code == 401
    assert client.post("/sources", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    r = client.post("/sparql", content="DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 401 and r.json()["error"]
    assert quads(client) > 100


def test_request_body_limit(client: httpx.Client) -> None:
    big = "x" * 50_000
    r = client.post(
        "/sparql",
        content=f'SELECT * WHERE {{ ?s ?p "{big}" }}',
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r.status_code == 413 and "larger than" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length
        yield b'SELECT * WHERE { ?s ?p "'
        for _ in range(10):
            yield b"y" * 5000
        yield b'" }'

    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413


def test_cors(client: httpx.Client) -> None:
    r = client.get("/stats", headers={"Origin": "https://allowed.example"})
    assert r.headers.get("access-control-allow-origin") == "https://allowed.example"
    r = client.get("/stats", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


def test_openapi_documents_every_route_with_examples(client: httpx.Client) -> None:
    spec = ok(client.get("/openapi.json"))
    paths = spec["paths"]
    for p in [
        "/sources",
        "/sources/{sid}",
        "/persons",
        "/persons/{eid}",
        "/organizations",
        "/places",
        "/offices",
        "/offices/{oid}/holders",
        "/events",
        "/claims",
        "/validation",
        "/validation/entity/{eid}",
        "/stats",
        "/sparql",
        "/store",
        "/id/{path}",
    ]:
        assert p in paths, p
    assert "example" in json.dumps(paths["/persons"]) and "example" in json.dumps(paths["/sources/{sid}"])


# ---------------------------------------------------------------------------------------------
# Writing through the API
# ---------------------------------------------------------------------------------------------


def test_post_source_ingests_with_token(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    with TestClient(create_app(settings_for(tmp_path), store)) as c:
        r = c.post(
            "/sources",
            headers={"Authorization": f"Bearer {TOKEN}"},
            json={
                "title": "Talks in Geneva",
                "url": "https://example.org/geneva",
                "published": "2025-06-03",
                "text": "Ukraine and Russia held talks in Geneva on Tuesday, officials said.",
            },
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["iri"].startswith(B + "source/") and "validation" in body
        assert c.get(f"/sources/{body['id']}").status_code == 200
    store.close()


def test_updates_disabled_is_403(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    with TestClient(create_app(settings_for(tmp_path, allow_updates=False), store)) as c:
        r = c.post(
            "/sparql",
            content="DROP ALL",
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
        )
        assert r.status_code == 403 and r.json()["error"]
        assert c.get("/store", params={"default": ""}).status_code == 403
        assert c.post("/sources", json={"text": "x"}).status_code == 403
    store.close()
