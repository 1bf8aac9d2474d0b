"""Content negotiation for REST and entity responses: the request-facing side of
:func:`graph.sparql.formats.negotiate` (the one negotiator), and JSON or JSON-LD bodies."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from graph.read.queries import JSONLD_CONTEXT
from graph.sparql.formats import negotiate


def best(request: Request, offers: list[str], default: str | None = None) -> str:
    """The offer the request's Accept header prefers, else ``default`` (``offers[0]`` when None)."""
    return negotiate(request.headers.get("accept"), offers, default)


def json_or_jsonld(
    request: Request, data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """JSON by default; JSON-LD (the same document with an @context) on ``Accept: application/ld+json``."""
    media = best(request, ["application/json", "application/ld+json"], "application/json")
    if media == "application/ld+json" and isinstance(data, dict):
        data = {"@context": JSONLD_CONTEXT, **data}
    body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    return Response(body, status_code=status, media_type=media, headers=headers)
