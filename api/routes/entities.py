"""Persons, organisations, places and offices: search by name, one entity, an office's holders.

Entity lists and entities are served from the read cache (:func:`api.routes.common.cached_json`):
an entity lookup is hundreds of index look-ups, and the same few are asked again and again."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.routes.common import PAGE_EXAMPLE, Limit, Offset, Search, ServedDep, cached_json, found, ok
from graph.read import queries as Q

router = APIRouter()


def _list(kind: str, summary: str) -> Any:
    def handler(
        request: Request, served: ServedDep, q: Search = None, limit: Limit = 50, offset: Offset = 0
    ) -> Response:
        return cached_json(
            request,
            served,
            ("search", kind, q, limit, offset),
            lambda: Q.search_entities(served.store, kind, q, limit, offset, served.base),
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
        responses=ok(PAGE_EXAMPLE),
    )


@router.get(
    "/offices/{oid:path}/holders",
    tags=["entities"],
    summary="Holders of an office, on a date",
    responses=ok(
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
    served: ServedDep,
    oid: str,
    date: Annotated[
        str | None, Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD", examples=["2025-05-25"])
    ] = None,
) -> Response:
    iri = Q.resolve("office", oid, served.base)

    def compute() -> Any:
        office = found(Q.describe_entity(served.store, iri), f"office {oid}")
        return Q.office_holders(served.store, iri, date, described=office)

    return cached_json(request, served, ("holders", str(iri), date), compute)


def detail_route(router: APIRouter, kind: str, path: str) -> None:
    """``GET <path>/{eid}``: one entity of ``kind`` (a person with offices over time, events and
    claims), from the read cache."""

    def handler(request: Request, served: ServedDep, eid: str) -> Response:
        iri = Q.resolve(kind, eid, served.base)
        fn = Q.get_person if kind == "person" else Q.get_entity
        return cached_json(
            request,
            served,
            ("entity", kind, str(iri)),
            lambda: found(fn(served.store, iri, served.base), f"{kind} {eid}"),
        )

    handler.__name__ = f"get_{kind}"
    router.add_api_route(
        path + "/{eid:path}",
        handler,
        methods=["GET"],
        tags=["entities"],
        summary=f"One {kind}"
        + (
            " with offices over time, events and claims, each with sources and evidence"
            if kind == "person"
            else ""
        ),
        responses=ok({"iri": f"https://w3id.org/newsgraph/id/{kind}/example", "name": "...", "types": []}),
    )


for _kind, _path in [
    ("person", "/persons"),
    ("organization", "/organizations"),
    ("place", "/places"),
    ("office", "/offices"),
]:
    detail_route(router, _kind, _path)
