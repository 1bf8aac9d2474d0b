"""Articles: the list, and one article with what was extracted from it (``/sources``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.negotiate import json_or_jsonld
from api.routes.common import Limit, Offset, ServedDep, found, ok
from graph.read import queries as Q

router = APIRouter()


@router.get(
    "/sources",
    tags=["sources"],
    summary="List ingested articles",
    responses=ok(
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
def sources(request: Request, served: ServedDep, limit: Limit = 50, offset: Offset = 0) -> Response:
    return json_or_jsonld(request, Q.list_sources(served.store, limit, offset, served.base))


@router.get(
    "/sources/{sid}",
    tags=["sources"],
    summary="One article with its extracted facts and validation results",
    responses=ok(
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
def source(request: Request, served: ServedDep, sid: str) -> Response:
    iri = Q.resolve("source", sid, served.base)
    return json_or_jsonld(request, found(Q.get_source(served.store, iri, served.base), f"source {sid}"))
