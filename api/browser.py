"""Browsers asking the REST routes get the matching page.

`GET /persons?q=Zelensky` answers JSON to apps and, to a browser (an Accept header that prefers
HTML, as browsers send), a redirect to the search page; `GET /persons/{id}`, `/events/{id}` and
`/sources/{id}` lead to the entity, event and source pages.  Apps that ask for JSON (or send no
Accept header, or `*/*`) are never redirected.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, urlencode

from starlette.types import ASGIApp, Receive, Scope, Send

from graph.sparql.formats import parse_accept

LISTS = {"/persons", "/organizations", "/places", "/offices"}
DETAILS = {"persons": "person", "organizations": "organization", "places": "place", "offices": "office"}


def wants_html(accept: str | None) -> bool:
    """True when text/html is explicitly asked for and ranks at least as high as any JSON."""
    ranked = parse_accept(accept)
    html = max((q for m, q in ranked if m == "text/html"), default=0.0)
    json_q = max((q for m, q in ranked if "json" in m), default=0.0)
    return html > 0 and html >= json_q


def page_for(path: str, query: dict[str, str]) -> str | None:
    """The /ui/ page that shows what a REST GET returns, or None."""
    if path == "/":
        return "/ui/"
    if path in LISTS:
        return "/ui/search?" + urlencode({"q": query.get("q", "")})
    if path in ("/sources", "/events"):
        return "/ui/"
    parts = path.strip("/").split("/")
    if len(parts) < 2 or not parts[-1]:
        return None
    slug = quote(parts[-1], safe="-_.~")
    if parts[0] in DETAILS and not path.endswith("/holders"):
        return f"/ui/{DETAILS[parts[0]]}/{slug}"
    if parts[0] == "events":
        return f"/ui/event/{slug}"
    if parts[0] == "sources" and len(parts) == 2:
        return f"/ui/source/{slug}"
    return None


class BrowserRedirectMiddleware:
    """303 to the page for browsers; everything else passes through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
            if wants_html(headers.get("accept")):
                qs = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
                if "format" not in qs:
                    target = page_for(scope["path"], qs)
                    if target is not None:
                        await send(
                            {
                                "type": "http.response.start",
                                "status": 303,
                                "headers": [
                                    (b"location", target.encode("latin-1")),
                                    (b"content-length", b"0"),
                                ],
                            }
                        )
                        await send({"type": "http.response.body", "body": b""})
                        return
        await self.app(scope, receive, send)
