"""Validation: the report of the whole store, the recorded contradictions (JSON, Turtle or HTML)."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.negotiate import best, json_or_jsonld
from api.routes.common import Limit, Offset, Served, ServedDep, ok
from api.templating import templates
from graph import iris
from graph.read import queries as Q
from graph.read.cache import counted, per_version, store_version
from graph.validate import report
from graph.validate.results import ValidationResult
from graph.validate.run import validate_all

router = APIRouter()


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
    served: ServedDep,
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
    media = best(
        request, ["application/json", "application/ld+json", "text/turtle", "text/html"], "application/json"
    )
    if view == "report":
        fmt = {"text/turtle": "turtle", "text/html": "html", "application/ld+json": "jsonld"}.get(
            media, "json"
        )
        return Response(report.render(latest_report(served), fmt), media_type=media)
    if media == "text/turtle":
        return Response(served.store.export("turtle", iris.validation_graph_iri()), media_type="text/turtle")
    data = {"contradictions": Q.list_contradictions(served.store, limit=limit, offset=offset)}
    if media == "text/html":
        page = templates.get_template("rest_contradictions.html")
        return HTMLResponse(
            page.render(total=data["contradictions"]["total"], items=data["contradictions"]["items"])
        )
    return json_or_jsonld(request, data)


_report_lock = threading.Lock()  # one request validates, the others wait for its result


def latest_report(served: Served) -> ValidationResult:
    """The validation report of the whole store (not the replica), kept until the store changes.

    Keyed on the store's write counter where it has one; elsewhere on the writes this server made
    (``executor.generation``), not on the store's fingerprint, which misses writes that leave the
    counts alone (a changed holding) and would serve a report from before them."""
    store = served.writable
    version = store_version(store) if counted(store) else ("executor", served.executor.generation)
    with _report_lock:
        return per_version(store, "validation-report", lambda: validate_all(store), version=version)


@router.get(
    "/validation/entity/{eid:path}",
    tags=["validation"],
    summary="Contradictions touching one entity",
    responses=ok(
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
def validation_entity(
    request: Request, served: ServedDep, eid: str, limit: Limit = 50, offset: Offset = 0
) -> Response:
    iri = Q.resolve("person", eid, served.base)
    return json_or_jsonld(
        request, Q.list_contradictions(served.store, entity=str(iri), limit=limit, offset=offset)
    )
