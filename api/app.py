"""The FastAPI application: ``create_app(settings)``.

Route handlers (``api/routes/``, one router per resource; ``api/sparql.py``; ``api/pages.py``) only
parse requests and format responses; the read models are in ``graph/read/`` and query execution
(time limits, result caps) in ``graph/serve/executor.py``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import pages, sparql
from api.browser import BrowserRedirectMiddleware
from api.routes import ROUTERS
from api.settings import ApiSettings
from graph import __version__
from graph.errors import (
    InputError,
    NewsgraphError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreBusyError,
    StoreError,
)
from graph.read.cache import BodyCache, set_version_source, store_version
from graph.serve.executor import ExecutorLimits, WorkerPoolExecutor, make_executor
from graph.serve.replica import MemoryReplica
from graph.sparql.run import NotRepresentable, ResultTooLarge
from graph.store import SERVER_FILE, OxigraphStore, Store, open_store

log = logging.getLogger("newsgraph.api")
STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """newsgraph serves an RDF knowledge graph of news: actors, offices over time, events and claims,
each with the article and sentence it came from.

* **SPARQL 1.1 Protocol** at `/sparql` (GET/POST; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD,
  RDF/XML, TriG). The default graph is the union of all graphs. A browser gets a query editor.
* **SPARQL Update** at `/sparql` and the **Graph Store HTTP Protocol** at `/store`, when enabled and
  with a bearer token.
* **REST** read models below: JSON by default, JSON-LD with `Accept: application/ld+json`; every list
  takes `limit`/`offset` and reports `total`.
* Entity IRIs dereference at `/id/{kind}/{slug}`: HTML, RDF or JSON by content negotiation.
"""


class BodyLimitMiddleware:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await _send_json(send, 413, {"error": f"request body larger than {self.limit} bytes"})
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _send_json(send, 413, {"error": f"request body larger than {self.limit} bytes"})


class _BodyTooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, data: dict[str, Any]) -> None:
    body = json.dumps(data).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def error_status(exc: NewsgraphError) -> int:
    if isinstance(exc, InputError | QuerySyntaxError):
        return 400
    if isinstance(exc, NotRepresentable):
        return 406
    if isinstance(exc, QueryTimeoutError | ResultTooLarge | StoreBusyError):
        return 503
    return 500


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsgraphError)
    async def _newsgraph_error(request: Request, exc: NewsgraphError) -> JSONResponse:
        status = error_status(exc)
        if status >= 500 and not isinstance(exc, QueryTimeoutError | ResultTooLarge):
            log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _error(status, str(exc))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), exc.headers)

    from starlette.exceptions import HTTPException as StarletteHTTPException

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(400, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return _error(500, f"internal error ({type(exc).__name__}); the server log has details")


def write_server_file(store_path: str | Path, url: str, token: str) -> Path:
    """Leave ``{url, pid, token}`` beside the store, readable by its owner only (mode 0600)."""
    path = Path(store_path) / SERVER_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"url": url, "pid": os.getpid(), "token": token}, fh)
    os.chmod(path, 0o600)
    return path


def remove_server_file(store_path: str | Path) -> None:
    path = Path(store_path) / SERVER_FILE
    try:
        info = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    if info.get("pid") == os.getpid():
        with contextlib.suppress(OSError):
            path.unlink()


class AppState:
    """The store and executor one app serves; closed once."""

    def __init__(self, settings: ApiSettings, store: Store | None) -> None:
        self.settings = settings
        self.owns_store = store is None
        self._store: Store = store if store is not None else open_store(settings.store, via_server=False)
        self.executor = make_executor(
            self.store,
            ExecutorLimits(
                timeout_s=settings.query_timeout_s,
                max_result_bytes=settings.max_result_bytes,
                workers=settings.query_workers,
            ),
        )
        self.closed = False
        self.server_file_store: str | None = None  # set by `newsgraph serve` after writing .server.json
        self.replica: MemoryReplica | None = None
        self.read_cache = BodyCache()  # REST response bodies (api.routes.common.cached_json)
        self.on_close: list[Callable[[], None]] = []  # run first at close (serve --read-processes)
        executor = self.executor
        store_ = self.store
        # The read caches (graph.read.cache) are keyed on the server's write counter where it sees
        # every write: a store this app opened itself, on disk, served by the worker pool (it holds
        # the only writable handle, and every write path calls ``executor.changed()``).  Elsewhere
        # (a store handed in by a caller, in-memory or remote) they fingerprint the store instead.
        if self.owns_store and isinstance(executor, WorkerPoolExecutor):
            set_version_source(store_, lambda: executor.generation)
        if settings.memory_replica:
            if not (
                self.owns_store
                and isinstance(store_, OxigraphStore)
                and isinstance(executor, WorkerPoolExecutor)
            ):
                self.close()
                raise StoreError("--memory-replica needs an embedded store on disk that this server opens")
            # tagged with the same write counter as the caches
            self.replica = MemoryReplica(store_, lambda: store_version(store_))

    @property
    def store(self) -> Store:
        """The store served (a read process's is the checkpoint it reads now: api/processes.py)."""
        return self._store

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for fn in reversed(self.on_close):
            try:
                fn()
            except Exception:  # the rest is still closed
                log.exception("closing the server")
        if self.server_file_store:
            remove_server_file(self.server_file_store)
        if self.replica is not None:
            self.replica.close()
        self.executor.close()
        if self.owns_store:
            self.store.close()


def create_app(
    settings: ApiSettings | None = None, store: Store | None = None, state: AppState | None = None
) -> FastAPI:
    """The app over ``store``, or over the store that ``settings.store`` names (opened now);
    ``state``: the store and executor made by the caller (a read process, api/processes.py)."""
    settings = settings or ApiSettings.from_env()
    state = state if state is not None else AppState(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            state.close()

    app = FastAPI(
        title="newsgraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "sparql", "description": "SPARQL 1.1 Protocol, Update and Graph Store HTTP Protocol"},
            {"name": "sources", "description": "Articles and what was extracted from them"},
            {"name": "entities", "description": "Persons, organisations, places, offices"},
            {"name": "events", "description": "Events and claims"},
            {"name": "validation", "description": "Recorded contradictions and validation reports"},
            {"name": "meta", "description": "Statistics and entity dereferencing"},
        ],
    )
    app.state.settings = settings
    app.state.ng = state
    app.state.close = state.close

    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
        )
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(BrowserRedirectMiddleware)
    if settings.allowed_hosts:
        # loopback stays allowed: local commands reach a running server through 127.0.0.1
        hosts = [*settings.allowed_hosts, "127.0.0.1", "localhost", "::1", "[::1]"]
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)

    app.include_router(sparql.router)
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
