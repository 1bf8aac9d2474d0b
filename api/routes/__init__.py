"""The REST API, one router per resource (``api.app.create_app`` includes them in this order, which
is the order of the paths in the OpenAPI description).

Every handler gets its store through the one dependency :func:`api.routes.common.served`, only
parses the request and formats the response: the read models and their SPARQL are in
``graph/read/``.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.routes import entities, events, ids, ingest, meta, sources, validation

ROUTERS: list[APIRouter] = [
    sources.router,
    ingest.router,
    entities.router,
    events.router,
    validation.router,
    meta.router,
    ids.router,
]
