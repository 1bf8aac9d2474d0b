"""Server configuration: explicit values, else NEWSGRAPH_* environment variables, else defaults."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from graph.config import DEFAULT_STORE, base_iri


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class ApiSettings:
    """What `newsgraph serve` and ``create_app`` need to know.

    Writing (SPARQL Update, Graph Store Protocol, ``POST /sources``) is off unless
    ``allow_updates`` is set, and then needs ``Authorization: Bearer <token>``.  ``owner_token`` is
    the token `newsgraph serve` leaves in ``<store>/.server.json`` (mode 0600) so that the other
    commands of the same user can write through the running server; it is accepted even when
    ``allow_updates`` is off.  ``open_writes_on_loopback`` lets loopback clients write with no
    token at all: for the W3C conformance run against a scratch store only, never a default."""

    store: str = DEFAULT_STORE
    base_iri: str = field(default_factory=base_iri)
    token: str | None = None
    allow_updates: bool = False
    owner_token: str | None = None
    open_writes_on_loopback: bool = False
    query_timeout_s: float = 30.0
    max_result_bytes: int = 50 * 1024 * 1024
    query_workers: int = 2
    max_body_bytes: int = 10 * 1024 * 1024
    cors_origins: list[str] = field(default_factory=list)
    allowed_hosts: list[str] = field(default_factory=list)  # Host headers served; empty: any
    public_url: str | None = None  # how clients reach us, when behind a proxy
    #: answer the REST read models from an in-memory copy of the store, kept up to date in the
    #: background (graph.serve.replica); a store on disk served by this app only
    memory_replica: bool = False
    #: processes answering reads (REST, pages, SPARQL queries); above 1, ``newsgraph serve`` runs one
    #: writing process and this many read processes over checkpoints of the store (api.processes)
    read_processes: int = 1

    @classmethod
    def from_env(cls, **overrides: Any) -> ApiSettings:
        """The settings the NEWSGRAPH_* variables give, with ``overrides`` (those not None) on top."""
        env = os.environ
        settings = cls(
            store=env.get("NEWSGRAPH_STORE", DEFAULT_STORE),
            token=env.get("NEWSGRAPH_API_TOKEN") or None,
            allow_updates=_flag("NEWSGRAPH_ALLOW_UPDATES"),
            query_timeout_s=float(env.get("NEWSGRAPH_QUERY_TIMEOUT", "30")),
            max_result_bytes=int(env.get("NEWSGRAPH_MAX_RESULT_BYTES", str(50 * 1024 * 1024))),
            query_workers=int(env.get("NEWSGRAPH_QUERY_WORKERS", "2")),
            max_body_bytes=int(env.get("NEWSGRAPH_MAX_BODY_BYTES", str(10 * 1024 * 1024))),
            cors_origins=[o.strip() for o in env.get("NEWSGRAPH_CORS_ORIGINS", "").split(",") if o.strip()],
            allowed_hosts=[h.strip() for h in env.get("NEWSGRAPH_ALLOWED_HOSTS", "").split(",") if h.strip()],
            public_url=env.get("NEWSGRAPH_PUBLIC_URL") or None,
            memory_replica=_flag("NEWSGRAPH_MEMORY_REPLICA"),
            read_processes=int(env.get("NEWSGRAPH_READ_PROCESSES", "1")),
        )
        return dataclasses.replace(settings, **{k: v for k, v in overrides.items() if v is not None})
