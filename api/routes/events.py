"""Events (one, or a list by type, date, place and participant) and claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.negotiate import json_or_jsonld
from api.routes.common import Limit, Offset, ServedDep, ok
from api.routes.entities import detail_route
from graph.read import queries as Q

router = APIRouter()

detail_route(router, "event", "/events")


@router.get(
    "/events",
    tags=["events"],
    summary="Events by type, date, place and participant",
    responses=ok(
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
    served: ServedDep,
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
            served.store,
            type,
            date_from,
            date_to,
            place,
            participant,
            limit=limit,
            offset=offset,
            base=served.base,
        ),
    )


@router.get(
    "/claims",
    tags=["events"],
    summary="Claims by speaker, subject and source",
    responses=ok(
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
    served: ServedDep,
    speaker: Annotated[str | None, Query(max_length=2000, description="Claimant id or IRI")] = None,
    about: Annotated[
        str | None, Query(max_length=2000, description="Event id or IRI the claim is about")
    ] = None,
    source: Annotated[str | None, Query(max_length=2000, description="Source id or IRI")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    return json_or_jsonld(
        request, Q.list_claims(served.store, speaker, about, source, limit, offset, served.base)
    )
