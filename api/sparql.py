"""SPARQL 1.1 Protocol and Update at /sparql, Graph Store HTTP Protocol at /store.

The handlers parse the request (parameters, form and direct bodies, the graph a Graph Store request
names) and write the response.  Queries and updates run through the app's executor
(graph/serve/executor.py: time limit, result cap), the Graph Store operations are in
graph/serve/gsp.py, the service description in graph/serve/description.py, and the formats and
content negotiation in graph/sparql/formats.py.  The query editor a browser gets is
api/templates/sparql.html."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.negotiate import best
from api.routes.common import served
from api.security import require_write
from api.templating import templates
from graph.serve import description, gsp
from graph.sparql.formats import (
    ANSWER_MEDIA,
    BODY_MEDIA,
    DEFAULT_RESULT,
    FORMAT_PARAM,
    RDF_MEDIA,
    media_from_name,
    parse_accept,
)
from graph.sparql.guards import check_iri, with_using

router = APIRouter(tags=["sparql"])

FORM = "application/x-www-form-urlencoded"


def endpoint_url(request: Request) -> str:
    public = request.app.state.settings.public_url
    if public:
        return public.rstrip("/") + "/sparql"
    return str(request.url.replace(query="", fragment="")).split("?")[0]


def _charset_ok(content_type: str) -> bool:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(400, "the request body is not UTF-8") from exc


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise HTTPException(400, f"more than one {name} parameter")
    return values[0] if values else None


def _prefers_html(request: Request) -> bool:
    """A browser's bare GET: HTML ranks before any RDF, JSON or ``*/*`` in its Accept header."""
    for media, _q in parse_accept(request.headers.get("accept")):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in RDF_MEDIA or media in ("application/json", "application/sparql-results+json", "*/*"):
            return False
    return False


SPARQL_DOC: dict[str, Any] = dict(
    summary="SPARQL 1.1 Protocol: query and update",
    description=(
        "Query with `query` (GET or form POST) or a direct `application/sparql-query` POST; update with "
        "`update` (form POST) or a direct `application/sparql-update` POST (needs updates enabled and a "
        "bearer token). `default-graph-uri` / `named-graph-uri` set the dataset (default: the union of all "
        "graphs). Results are negotiated from Accept (or `format=`). A bare GET returns the service "
        "description (RDF), or the query editor to a browser."
    ),
    responses={
        200: {
            "description": "Results",
            "content": {
                m: {"example": {"head": {"vars": ["s"]}, "results": {"bindings": []}}}
                if m == DEFAULT_RESULT
                else {}
                for m in [*ANSWER_MEDIA["results"], *ANSWER_MEDIA["graph"], "text/html"]
            },
        },
        204: {"description": "Update applied"},
        400: {
            "description": "Malformed query or request",
            "content": {"application/json": {"example": {"error": "error at 1:8: expected one of ..."}}},
        },
        401: {"description": "Update without a valid bearer token"},
        403: {"description": "Updates are disabled"},
        415: {"description": "Unsupported request media type"},
        503: {"description": "Query stopped at the time limit or result cap"},
    },
)


async def sparql_endpoint(request: Request) -> Response:
    params = request.query_params
    queries = params.getlist("query")
    updates = params.getlist("update")
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    using = params.getlist("using-graph-uri")
    using_named = params.getlist("using-named-graph-uri")
    accept = request.headers.get("accept")
    fmt = params.get("format")
    if fmt and fmt.lower() in FORMAT_PARAM:
        accept = FORMAT_PARAM[fmt.lower()]

    if request.method == "GET":
        if updates:
            raise HTTPException(400, "an update must be sent with POST")
        if not queries:
            if _prefers_html(request):
                return query_page(request)
            return service_description(request)
    else:
        content_type = request.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        body = await request.body()
        if media == FORM:
            if queries or updates:
                raise HTTPException(400, "send query or update in the form body, not in the URL")
            form = parse_qsl(_decode(body), keep_blank_values=True)
            queries = [v for k, v in form if k == "query"]
            updates = [v for k, v in form if k == "update"]
            default_graphs += [v for k, v in form if k == "default-graph-uri"]
            named_graphs += [v for k, v in form if k == "named-graph-uri"]
            using += [v for k, v in form if k == "using-graph-uri"]
            using_named += [v for k, v in form if k == "using-named-graph-uri"]
        elif media == "application/sparql-query":
            if not _charset_ok(content_type):
                raise HTTPException(415, "a direct query must be UTF-8")
            if queries or updates:
                raise HTTPException(400, "a direct POST carries the query in its body only")
            queries = [_decode(body)]
        elif media == "application/sparql-update":
            if not _charset_ok(content_type):
                raise HTTPException(415, "a direct update must be UTF-8")
            if queries or updates:
                raise HTTPException(400, "a direct POST carries the update in its body only")
            updates = [_decode(body)]
        else:
            raise HTTPException(
                415,
                "POST a form (application/x-www-form-urlencoded), "
                "application/sparql-query or application/sparql-update",
            )
        if queries and updates:
            raise HTTPException(400, "a request carries a query or an update, not both")
        if not queries and not updates:
            raise HTTPException(400, "no query or update given")

    if updates:
        update = _one(updates, "update")
        assert update is not None
        require_write(request)
        if using or using_named:
            update = with_using(update, using, using_named)
        base = endpoint_url(request)
        await run_in_threadpool(served(request).executor.update, update, base)
        return Response(status_code=204)

    query = _one(queries, "query")
    assert query is not None
    body, media = await run_in_threadpool(
        served(request).executor.query,
        query,
        accept,
        default_graphs or None,
        named_graphs or None,
        endpoint_url(request),
    )
    charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
    return Response(body, media_type=media + charset, headers={"Vary": "Accept"})


for _method in ("GET", "POST"):
    router.add_api_route(
        "/sparql", sparql_endpoint, methods=[_method], operation_id=f"sparql_{_method.lower()}", **SPARQL_DOC
    )


def service_description(request: Request) -> Response:
    settings = request.app.state.settings
    media = best(request, list(RDF_MEDIA), "text/turtle")
    data = description.service_description(
        endpoint_url(request), updates=settings.allow_updates, fmt=RDF_MEDIA[media]
    )
    return Response(data, media_type=media, headers={"Vary": "Accept"})


QUERY_PAGE_EXAMPLES = [
    (
        "Office holders on a date",
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
# Who held each office on 2025-05-25 (reference data and articles)
SELECT ?officeName ?holderName ?start ?end ?asOf ?g WHERE {
  { SELECT ?holder ?office ?start ?end ?asOf ?g WHERE {
    GRAPH ?g { ?h a ng:OfficeHolding ; ng:holder ?holder ; ng:office ?office .
      OPTIONAL { ?h ng:startDate ?start } OPTIONAL { ?h ng:endDate ?end } OPTIONAL { ?h ng:asOf ?asOf } }
    FILTER(
      (BOUND(?start) && STR(?start) <= "2025-05-25" && (!BOUND(?end) || STR(?end) >= "2025-05-25"))
      || (!BOUND(?start) && BOUND(?asOf) && STR(?asOf) = "2025-05-25")) } }
  ?office ng:name ?officeName . ?holder ng:name ?holderName .
} ORDER BY ?officeName LIMIT 100""",
    ),
    (
        "Events by type and date",
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
# Prisoner exchanges in May 2025, with participants
SELECT ?event ?label ?start (GROUP_CONCAT(DISTINCT ?who; separator=", ") AS ?participants) WHERE {
  ?event a ng:PrisonerExchange ; ng:startDate ?start .
  OPTIONAL { ?event ng:label ?label }
  OPTIONAL { ?event ng:participant/ng:name ?who }
  FILTER(STR(?start) >= "2025-05-01" && STR(?start) <= "2025-05-31")
} GROUP BY ?event ?label ?start ORDER BY ?start LIMIT 100""",
    ),
    (
        "Claims by speaker",
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX schema: <https://schema.org/>
# What each named speaker claimed, and which article reports it
SELECT ?speaker ?content ?headline ?sentence WHERE {
  ?claim a ng:Claim ; ng:claimant ?c ; ng:content ?content ; ng:reportedBy ?source .
  ?c ng:name ?speaker .
  OPTIONAL { ?source schema:headline ?headline }
  OPTIONAL { ?claim ng:evidence/ng:sentence ?sentence }
} ORDER BY ?speaker LIMIT 100""",
    ),
    (
        "Contradictions",
        """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
# Conflicts found by validation, with the statements involved
SELECT ?contradiction ?message ?statement ?g WHERE {
  GRAPH <https://w3id.org/newsgraph/id/graph/validation> {
    ?contradiction a ng:Contradiction ; ng:message ?message ; ng:involves ?statement }
  OPTIONAL { GRAPH ?g { ?statement a ?type } FILTER(?g != <https://w3id.org/newsgraph/id/graph/validation>) }
} LIMIT 100""",
    ),
]


def query_page(request: Request) -> HTMLResponse:
    """The query editor (api/templates/sparql.html), for a browser's bare GET /sparql."""
    return templates.TemplateResponse(
        request, "sparql.html", {"endpoint": endpoint_url(request), "examples": QUERY_PAGE_EXAMPLES}
    )


# ---------------------------------------------------------------------------------------------
# Graph Store HTTP Protocol
# ---------------------------------------------------------------------------------------------


def _target(request: Request, path: str | None) -> tuple[str, str | None]:
    """('default', None), ('graph', iri) or ('none', None) from ?default, ?graph= or the URL."""
    params = request.query_params
    has_default = "default" in params
    graphs = params.getlist("graph")
    if has_default and graphs:
        raise HTTPException(400, "give either ?default or ?graph=, not both")
    if len(graphs) > 1:
        raise HTTPException(400, "more than one graph parameter")
    if has_default:
        return "default", None
    if graphs:
        return "graph", graphs[0]
    if path:
        return "graph", str(request.url.replace(query="", fragment=""))
    return "none", None


async def _rdf_body(request: Request) -> list[tuple[bytes, str]]:
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        form = await request.form()
        parts: list[tuple[bytes, str]] = []
        for _key, value in form.multi_items():
            if hasattr(value, "read"):
                ct = (getattr(value, "content_type", None) or "").split(";")[0].strip().lower()
                if not ct or ct == "application/octet-stream":
                    ct = media_from_name(getattr(value, "filename", "") or "") or "text/turtle"
                parts.append((await value.read(), ct))
        return parts
    if not media:
        raise HTTPException(415, "say what RDF the body holds with Content-Type")
    if media not in BODY_MEDIA:
        raise HTTPException(415, f"cannot read {media}; send one of {', '.join(BODY_MEDIA)}")
    return [(await request.body(), media)]


STORE_DOC: dict[str, Any] = dict(
    summary="Graph Store HTTP Protocol (indirect graph identification)",
    description="`?graph=<IRI>` names a graph, `?default` the default graph. Needs the Graph Store "
    "enabled (--allow-updates) and a bearer token for every method.",
    responses={
        200: {"description": "The graph", "content": {m: {} for m in RDF_MEDIA}},
        201: {"description": "Graph created"},
        204: {"description": "Done"},
        404: {"description": "No such graph"},
    },
)


async def graph_store_indirect(request: Request) -> Response:
    return await _graph_store(request, None)


async def graph_store_direct(request: Request, path: str) -> Response:
    return await _graph_store(request, path)


for _method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
    router.add_api_route(
        "/store",
        graph_store_indirect,
        methods=[_method],
        operation_id=f"graph_store_{_method.lower()}",
        **STORE_DOC,
    )
    router.add_api_route(
        "/store/{path:path}",
        graph_store_direct,
        methods=[_method],
        operation_id=f"graph_store_direct_{_method.lower()}",
        summary="Graph Store HTTP Protocol (direct graph identification)",
        description="The request URL (without query) is the graph IRI.",
    )


async def _graph_store(request: Request, path: str | None) -> Response:
    require_write(request)
    state = served(request)
    kind, iri = _target(request, path)
    method = request.method
    if kind == "graph":
        assert iri is not None
        check_iri(iri)
    if method in ("GET", "HEAD"):
        if kind == "none":
            raise HTTPException(400, "name a graph with ?graph=<IRI> or ?default")
        if kind == "graph" and not await run_in_threadpool(gsp.exists, state.executor, iri):
            raise HTTPException(404, f"no graph {iri}")
        media = best(request, list(RDF_MEDIA), "text/turtle")
        body, media = await run_in_threadpool(gsp.get, state.executor, iri, media)
        if method == "HEAD":
            return Response(status_code=200, media_type=media, headers={"Content-Length": str(len(body))})
        return Response(body, media_type=media)
    if method == "DELETE":
        if kind == "none":
            raise HTTPException(400, "name a graph with ?graph=<IRI> or ?default")
        if kind == "graph" and not await run_in_threadpool(gsp.exists, state.executor, iri):
            raise HTTPException(404, f"no graph {iri}")
        await run_in_threadpool(gsp.delete, state.executor, iri)
        return Response(status_code=204)
    parts = await _rdf_body(request)
    if method == "PUT":
        if kind == "none":
            raise HTTPException(400, "name a graph with ?graph=<IRI> or ?default")
        existed = kind == "default" or await run_in_threadpool(gsp.exists, state.executor, iri)
        await run_in_threadpool(gsp.put, state.executor, iri, parts)
        return Response(status_code=204 if existed else 201)
    # POST
    headers: dict[str, str] = {}
    created = False
    if kind == "none":
        iri = gsp.new_graph_iri(str(request.url.replace(query="", fragment="")).rstrip("/"))
        headers["Location"] = iri
        created = True
    elif kind == "graph":
        created = not await run_in_threadpool(gsp.exists, state.executor, iri)
    await run_in_threadpool(gsp.post, state.executor, iri, parts)
    return Response(status_code=201 if created else 204, headers=headers)
