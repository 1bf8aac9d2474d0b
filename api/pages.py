"""Exploration pages (HTML under ``/ui/``) and the actor-network JSON API (``/network``).

Handlers only parse the request and render: the view models and their SPARQL are in
``graph/read/pages.py`` and ``graph/network/views.py``.  The store comes from the one dependency
every route uses, :func:`api.routes.common.served` (the memory replica while it is up to date, else
the app's store).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from api.routes.common import served
from api.templating import templates
from graph.errors import InputError, NewsgraphError
from graph.network import views as network_views
from graph.read import pages as views

HERE = Path(__file__).resolve().parent
ASSETS = HERE / "static" / "pages"
VENDOR = HERE / "static" / "vendor"

router = APIRouter()


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _render(request: Request, name: str, build: Any, title: str | None = None) -> HTMLResponse:
    """Build a view model and render it; library errors become an HTML error page."""
    try:
        view = build()
    except views.NotFound as exc:
        return _page(request, "error.html", {"title": "Not found", "message": str(exc)}, 404)
    except InputError as exc:
        return _page(request, "error.html", {"title": "Cannot show that", "message": str(exc)}, 400)
    except NewsgraphError as exc:
        return _page(request, "error.html", {"title": "The store failed", "message": str(exc)}, 503)
    return _page(request, name, {"v": view, "title": title or view.get("name") or view.get("headline") or ""})


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


# ---------------------------------------------------------------------------------------------
# JSON: the actor network
# ---------------------------------------------------------------------------------------------


@router.get("/network", tags=["network"], summary="The actor network as nodes and links")
def network_json(
    request: Request,
    start: str | None = Query(None, description="Only facts on or after this date (YYYY[-MM[-DD]])"),
    end: str | None = Query(None, description="Only facts on or before this date"),
    event_type: str | None = Query(None, description="Only co-participation in events of this type"),
    center: str | None = Query(None, description="An actor (IRI, slug or name): only its neighbourhood"),
    radius: int = Query(1, ge=1, le=3),
    limit: int = Query(150, ge=1, le=5000, description="Most nodes in a neighbourhood"),
    facts: bool = Query(False, description="List each link's facts"),
    reference: bool = Query(
        True, description="Also the links only the reference data records (office holdings it cites)"
    ),
) -> JSONResponse:
    store = served(request).store
    try:
        data = network_views.network_data(
            store,
            _blank(start),
            _blank(end),
            _blank(event_type),
            center=center,
            radius=radius,
            limit=limit,
            with_facts=facts,
            reference=reference,
        )
    except InputError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse(data)


@router.get("/network/path", tags=["network"], summary="Shortest evidence path between two actors")
def network_path_json(
    request: Request,
    from_: str = Query(..., alias="from", description="An actor: IRI, slug, name or alias"),
    to: str = Query(..., description="Another actor"),
    start: str | None = Query(None),
    end: str | None = Query(None),
    event_type: str | None = Query(None),
    reference: bool = Query(True, description="Also the links only the reference data records"),
) -> JSONResponse:
    store = served(request).store
    try:
        data = network_views.path_view(
            store, from_, to, _blank(start), _blank(end), _blank(event_type), reference=reference
        )
    except InputError as exc:
        return JSONResponse({"error": str(exc)}, status_code=400)
    return JSONResponse(data)


# ---------------------------------------------------------------------------------------------
# HTML pages
# ---------------------------------------------------------------------------------------------


@router.get("/ui", include_in_schema=False)
def ui_root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=308)


@router.get("/ui/", response_class=HTMLResponse, tags=["pages"], summary="Home page with search")
def home_page(request: Request, q: str | None = None) -> HTMLResponse:
    store = served(request).store

    def build() -> dict[str, Any]:
        view = views.home(store)
        view["q"] = q or ""
        view["results"] = views.search(store, q) if q else None
        try:
            view["top"] = network_views.network_view(store, top=10)["top"]
        except NewsgraphError:
            view["top"] = []
        return view

    return _render(request, "home.html", build, title="newsgraph")


@router.get(
    "/ui/search", response_class=HTMLResponse, tags=["pages"], summary="Search entities, events, sources"
)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    store = served(request).store
    return _render(
        request, "search.html", lambda: {"q": q, "results": views.search(store, q)}, title=f"Search: {q}"
    )


@router.get("/ui/network", response_class=HTMLResponse, tags=["pages"], summary="The actor network")
def network_page(
    request: Request,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    reference: bool = Query(False, description="Also the links only the reference data records"),
) -> HTMLResponse:
    store = served(request).store
    s, e, t = _blank(start), _blank(end), _blank(event_type)

    def build() -> dict[str, Any]:
        view = dict(network_views.network_view(store, s, e, t, reference=reference))  # shared: copy
        query = {k: v for k, v in (("start", s), ("end", e), ("event_type", t)) if v}
        view["json_url"] = "/network?" + urlencode({**query, "reference": str(reference).lower()})
        view["toggle_url"] = "/ui/network?" + urlencode(
            {**query, **({} if reference else {"reference": "true"})}
        )
        return view

    return _render(request, "network.html", build, title="Actor network")


@router.get("/ui/network/path", response_class=HTMLResponse, tags=["pages"], summary="Evidence path")
def path_page(
    request: Request,
    from_: str = Query("", alias="from"),
    to: str = "",
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    reference: bool = True,
) -> HTMLResponse:
    store = served(request).store
    if not from_.strip() or not to.strip():
        return _page(request, "error.html", {"title": "Evidence path", "message": "name two actors"}, 400)
    return _render(
        request,
        "path.html",
        lambda: network_views.path_view(
            store, from_, to, _blank(start), _blank(end), _blank(event_type), reference=reference
        ),
        title="Evidence path",
    )


@router.get(
    "/ui/graph/{kind}/{slug}",
    response_class=HTMLResponse,
    tags=["pages"],
    summary="Interactive view of an entity's neighbourhood",
)
def graph_page(request: Request, kind: str, slug: str, reference: bool = False) -> HTMLResponse:
    store = served(request).store

    def build() -> dict[str, Any]:
        iri = views.entity_iri_from(kind, slug)
        nm = views.names(store, [iri])
        if str(iri) not in nm:
            raise views.NotFound(f"nothing is known about {iri}")
        try:
            around = network_views.network_data(store, center=str(iri), reference=reference)
        except InputError:  # an entity that is no actor (a place, an office): nobody is linked
            around = {"nodes": []}
        return {
            "iri": str(iri),
            "name": nm[str(iri)],
            "kind": kind,
            "slug": slug,
            "page_url": views.ui_path(iri),
            "json_url": "/network?"
            + urlencode({"center": str(iri), "radius": 1, "reference": str(reference).lower()}),
            "reference": reference,
            "toggle_url": f"/ui/graph/{kind}/{slug}" + ("" if reference else "?reference=true"),
            "neighbours": sorted(
                (
                    {**n, "graph_url": (n["url"] or "").replace("/ui/", "/ui/graph/", 1)}
                    for n in around["nodes"]
                    if n["id"] != str(iri)
                ),
                key=lambda n: n["name"].lower(),
            ),
        }

    return _render(request, "graph.html", build)


@router.get(
    "/ui/validation", response_class=HTMLResponse, tags=["pages"], summary="Curators' validation report"
)
def validation_page(
    request: Request,
    rule: str | None = None,
    severity: str | None = None,
    entity: str | None = None,
    source: str | None = None,
) -> HTMLResponse:
    store = served(request).store
    return _render(
        request,
        "validation.html",
        lambda: views.validation_view(store, _blank(rule), _blank(severity), _blank(entity), _blank(source)),
        title="Validation report",
    )


@router.get("/ui/event/{slug}", response_class=HTMLResponse, tags=["pages"], summary="Event page")
def event_page(request: Request, slug: str) -> HTMLResponse:
    store = served(request).store
    return _render(request, "event.html", lambda: views.event_view(store, slug))


@router.get("/ui/source/{sid}", response_class=HTMLResponse, tags=["pages"], summary="Source (article) page")
def source_page(request: Request, sid: str) -> HTMLResponse:
    store = served(request).store
    return _render(request, "source.html", lambda: views.source_view(store, sid))


def _file(folder: Path, name: str) -> FileResponse:
    path = (folder / name).resolve()
    if not path.is_file() or folder.resolve() not in path.parents:
        raise HTTPException(404, "no such asset")
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=300"})


@router.get("/ui/assets/{name:path}", include_in_schema=False)
def asset(name: str) -> Response:
    return _file(ASSETS, name)


@router.get("/ui/vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    """The bundled front-end libraries (api/static/vendor/README.md); the npm folder is not served."""
    return _file(VENDOR, name)


@router.get(
    "/ui/{kind}/{slug}",
    response_class=HTMLResponse,
    tags=["pages"],
    summary="Person, organisation, collective, place or office page",
)
def entity_page(request: Request, kind: str, slug: str) -> HTMLResponse:
    store = served(request).store
    return _render(request, "entity.html", lambda: views.entity_view(store, kind, slug))
