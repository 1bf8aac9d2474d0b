"""Dereferencing entity IRIs (``/id/...``): HTML, RDF or JSON by content negotiation."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.negotiate import best, json_or_jsonld
from api.routes.common import ERRORS, ServedDep
from api.templating import templates
from graph.read import queries as Q
from graph.sparql.formats import RDF_MEDIA

router = APIRouter()

DEREF_MEDIA = ["application/json", "text/html", *RDF_MEDIA]


@router.get(
    "/id/{path:path}",
    tags=["meta"],
    summary="Dereference an entity IRI (HTML, RDF or JSON)",
    responses={200: {"content": {m: {} for m in DEREF_MEDIA}}, 404: ERRORS[404]},
)
def dereference(request: Request, served: ServedDep, path: str) -> Response:
    base = served.base
    iri = Q.from_path(path, base)
    store = served.store
    media = best(request, DEREF_MEDIA, "application/json")
    if media in RDF_MEDIA:
        g = Q.describe_graph(store, iri)
        if not len(g):
            raise HTTPException(404, f"nothing is known about {iri}")
        fmt = RDF_MEDIA[media]
        if fmt == "nquads":
            fmt = "nt"
        for prefix, ns in (
            ("ng", Q.NG_IRI),
            ("id", base),
            ("schema", "https://schema.org/"),
            ("prov", "http://www.w3.org/ns/prov#"),
            ("oa", "http://www.w3.org/ns/oa#"),
        ):
            g.bind(prefix, ns)
        return Response(
            g.serialize(format=fmt, encoding="utf-8"), media_type=media, headers={"Vary": "Accept"}
        )
    kind = path.split("/", 1)[0]
    if kind == "source" and path.count("/") == 1:
        data = Q.get_source(store, iri, base)
    elif kind == "person":
        data = Q.get_person(store, iri, base)
    else:
        data = Q.get_entity(store, iri, base)
    if data is None:
        g = Q.describe_graph(store, iri)
        if not len(g):
            raise HTTPException(404, f"nothing is known about {iri}")
        data = {"iri": str(iri), "statements": [[str(p), str(o)] for _s, p, o in g]}
    if media == "text/html":
        title = str(data.get("name") or data.get("headline") or data.get("iri"))
        page = templates.get_template("rest_entity.html").render(title=title, data=data)
        return HTMLResponse(page, headers={"Vary": "Accept"})
    return json_or_jsonld(request, data, headers={"Vary": "Accept"})
