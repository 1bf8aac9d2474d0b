"""Security: every write needs the configured token, writing is off by default, CORS is opt-in,
the token never shows in logs or responses, and queries cannot make the server fetch URLs or files."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import free_port, wait_http
from fastapi.testclient import TestClient
from test_api_support import fixture_store

from api.app import create_app
from api.settings import ApiSettings
from graph.store import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
NEWSGRAPH = str(Path(sys.executable).parent / "newsgraph")
TOKEN = "s3cret-token-Zq8Xv2LmN4pR7tY1"
ENTITIES = "https://w3id.org/newsgraph/id/graph/entities"

# Every way to write, as (name, method, url, request kwargs).
WRITES: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        "update-direct",
        "POST",
        "/sparql",
        {
            "content": b"INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
            "headers": {"Content-Type": "application/sparql-update"},
        },
    ),
    (
        "update-form",
        "POST",
        "/sparql",
        {"data": {"update": "INSERT DATA { GRAPH <urn:x:g2> { <urn:x:s> <urn:x:p> <urn:x:o> } }"}},
    ),
    (
        "gsp-put",
        "PUT",
        "/store?graph=urn:x:g",
        {"content": b"<urn:x:s> <urn:x:p> <urn:x:o> .", "headers": {"Content-Type": "text/turtle"}},
    ),
    (
        "gsp-post",
        "POST",
        "/store?graph=urn:x:g",
        {"content": b"<urn:x:s> <urn:x:p> <urn:x:o> .", "headers": {"Content-Type": "text/turtle"}},
    ),
    (
        "gsp-post-new",
        "POST",
        "/store",
        {"content": b"<urn:x:s> <urn:x:p> <urn:x:o> .", "headers": {"Content-Type": "text/turtle"}},
    ),
    (
        "gsp-put-default",
        "PUT",
        "/store?default",
        {"content": b"<urn:x:s> <urn:x:p> <urn:x:o> .", "headers": {"Content-Type": "text/turtle"}},
    ),
    ("gsp-delete", "DELETE", f"/store?graph={ENTITIES}", {}),
    ("gsp-delete-default", "DELETE", "/store?default", {}),
    (
        "post-source",
        "POST",
        "/sources",
        {
            "json": {
                "title": "Ministers meet",
                "text": "Foreign Minister Arlen Vosk met officials in Vesk on May 24, 2025.",
            }
        },
    ),
]
WRITE_IDS = [w[0] for w in WRITES]


def digest(store: OxigraphStore) -> str:
    return hashlib.sha256(b"\n".join(sorted(store.export("nquads").splitlines()))).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    st = fixture_store(tmp_path / "store")
    yield st
    st.close()


def _client(store: OxigraphStore, **settings: Any) -> TestClient:
    path = Path(store.location)
    base: dict[str, Any] = {"store": str(path), "query_timeout_s": 20.0, "query_workers": 1}
    base.update(settings)
    return TestClient(create_app(ApiSettings(**base), store))


def _write(client: TestClient, name: str, headers: dict[str, str] | None = None) -> httpx.Response:
    _, method, url, kw = next(w for w in WRITES if w[0] == name)
    kw = {**kw, "headers": {**kw.get("headers", {}), **(headers or {})}}
    return client.request(method, url, **kw)


# ---------------------------------------------------------------------------------------------
# Who may write
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WRITE_IDS)
def test_read_only_is_the_default(store: OxigraphStore, name: str) -> None:
    """No token configured, updates not enabled: every write refused, with any header."""
    before = digest(store)
    with _client(store) as c:
        for headers in (
            {},
            {"Authorization": "Bearer "},
            {"Authorization": f"Bearer {TOKEN}"},
            {"Authorization": "Bearer None"},
            {"Authorization": "Bearer null"},
        ):
            r = _write(c, name, headers)
            assert r.status_code in (401, 403), (headers, r.status_code, r.text)
            assert "error" in r.json()
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200  # reading is open
    assert digest(store) == before


@pytest.mark.parametrize("name", WRITE_IDS)
def test_updates_on_without_a_token_still_refuse(store: OxigraphStore, name: str) -> None:
    before = digest(store)
    with _client(store, allow_updates=True, token=None) as c:
        for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer None"}):
            assert _write(c, name, headers).status_code in (401, 403)
    assert digest(store) == before


@pytest.mark.parametrize("name", WRITE_IDS)
def test_token_configured_but_updates_off_refuses_even_the_token(store: OxigraphStore, name: str) -> None:
    before = digest(store)
    with _client(store, allow_updates=False, token=TOKEN) as c:
        r = _write(c, name, {"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 403, r.text
    assert digest(store) == before


BAD_AUTH = [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer wrong-token"},
    {"Authorization": f"Bearer {TOKEN}x"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},
    {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"Token {TOKEN}"},
    {"Authorization": TOKEN},
    {"X-Api-Key": TOKEN},
    {"Cookie": f"token={TOKEN}"},
]


@pytest.mark.parametrize("name", WRITE_IDS)
def test_writes_need_the_exact_token(store: OxigraphStore, name: str) -> None:
    before = digest(store)
    with _client(store, allow_updates=True, token=TOKEN) as c:
        for headers in BAD_AUTH:
            r = _write(c, name, headers)
            assert r.status_code in (401, 403), (headers, r.status_code, r.text)
            assert TOKEN not in r.text
            if not headers:
                assert r.status_code == 401 and "bearer" in r.headers.get("www-authenticate", "").lower()
        # the token in the query string does not count either
        _, method, url, kw = next(w for w in WRITES if w[0] == name)
        sep = "&" if "?" in url else "?"
        r = c.request(method, f"{url}{sep}token={TOKEN}&access_token={TOKEN}", **kw)
        assert r.status_code in (401, 403)
    assert digest(store) == before


@pytest.mark.parametrize("name", WRITE_IDS)
def test_the_right_token_writes(store: OxigraphStore, name: str) -> None:
    before = digest(store)
    with _client(store, allow_updates=True, token=TOKEN) as c:
        r = _write(c, name, {"Authorization": f"Bearer {TOKEN}"})
        assert 200 <= r.status_code < 300, (r.status_code, r.text)
    if name != "gsp-delete-default":  # the fixture's default graph is empty: deleting it changes nothing
        assert digest(store) != before


def test_graph_store_reads_need_the_token_too(store: OxigraphStore) -> None:
    with _client(store, allow_updates=True, token=TOKEN) as c:
        assert c.get("/store", params={"graph": ENTITIES}).status_code in (401, 403)
        assert (
            c.get(
                "/store", params={"graph": ENTITIES}, headers={"Authorization": f"Bearer {TOKEN}"}
            ).status_code
            == 200
        )


def test_owner_token_is_accepted_with_updates_off(store: OxigraphStore) -> None:
    owner = "owner-" + TOKEN
    with _client(store, allow_updates=False, token=None, owner_token=owner) as c:
        assert _write(c, "update-direct", {"Authorization": f"Bearer {owner}"}).status_code == 204
        assert _write(c, "update-direct", {"Authorization": f"Bearer {TOKEN}"}).status_code == 403


def test_loopback_clients_get_no_free_pass_by_default(store: OxigraphStore) -> None:
    assert ApiSettings().open_writes_on_loopback is False
    with _client(store, allow_updates=True, token=TOKEN) as c:  # TestClient counts as loopback
        assert _write(c, "update-direct").status_code == 401


def test_serve_refuses_updates_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    proc = subprocess.run(
        [
            NEWSGRAPH,
            "serve",
            "--store",
            str(tmp_path / "store"),
            "--allow-updates",
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 2 and "--token" in proc.stderr, proc.stderr


# ---------------------------------------------------------------------------------------------
# CORS
# ---------------------------------------------------------------------------------------------


def test_no_cors_headers_by_default(store: OxigraphStore) -> None:
    with _client(store) as c:
        r = c.get("/stats", headers={"Origin": "https://evil.example"})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
        pre = c.options(
            "/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert "access-control-allow-origin" not in pre.headers


def test_allowed_hosts_refuse_other_host_headers(store: OxigraphStore) -> None:
    with _client(store, allowed_hosts=["graph.example.org"]) as c:
        assert c.get("/stats", headers={"Host": "graph.example.org"}).status_code == 200
        assert c.get("/stats", headers={"Host": "127.0.0.1:8000"}).status_code == 200  # local commands
        r = c.get("/stats", headers={"Host": "evil.example"})
        assert r.status_code == 400 and "Traceback" not in r.text
    with _client(store) as c:  # default: any host
        assert c.get("/stats", headers={"Host": "evil.example"}).status_code == 200


def test_cors_allows_only_the_configured_origins(store: OxigraphStore) -> None:
    with _client(store, cors_origins=["https://allowed.example"]) as c:
        r = c.get("/stats", headers={"Origin": "https://allowed.example"})
        assert r.headers.get("access-control-allow-origin") == "https://allowed.example"
        r = c.get("/stats", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
        pre = c.options(
            "/sparql",
            headers={
                "Origin": "https://allowed.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Authorization, Content-Type",
            },
        )
        assert (
            pre.status_code == 200
            and pre.headers.get("access-control-allow-origin") == "https://allowed.example"
        )
        assert "POST" in pre.headers.get("access-control-allow-methods", "")
        bad = c.options(
            "/sparql", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        )
        assert bad.headers.get("access-control-allow-origin") != "https://evil.example"
        assert bad.headers.get("access-control-allow-origin") != "*"


# ---------------------------------------------------------------------------------------------
# The token never leaks
# ---------------------------------------------------------------------------------------------


def test_token_never_in_responses(store: OxigraphStore) -> None:
    with _client(store, allow_updates=True, token=TOKEN, owner_token="owner-" + TOKEN) as c:
        for url in ("/sparql", "/openapi.json", "/docs", "/stats", "/sources", "/nonexistent", "/validation"):
            for accept in ("text/turtle", "application/json", "text/html"):
                r = c.get(url, headers={"Accept": accept})
                assert TOKEN not in r.text, url
        r = _write(
            c,
            "update-direct",
            {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
        )
        assert TOKEN not in r.text


@pytest.mark.slow
def test_token_never_in_server_logs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    fixture_store(store).close()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    env["NEWSGRAPH_API_TOKEN"] = TOKEN
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                NEWSGRAPH,
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                "--allow-updates",
                "--log-level",
                "debug",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            wait_http(url + "/stats", timeout=90, proc=proc)
            info_path = store / ".server.json"
            assert stat.S_IMODE(info_path.stat().st_mode) == 0o600
            owner = json.loads(info_path.read_text())["token"]
            assert owner and owner != TOKEN
            auth = {"Authorization": f"Bearer {TOKEN}"}
            with httpx.Client(base_url=url, timeout=60) as c:
                assert (
                    c.post(
                        "/sparql",
                        content=b"INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
                        headers={"Content-Type": "application/sparql-update", **auth},
                    ).status_code
                    == 204
                )
                assert (
                    c.post(
                        "/sparql",
                        content=b"INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
                        headers={
                            "Content-Type": "application/sparql-update",
                            "Authorization": "Bearer wrong-" + TOKEN,
                        },
                    ).status_code
                    == 401
                )
                c.post(
                    "/sparql",
                    content=b"INSERT DATA { oops",
                    headers={"Content-Type": "application/sparql-update", **auth},
                )
                c.post(
                    "/sparql",
                    content=b"LOAD <file:///nonexistent> INTO GRAPH <urn:x:g>",
                    headers={"Content-Type": "application/sparql-update", **auth},
                )
                c.get(
                    "/sparql",
                    params={"query": "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"},
                    headers=auth,
                )
                c.put(
                    "/store?graph=urn:x:g",
                    content=b"@broken",
                    headers={"Content-Type": "text/turtle", **auth},
                )
                c.post(
                    "/sources",
                    json={"text": "Foreign Minister Arlen Vosk met officials in Vesk on May 24, 2025."},
                    headers=auth,
                )
                c.get("/nonexistent", headers=auth)
            # another command of the same user goes through the server with the owner token
            q = subprocess.run(
                [NEWSGRAPH, "query", "ASK { ?s ?p ?o }", "--store", str(store)],
                capture_output=True,
                text=True,
                timeout=120,
                env=env,
                cwd=ROOT,
            )
            assert q.returncode == 0, q.stderr
            assert TOKEN not in q.stdout + q.stderr and owner not in q.stdout + q.stderr
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=30)
    text = log_path.read_text(errors="replace")
    assert "POST /sparql" in text or "/sparql" in text, (
        "the server logged no requests at all: " + text[-2000:]
    )
    assert TOKEN not in text, [ln for ln in text.splitlines() if TOKEN in ln][:3]
    assert owner not in text, [ln for ln in text.splitlines() if owner in ln][:3]


# ---------------------------------------------------------------------------------------------
# Queries cannot reach out
# ---------------------------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["s"]},"results":{"bindings":[]}}')

    do_POST = do_GET  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def listener() -> Iterator[str]:
    _Recorder.hits = []
    srv = HTTPServer(("127.0.0.1", 0), _Recorder)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_service_clause_does_not_fetch(store: OxigraphStore, listener: str) -> None:
    """SERVICE in an anonymous query would let anyone make the server fetch URLs (SSRF)."""
    with _client(store) as c:
        r = c.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{listener}/sparql> {{ ?s ?p ?o }} }}"}
        )
        assert _Recorder.hits == [], f"the server fetched {_Recorder.hits} for an anonymous query"
        assert 400 <= r.status_code < 500, (r.status_code, r.text)


def test_load_does_not_read_local_files(store: OxigraphStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text("<urn:x:secret> <urn:x:is> <urn:x:readable> .\n")
    with _client(store, allow_updates=True, token=TOKEN) as c:
        r = c.post(
            "/sparql",
            content=f"LOAD <{secret.as_uri()}> INTO GRAPH <urn:x:loaded>".encode(),
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
        )
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        r = c.get(
            "/sparql",
            params={"query": "ASK { <urn:x:secret> ?p ?o }"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert r.json()["boolean"] is False
