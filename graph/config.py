"""Configuration: environment variables with defaults, read in one place.

Every setting can also be passed explicitly (the CLI's ``--store`` option, the API's settings);
the environment is the fallback so that a shell, a service unit or a test can set it once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_STORE = "./data/store"
DEFAULT_BASE_IRI = "https://w3id.org/newsgraph/id/"


def project_root() -> Path:
    """The folder holding ``ontology/`` and ``shapes/`` (the repository root)."""
    return Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """The shared material (sample corpus, gold facts, W3C test suites): ``NEWSGRAPH_SHARED``, else
    ``../shared`` beside the project, else ``../shared`` beside the repository this one was cloned
    from when that is a folder on this machine (a clone made in a temporary folder); None if none
    of them exists."""
    env = os.environ.get("NEWSGRAPH_SHARED")
    if env:
        return Path(env) if Path(env).is_dir() else None
    here = project_root().parent / "shared"
    if here.is_dir():
        return here
    import subprocess

    try:
        origin = subprocess.run(
            ["git", "-C", str(project_root()), "config", "--get", "remote.origin.url"],
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    origin = origin.removeprefix("file://")
    if origin and "://" not in origin and Path(origin).is_dir():
        beside = Path(origin).resolve().parent / "shared"
        if beside.is_dir():
            return beside
    return None


def reference_dir() -> Path:
    return Path(os.environ.get("NEWSGRAPH_REFERENCE_DIR", project_root() / "reference"))


def base_iri() -> str:
    """Base IRI under which entity, source and graph IRIs are minted (ends with '/')."""
    base = os.environ.get("NEWSGRAPH_BASE_IRI", DEFAULT_BASE_IRI)
    return base if base.endswith("/") else base + "/"


def validate_workers() -> int:
    """Processes a full validation pass may use (``NEWSGRAPH_VALIDATE_WORKERS``; default: the
    CPUs this process may run on, at most 4)."""
    value = os.environ.get("NEWSGRAPH_VALIDATE_WORKERS")
    if value:
        try:
            n = int(value)
        except ValueError:
            from graph.errors import InputError

            raise InputError(f"NEWSGRAPH_VALIDATE_WORKERS must be a whole number, not {value!r}") from None
        return max(1, n)
    return max(
        1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    )


DEFAULT_EXTRACT_BUDGET = 20.0  # seconds of extraction per article


def extract_budget() -> float | None:
    """Seconds of extraction (CPU time of the extracting thread) one article may take before it is
    reported as failed (``NEWSGRAPH_EXTRACT_BUDGET``; default 20; 0 or "none" for no limit)."""
    value = os.environ.get("NEWSGRAPH_EXTRACT_BUDGET")
    if value is None or not value.strip():
        return DEFAULT_EXTRACT_BUDGET
    if value.strip().lower() in {"none", "off", "0"}:
        return None
    try:
        seconds = float(value)
    except ValueError:
        from graph.errors import InputError

        raise InputError(f"NEWSGRAPH_EXTRACT_BUDGET must be a number of seconds, not {value!r}") from None
    if seconds != seconds or seconds < 0:  # NaN or negative
        from graph.errors import InputError

        raise InputError(f"NEWSGRAPH_EXTRACT_BUDGET must be a positive number of seconds, not {value!r}")
    return seconds or None


@dataclass
class StoreSettings:
    """Where the graph lives: a folder (embedded Oxigraph) or a SPARQL 1.1 server URL."""

    location: str = DEFAULT_STORE
    query_path: str = "/query"
    update_path: str = "/update"
    store_path: str = "/store"
    token: str | None = None
    timeout_s: float = 30.0
    extra_headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    @classmethod
    def from_env(cls, location: str | None = None) -> StoreSettings:
        env = os.environ
        return cls(
            location=location or env.get("NEWSGRAPH_STORE", DEFAULT_STORE),
            query_path=env.get("NEWSGRAPH_QUERY_PATH", "/query"),
            update_path=env.get("NEWSGRAPH_UPDATE_PATH", "/update"),
            store_path=env.get("NEWSGRAPH_STORE_PATH", "/store"),
            token=env.get("NEWSGRAPH_STORE_TOKEN") or None,
            timeout_s=float(env.get("NEWSGRAPH_STORE_TIMEOUT", "30")),
        )
