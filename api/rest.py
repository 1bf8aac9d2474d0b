"""REST read models (JSON, or JSON-LD on request) and entity dereferencing."""

from __future__ import annotations

import html
import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from api.negotiate import RDF_MEDIA, best, json_or_jsonld
from api.security import require_write
from graph import __version__, iris
from graph.read import queries as Q
from graph.read.cache import set_version_source
from graph.store import Store

router = APIRouter()

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


def _ok(
    example: Any, description: str = "JSON (or JSON-LD with Accept: application/ld+json)"
) -> dict[int | str, Any]:
    return {
        200: {
            "description": description,
            "content": {"application/json": {"example": example}, "application/ld+json": {}},
        },
        **ERRORS,
    }


def _store(request: Request) -> Store:
    """The store the read models read: the in-memory replica while it is up to date (``serve
    --memory-replica``), else the store itself."""
    state = request.app.state.ng
    track_writes(state)
    if state.replica is not None:
        return state.replica.reader()  # type: ignore[no-any-return]
    return state.store  # type: ignore[no-any-return]


def track_writes(state: Any) -> None:
    """Let the read-model caches (``graph.read.cache.per_version``) use the server's write counter.

    Only where that counter sees every write: a store this app opened itself, on disk, served by the
    worker pool (it holds the only writable handle, and every write path calls
    ``executor.changed()``).  Elsewhere (a store handed in by a caller, in-memory or remote) the
    caches fingerprint the store with queries instead."""
    if getattr(state, "writes_tracked", False):
        return
    from graph.serve.executor import WorkerPoolExecutor

    executor = state.executor
    if state.owns_store and isinstance(executor, WorkerPoolExecutor):
        set_version_source(state.store, lambda: executor.generation)
        state.writes_counted = True
    state.writes_tracked = True


class ReadCache:
    """Response bodies of the entity read models, kept until the store's next write.

    Keyed on the server's write counter (``executor.generation``, bumped after every write path has
    committed), so an entry is never served after a write: the counter is read before the response is
    computed, and a write that lands meanwhile bumps it past the entry's key. Only used where that
    counter sees every write (see :func:`track_writes`); elsewhere every request is computed."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 << 20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: Any = None
        self._entries: OrderedDict[Any, bytes] = OrderedDict()
        self._bytes = 0

    def get(self, version: Any, key: Any) -> bytes | None:
        with self._lock:
            if version != self._version:
                return None
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, version: Any, key: Any, body: bytes) -> None:
        if len(body) > self.max_bytes // 16:
            return
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._bytes = 0
                self._version = version
            old = self._entries.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._entries[key] = body
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)


def _cache_version(request: Request) -> Any:
    """The write counter the read cache is keyed on; None where writes are not all counted."""
    state = request.app.state.ng
    track_writes(state)
    if not getattr(state, "writes_counted", False):
        return None
    return (id(state.store), state.executor.generation)


def cached_json(request: Request, key: tuple[Any, ...], compute: Callable[[], Any]) -> Response:
    """``json_or_jsonld(request, compute())``, the body kept in the read cache until the next write.

    Only successful responses are kept (``compute`` raising, e.g. 404, is not)."""
    state = request.app.state.ng
    version = _cache_version(request)
    if version is None:
        return json_or_jsonld(request, compute())
    media = best(request, ["application/json", "application/ld+json"], "application/json")
    full_key = (*key, _base(request), media)
    cache: ReadCache | None = getattr(state, "read_cache", None)
    if cache is None:
        cache = state.read_cache = ReadCache()
    body = cache.get(version, full_key)
    if body is not None:
        return Response(body, media_type=media)
    response = json_or_jsonld(request, compute())
    if response.status_code == 200:
        cache.put(version, full_key, bytes(response.body))
    return response


def _base(request: Request) -> str:
    return request.app.state.settings.base_iri  # type: ignore[no-any-return]


def _found(value: Any, what: str) -> Any:
    if value is None:
        raise HTTPException(404, f"no {what}")
    return value


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


@router.get(
    "/sources",
    tags=["sources"],
    summary="List ingested articles",
    responses=_ok(
        {
            "items": [
                {
                    "iri": "https://w3id.org/newsgraph/id/source/909867b9078e4d81",
                    "id": "909867b9078e4d81",
                    "headline": "Historic prisoner exchange",
                    "url": "https://example.org/story",
                    "published": "2025-05-25",
                    "name": "000_909867b9078e4d81",
                    "graph": "https://w3id.org/newsgraph/id/graph/source/909867b9078e4d81",
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }
    ),
)
def sources(request: Request, limit: Limit = 50, offset: Offset = 0) -> Response:
    return json_or_jsonld(request, Q.list_sources(_store(request), limit, offset, _base(request)))


@router.get(
    "/sources/{sid}",
    tags=["sources"],
    summary="One article with its extracted facts and validation results",
    responses=_ok(
        {
            "iri": "https://w3id.org/newsgraph/id/source/909867b9078e4d81",
            "headline": "...",
            "holdings": [],
            "events": [],
            "claims": [],
            "quantities": [],
            "validation": {"items": [], "total": 0, "limit": 1000, "offset": 0},
        }
    ),
)
def source(request: Request, sid: str) -> Response:
    iri = Q.resolve("source", sid, _base(request))
    return json_or_jsonld(
        request, _found(Q.get_source(_store(request), iri, _base(request)), f"source {sid}")
    )


class ArticleIn(BaseModel):
    """An article to ingest."""

    text: str = Field(min_length=1, description="The article text (boilerplate removed)")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    published: date | None = None
    name: str | None = Field(None, max_length=200, description="A name for the article (default: its id)")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "title": "Prisoner exchange completed",
                    "url": "https://example.org/story",
                    "published": "2025-05-25",
                    "text": "Ukraine and Russia exchanged 307 prisoners each on Sunday, ...",
                }
            ]
        }
    }


@router.post(
    "/sources",
    tags=["sources"],
    status_code=201,
    summary="Ingest an article (bearer token required)",
    responses={
        201: {
            "description": "Stored",
            "content": {
                "application/json": {
                    "example": {
                        "iri": "https://w3id.org/newsgraph/id/source/909867b9078e4d81",
                        "id": "909867b9078e4d81",
                        "status": "stored",
                        "validation": {"conforms": True},
                    }
                }
            },
        },
        200: {"description": "The same text was already stored"},
        401: {"description": "No valid token"},
        403: {"description": "Writing disabled"},
        422: {"description": "Extraction failed"},
        501: {"description": "Ingestion is not installed"},
    },
)
def ingest_source(request: Request, article: Annotated[ArticleIn, Body()]) -> Response:
    require_write(request)
    try:
        from graph.ingest.pipeline import ingest
        from graph.model import Article
    except ModuleNotFoundError as exc:
        raise HTTPException(501, f"ingestion is not available on this server ({exc.name})") from exc
    art = Article(
        name=article.name or "",
        text=article.text,
        title=article.title,
        url=article.url,
        outlet=article.outlet,
        published=article.published,
        origin="POST /sources",
    )
    if not art.name:
        art.name = art.sid
    state = request.app.state.ng
    try:
        report = ingest([art], state.store, workers=1, progress=False, validate=True)
    finally:
        state.executor.changed()
    outcome = report.outcomes[0] if report.outcomes else None
    if outcome is None or outcome.status == "error":
        raise HTTPException(422, outcome.message if outcome else "nothing was ingested")
    data = report.to_dict()
    body = {
        "iri": outcome.source or str(art.source_iri),
        "id": art.sid,
        "status": outcome.status,
        "stats": outcome.stats,
        "validation": data.get("validation"),
        "validation_error": data.get("validation_error"),
    }
    return json_or_jsonld(
        request,
        body,
        status=201 if outcome.status == "stored" else 200,
        headers={"Location": f"/sources/{art.sid}"},
    )


# ---------------------------------------------------------------------------------------------
# Entities
# ---------------------------------------------------------------------------------------------


def _list(kind: str, summary: str) -> Any:
    def handler(request: Request, q: Search = None, limit: Limit = 50, offset: Offset = 0) -> Response:
        return cached_json(
            request,
            ("search", kind, q, limit, offset),
            lambda: Q.search_entities(_store(request), kind, q, limit, offset, _base(request)),
        )

    handler.__name__ = f"list_{kind}"
    handler.__doc__ = summary
    return handler


for _kind, _path, _summary in [
    ("person", "/persons", "Search persons by name or alias"),
    ("organization", "/organizations", "Search organisations (states, government bodies, armed forces, ...)"),
    ("place", "/places", "Search places (and states)"),
    ("office", "/offices", "Search offices"),
]:
    router.add_api_route(
        _path,
        _list(_kind, _summary),
        methods=["GET"],
        tags=["entities"],
        summary=_summary,
        responses=_ok(PAGE_EXAMPLE),
    )


@router.get(
    "/offices/{oid:path}/holders",
    tags=["entities"],
    summary="Holders of an office, on a date",
    responses=_ok(
        {
            "office": {"iri": "https://w3id.org/newsgraph/id/office/foreign-minister--ukraine"},
            "date": "2025-05-25",
            "items": [
                {
                    "holder": {"name": "Andrii Sybiha"},
                    "start": "2024-09-05",
                    "end": None,
                    "sources": [],
                    "evidence": [],
                }
            ],
            "total": 1,
            "limit": 1,
            "offset": 0,
        }
    ),
)
def office_holders(
    request: Request,
    oid: str,
    date: Annotated[
        str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2025-05-25"])
    ] = None,
) -> Response:
    iri = Q.resolve("office", oid, _base(request))

    def compute() -> Any:
        store = _store(request)
        office = _found(Q.describe_entity(store, iri), f"office {oid}")
        return Q.office_holders(store, iri, date, described=office)

    return cached_json(request, ("holders", str(iri), date), compute)


def _detail(kind: str) -> Any:
    def handler(request: Request, eid: str) -> Response:
        iri = Q.resolve(kind, eid, _base(request))
        fn = Q.get_person if kind == "person" else Q.get_entity
        return cached_json(
            request,
            ("entity", kind, str(iri)),
            lambda: _found(fn(_store(request), iri, _base(request)), f"{kind} {eid}"),
        )

    handler.__name__ = f"get_{kind}"
    return handler


for _kind, _path in [
    ("person", "/persons"),
    ("organization", "/organizations"),
    ("place", "/places"),
    ("office", "/offices"),
    ("event", "/events"),
]:
    router.add_api_route(
        _path + "/{eid:path}",
        _detail(_kind),
        methods=["GET"],
        tags=["entities"],
        summary=f"One {_kind}"
        + (
            " with offices over time, events and claims, each with sources and evidence"
            if _kind == "person"
            else ""
        ),
        responses=_ok({"iri": f"https://w3id.org/newsgraph/id/{_kind}/example", "name": "...", "types": []}),
    )


# ---------------------------------------------------------------------------------------------
# Events and claims
# ---------------------------------------------------------------------------------------------


@router.get(
    "/events",
    tags=["events"],
    summary="Events by type, date, place and participant",
    responses=_ok(
        {
            "items": [
                {
                    "iri": "https://w3id.org/newsgraph/id/event/prisoner-exchange-2025-05-24-ab12",
                    "type": "https://w3id.org/newsgraph/ontology#PrisonerExchange",
                    "label": "exchange day 2",
                    "start": "2025-05-24",
                    "participants": [],
                    "places": [],
                    "sources": [],
                    "evidence": [],
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }
    ),
)
def events(
    request: Request,
    type: Annotated[
        str | None, Query(max_length=100, description=", ".join(Q.EVENT_TYPES), examples=["PrisonerExchange"])
    ] = None,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, examples=["2025-05-01"])] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, examples=["2025-05-31"])] = None,
    place: Annotated[str | None, Query(max_length=2000, description="Place slug or IRI")] = None,
    participant: Annotated[
        str | None, Query(max_length=2000, description="Actor id (person/..., organization/...) or IRI")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    return json_or_jsonld(
        request,
        Q.list_events(
            _store(request),
            type,
            date_from,
            date_to,
            place,
            participant,
            limit=limit,
            offset=offset,
            base=_base(request),
        ),
    )


@router.get(
    "/claims",
    tags=["events"],
    summary="Claims by speaker, subject and source",
    responses=_ok(
        {
            "items": [
                {
                    "iri": "https://w3id.org/newsgraph/id/source/909867b9078e4d81/claim/5",
                    "claimant": {
                        "iri": "https://w3id.org/newsgraph/id/person/yuriy-ihnat",
                        "name": "Yuriy Ihnat",
                    },
                    "content": "Russia deployed 69 missiles",
                    "about": [],
                    "sources": [],
                    "evidence": [],
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }
    ),
)
def claims(
    request: Request,
    speaker: Annotated[str | None, Query(max_length=2000, description="Claimant id or IRI")] = None,
    about: Annotated[
        str | None, Query(max_length=2000, description="Event id or IRI the claim is about")
    ] = None,
    source: Annotated[str | None, Query(max_length=2000, description="Source id or IRI")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    return json_or_jsonld(
        request, Q.list_claims(_store(request), speaker, about, source, limit, offset, _base(request))
    )


# ---------------------------------------------------------------------------------------------
# Validation and statistics
# ---------------------------------------------------------------------------------------------


@router.get(
    "/validation",
    tags=["validation"],
    summary="Latest validation results (JSON, Turtle or HTML)",
    responses={
        200: {
            "content": {
                "application/json": {"example": {"contradictions": {"items": [], "total": 0}}},
                "text/turtle": {},
                "text/html": {},
            }
        }
    },
)
def validation(
    request: Request,
    view: Annotated[
        str,
        Query(
            pattern="^(report|contradictions)$",
            description="`report`: the validation report of the whole store (graph.validate.report; computed once per "
            "change of the store); `contradictions`: the contradictions recorded in the validation graph",
        ),
    ] = "report",
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    store = _store(request)
    media = best(
        request, ["application/json", "application/ld+json", "text/turtle", "text/html"], "application/json"
    )
    if view == "report":
        result = _latest_report(request)
        if result is not None:
            report_mod, res = result
            fmt = {"text/turtle": "turtle", "text/html": "html", "application/ld+json": "jsonld"}.get(
                media, "json"
            )
            return Response(report_mod.render(res, fmt), media_type=media)
    if media == "text/turtle":
        return Response(store.export("turtle", iris.validation_graph_iri()), media_type="text/turtle")
    data = {"contradictions": Q.list_contradictions(store, limit=limit, offset=offset)}
    if media == "text/html":
        rows = "".join(
            f"<tr><td>{html.escape(str(c['message'] or ''))}</td><td>{html.escape(str(c['rule'] or ''))}</td>"
            f"<td>{'<br>'.join(html.escape(i) for i in c['involves'])}</td></tr>"
            for c in data["contradictions"]["items"]
        )
        return HTMLResponse(
            f"<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Validation</title>"
            f"<h1>Contradictions ({data['contradictions']['total']})</h1><table>"
            f"<tr><th>Message</th><th>Rule</th><th>Statements</th></tr>{rows}</table></html>"
        )
    return json_or_jsonld(request, data)


_report_lock = threading.Lock()


def _latest_report(request: Request) -> tuple[Any, Any] | None:
    """(graph.validate.report, ValidationResult of the whole store), cached until the store changes; None when
    validation is not installed."""
    try:
        report_mod: Any = importlib.import_module("graph.validate.report")
        validate_mod: Any = importlib.import_module("graph.validate")
    except ModuleNotFoundError as exc:
        if exc.name not in ("graph.validate.report", "graph.validate"):
            raise
        return None
    state = request.app.state.ng
    with _report_lock:
        cached = getattr(state, "report_cache", None)
        if cached is not None and cached[0] == state.executor.generation and cached[1] is state.store:
            return report_mod, cached[2]
        generation = state.executor.generation
        result = validate_mod.validate_all(state.store)
        state.report_cache = (generation, state.store, result)
        return report_mod, result


@router.get(
    "/validation/entity/{eid:path}",
    tags=["validation"],
    summary="Contradictions touching one entity",
    responses=_ok(
        {
            "items": [
                {
                    "iri": "https://w3id.org/newsgraph/id/contradiction/1f2e",
                    "message": "Foreign Minister of Ukraine is a single-seat office: ...",
                    "involves": [],
                }
            ],
            "total": 1,
            "limit": 50,
            "offset": 0,
        }
    ),
)
def validation_entity(request: Request, eid: str, limit: Limit = 50, offset: Offset = 0) -> Response:
    iri = Q.resolve("person", eid, _base(request))
    return json_or_jsonld(
        request, Q.list_contradictions(_store(request), entity=str(iri), limit=limit, offset=offset)
    )


@router.get(
    "/",
    tags=["meta"],
    summary="Where things are: the SPARQL endpoint, the API description, the pages",
    responses=_ok(
        {
            "name": "newsgraph",
            "version": "0.1.0",
            "sparql": "/sparql",
            "openapi": "/openapi.json",
            "docs": "/docs",
            "pages": "/ui/",
        }
    ),
)
def index(request: Request) -> Response:
    """A small index for JSON clients; browsers are sent to the pages (/ui/) by api/browser.py."""
    links = {
        "sparql": "/sparql",
        "openapi": "/openapi.json",
        "docs": "/docs",
        "pages": "/ui/",
        "persons": "/persons",
        "organizations": "/organizations",
        "places": "/places",
        "offices": "/offices",
        "events": "/events",
        "sources": "/sources",
        "validation": "/validation",
        "stats": "/stats",
    }
    return JSONResponse({"name": "newsgraph", "version": __version__, **links})


@router.get(
    "/stats",
    tags=["meta"],
    summary="Counts of quads, graphs, sources, entities, events and claims",
    responses=_ok(
        {
            "quads": 1234,
            "graphs": 12,
            "sources": 9,
            "persons": 40,
            "organizations": 20,
            "places": 15,
            "offices": 12,
            "events": 30,
            "claims": 55,
            "holdings": 25,
            "contradictions": 2,
        }
    ),
)
def stats(request: Request) -> Response:
    found = Q.stats(_store(request))
    replica = request.app.state.ng.replica
    if replica is not None:  # serve --memory-replica
        found["memoryReplica"] = replica.status()
    return json_or_jsonld(request, found)


# ---------------------------------------------------------------------------------------------
# Dereferencing entity IRIs
# ---------------------------------------------------------------------------------------------

DEREF_MEDIA = ["application/json", "text/html", *RDF_MEDIA]


@router.get(
    "/id/{path:path}",
    tags=["meta"],
    summary="Dereference an entity IRI (HTML, RDF or JSON)",
    responses={200: {"content": {m: {} for m in DEREF_MEDIA}}, 404: ERRORS[404]},
)
def dereference(request: Request, path: str) -> Response:
    base = _base(request)
    iri = Q.from_path(path, base)
    store = _store(request)
    media = best(request, DEREF_MEDIA, "application/json")
    if media in RDF_MEDIA:
        g = Q.describe_graph(store, iri)
        if not len(g):
            raise HTTPException(404, f"nothing is known about {iri}")
        fmt = RDF_MEDIA[media]
        if fmt == "nquads":
            fmt = "nt"
        for prefix, ns in (
            ("ng", Q.NG_IRI),
            ("id", base),
            ("schema", "https://schema.org/"),
            ("prov", "http://www.w3.org/ns/prov#"),
            ("oa", "http://www.w3.org/ns/oa#"),
        ):
            g.bind(prefix, ns)
        return Response(
            g.serialize(format=fmt, encoding="utf-8"), media_type=media, headers={"Vary": "Accept"}
        )
    kind = path.split("/", 1)[0]
    if kind == "source" and path.count("/") == 1:
        data = Q.get_source(store, iri, base)
    elif kind == "person":
        data = Q.get_person(store, iri, base)
    else:
        data = Q.get_entity(store, iri, base)
    if data is None:
        g = Q.describe_graph(store, iri)
        if not len(g):
            raise HTTPException(404, f"nothing is known about {iri}")
        data = {"iri": str(iri), "statements": [[str(p), str(o)] for _s, p, o in g]}
    if media == "text/html":
        return HTMLResponse(_entity_html(data), headers={"Vary": "Accept"})
    return json_or_jsonld(request, data, headers={"Vary": "Accept"})


def _entity_html(data: dict[str, Any]) -> str:
    def render(value: Any) -> str:
        if isinstance(value, dict):
            return (
                "<dl>"
                + "".join(
                    f"<dt>{html.escape(str(k))}</dt><dd>{render(v)}</dd>"
                    for k, v in value.items()
                    if v not in (None, [], {}, "")
                )
                + "</dl>"
            )
        if isinstance(value, list):
            return "<ul>" + "".join(f"<li>{render(v)}</li>" for v in value) + "</ul>"
        text = str(value)
        if text.startswith(("http://", "https://")):
            return f'<a href="{html.escape(text, quote=True)}">{html.escape(text)}</a>'
        return html.escape(text)

    title = html.escape(str(data.get("name") or data.get("headline") or data.get("iri")))
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title}</title></head>"
        f"<body><h1>{title}</h1>{render(data)}</body></html>"
    )
