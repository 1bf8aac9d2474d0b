"""What every REST router shares: the one dependency that gives a request its store, the read cache
of response bodies, the parameters and the documented responses.

:func:`served` (``Served`` in a handler's signature) is the only way a route handler reaches the
store: it reads the store's version first (the key of the read cache, :mod:`graph.read.cache`),
then picks the store the read models read (the in-memory replica while it is up to date, else the
store itself).  In that order a body kept under a version never holds less than that version's
writes: a write landing in between moves the version past the key, and the replica is picked only
while it holds every write counted so far.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import Response

from api.negotiate import best, json_or_jsonld
from api.settings import ApiSettings
from graph.read import queries as Q
from graph.read.cache import BodyCache, counted, store_version
from graph.serve.executor import Executor
from graph.serve.replica import MemoryReplica
from graph.store import Store


class ServerState(Protocol):
    """What an app serves (``api.app.AppState``, or a read process's state in api/processes.py)."""

    settings: ApiSettings
    executor: Executor
    replica: MemoryReplica | None
    read_cache: BodyCache

    @property
    def store(self) -> Store: ...


@dataclass(frozen=True)
class Served:
    """A request's view of the server."""

    state: ServerState
    store: Store  # what the read models read: the replica while it is up to date, else the store
    version: Hashable | None  # the read cache's key; None where not every write is counted
    base: str  # the base of entity IRIs

    @property
    def executor(self) -> Executor:
        return self.state.executor

    @property
    def writable(self) -> Store:
        """The store itself (writes, validation of the whole store): never the replica."""
        return self.state.store


def served(request: Request) -> Served:
    """The FastAPI dependency of every REST route (see the module's docstring for the order)."""
    state: ServerState = request.app.state.ng
    store = state.store
    # read before the store is picked: see the module docstring
    version = (id(store), store_version(store)) if counted(store) else None
    read = state.replica.reader() if state.replica is not None else store
    settings: ApiSettings = request.app.state.settings
    return Served(state, read, version, settings.base_iri)


ServedDep = Annotated[Served, Depends(served)]

Limit = Annotated[int, Query(ge=1, le=Q.MAX_LIMIT, description="Page size (1-1000)")]
Offset = Annotated[int, Query(ge=0, description="Items to skip")]
Search = Annotated[
    str | None,
    Query(
        max_length=200, description="Case-insensitive substring of the name or an alias", examples=["zelensk"]
    ),
]

PAGE_EXAMPLE = {
    "items": [
        {
            "iri": "https://w3id.org/newsgraph/id/person/volodymyr-zelensky",
            "id": "person/volodymyr-zelensky",
            "name": "Volodymyr Zelensky",
            "aliases": ["Zelensky", "Zelenskyy"],
            "types": ["https://w3id.org/newsgraph/ontology#Person"],
        }
    ],
    "total": 1,
    "limit": 50,
    "offset": 0,
}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "description": "Bad parameter",
        "content": {"application/json": {"example": {"error": "limit: ..."}}},
    },
    404: {
        "description": "Not found",
        "content": {"application/json": {"example": {"error": "no person ..."}}},
    },
}


def ok(
    example: Any, description: str = "JSON (or JSON-LD with Accept: application/ld+json)"
) -> dict[int | str, Any]:
    """The documented responses of a read route: ``example`` as its 200 body, and the errors."""
    return {
        200: {
            "description": description,
            "content": {"application/json": {"example": example}, "application/ld+json": {}},
        },
        **ERRORS,
    }


def found(value: Any, what: str) -> Any:
    """``value``, or 404 ``no <what>`` when it is None."""
    if value is None:
        raise HTTPException(404, f"no {what}")
    return value


def cached_json(
    request: Request, served: Served, key: tuple[Any, ...], compute: Callable[[], Any]
) -> Response:
    """``json_or_jsonld(request, compute())``, the body kept in the read cache until the next write.

    Only where every write is counted (``served.version``); only successful responses are kept
    (``compute`` raising, e.g. 404, is not)."""
    if served.version is None:
        return json_or_jsonld(request, compute())
    media = best(request, ["application/json", "application/ld+json"], "application/json")
    full_key = (*key, served.base, media)
    cache = served.state.read_cache
    body = cache.get(served.version, full_key)
    if body is not None:
        return Response(body, media_type=media)
    response = json_or_jsonld(request, compute())
    if response.status_code == 200:
        cache.put(served.version, full_key, bytes(response.body))
    return response
