"""Who may write: bearer tokens compared in constant time, and the switch that turns writing on."""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import HTTPException, Request

from api.settings import ApiSettings


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _matches(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("testclient", "localhost")


def require_write(request: Request) -> None:
    """Raise 403 when writing is off, 401 without a valid bearer token; return when allowed."""
    settings: ApiSettings = request.app.state.settings
    given = _bearer(request)
    if _matches(given, settings.owner_token):
        return
    if not settings.allow_updates:
        raise HTTPException(403, "writing is disabled on this server (start it with --allow-updates)")
    if settings.open_writes_on_loopback and _loopback(request):
        return
    if _matches(given, settings.token):
        return
    raise HTTPException(
        401,
        "writing needs a valid bearer token (Authorization: Bearer <token>)",
        headers={"WWW-Authenticate": 'Bearer realm="newsgraph"'},
    )
