"""Where things are (``/``) and what the store holds (``/stats``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from api.negotiate import json_or_jsonld
from api.routes.common import ServedDep, ok
from graph import __version__
from graph.read import queries as Q

router = APIRouter()


@router.get(
    "/",
    tags=["meta"],
    summary="Where things are: the SPARQL endpoint, the API description, the pages",
    responses=ok(
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
    responses=ok(
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
def stats(request: Request, served: ServedDep) -> Response:
    found = Q.stats(served.store)
    replica = served.state.replica
    if replica is not None:  # serve --memory-replica
        found["memoryReplica"] = replica.status()
    return json_or_jsonld(request, found)
