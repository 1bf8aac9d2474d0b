"""Content negotiation for REST and entity responses."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from graph.read.queries import JSONLD_CONTEXT
from graph.sparql.formats import parse_accept

RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def best(request: Request, offers: list[str], default: str | None = None) -> str:
    """The offer the client prefers (q-values, then order of ``offers``), else ``default``."""
    for media, _q in parse_accept(request.headers.get("accept")):
        if media == "*/*":
            return default or offers[0]
        if media in offers:
            return media
        if media.endswith("/*"):
            for o in offers:
                if o.startswith(media[:-1]):
                    return o
    return default or offers[0]


def json_or_jsonld(
    request: Request, data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """JSON by default; JSON-LD (the same document with an @context) on ``Accept: application/ld+json``."""
    media = best(request, ["application/json", "application/ld+json"], "application/json")
    if media == "application/ld+json" and isinstance(data, dict):
        data = {"@context": JSONLD_CONTEXT, **data}
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return Response(body, status_code=status, media_type=media, headers=headers)
