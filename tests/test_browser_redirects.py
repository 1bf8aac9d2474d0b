"""REST routes answer JSON to apps and lead browsers to the matching page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.browser import page_for, wants_html
from api.settings import ApiSettings
from graph import iris
from graph.namespace import NG
from graph.store import OxigraphStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def client():
    store = OxigraphStore(None)
    p = iris.entity_iri("person", "Jane Example")
    store.update(
        f'INSERT DATA {{ GRAPH <{iris.entity_graph_iri()}> {{ <{p}> a <{NG.Person}> ; <{NG.name}> "Jane Example" }} }}'
    )
    with TestClient(create_app(ApiSettings(store=":memory:"), store)) as c:
        yield c


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        (BROWSER, True),
        ("application/json", False),
        ("*/*", False),
        (None, False),
        ("application/json, text/html;q=0.5", False),
        ("text/html", True),
    ],
)
def test_wants_html(accept, html) -> None:
    assert wants_html(accept) is html


def test_page_for_rest_paths() -> None:
    assert page_for("/persons", {"q": "Jane Example"}) == "/ui/search?q=Jane+Example"
    assert page_for("/persons/person/jane-example", {}) == "/ui/person/jane-example"
    assert page_for("/organizations/ukraine", {}) == "/ui/organization/ukraine"
    assert page_for("/events/attack-2025-05-25-abc", {}) == "/ui/event/attack-2025-05-25-abc"
    assert page_for("/sources/0123456789abcdef", {}) == "/ui/source/0123456789abcdef"
    assert page_for("/offices/president--ukraine/holders", {}) is None
    assert page_for("/stats", {}) is None


def test_browser_is_sent_to_the_page_and_apps_get_json(client) -> None:
    r = client.get("/persons?q=Jane", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/search?q=Jane"
    page = client.get("/persons?q=Jane", headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html") and "Jane Example" in page.text
    r = client.get("/persons?q=Jane", headers={"Accept": "application/json"})
    assert r.headers["content-type"].startswith("application/json")
    assert [i["name"] for i in r.json()["items"]] == ["Jane Example"]
    r = client.get("/persons/jane-example", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/person/jane-example"
    r = client.get("/persons?q=Jane&format=json", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code != 303


def test_web_root_leads_browsers_to_the_pages_and_apps_to_an_index(client) -> None:
    r = client.get("/", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ui/"
    page = client.get("/", headers={"Accept": BROWSER})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for accept in ("application/json", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        r = client.get("/", headers=headers, follow_redirects=False)
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
        index = r.json()
        assert (
            index["sparql"] == "/sparql" and index["pages"] == "/ui/" and index["openapi"] == "/openapi.json"
        )
        for path in (index["sparql"] + "?query=ASK%7B%7D", index["openapi"], index["stats"]):
            assert client.get(path, headers={"Accept": "application/json"}).status_code == 200
