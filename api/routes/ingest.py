"""Ingesting an article sent by a client (``POST /sources``, bearer token required)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.negotiate import json_or_jsonld
from api.routes.common import ServedDep
from api.security import require_write
from graph.ingest.pipeline import ingest
from graph.model import Article

router = APIRouter()


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
def ingest_source(request: Request, served: ServedDep, article: Annotated[ArticleIn, Body()]) -> Response:
    require_write(request)
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
    try:
        report = ingest([art], served.writable, workers=1, progress=False, validate=True)
    finally:
        served.executor.changed()
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
