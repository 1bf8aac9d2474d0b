"""Graph Store HTTP Protocol operations, run through an executor."""

from __future__ import annotations

from typing import Any

from graph.errors import InputError
from graph.serve.executor import Executor
from graph.sparql.formats import PARSE_MEDIA
from graph.sparql.terms import iri_term, triples_block

DEFAULT_GRAPH_SENTINEL = ""  # in default_graph_uris: the store's own default graph


def exists(executor: Executor, iri: str | None) -> bool:
    if iri is None:  # the default graph always exists
        return True
    import json as _json

    body, _ = executor.query(f"ASK {{ GRAPH {iri_term(iri)} {{ }} }}", "application/sparql-results+json")
    return bool(_json.loads(body).get("boolean"))


def get(executor: Executor, iri: str | None, media: str) -> tuple[bytes, str]:
    """One graph (``iri``) or the store's default graph (None), serialized as ``media``."""
    target = [iri] if iri is not None else [DEFAULT_GRAPH_SENTINEL]
    return executor.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media, target, None)


def _parse(parts: list[tuple[bytes, str]], base: str | None) -> Any:
    from rdflib import Graph

    g = Graph()
    for data, media in parts:
        fmt = PARSE_MEDIA.get(media)
        if fmt is None:
            raise InputError(f"cannot read {media}")
        try:
            g.parse(data=data, format=fmt, publicID=base)
        except Exception as exc:  # rdflib raises many types; all mean the input is bad
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise InputError(f"cannot parse the {media} body: {first}") from exc
    return g


def _insert(iri: str | None, g: Any) -> str:

    if not len(g):
        return ""
    block = triples_block(g)
    return (
        f"INSERT DATA {{ GRAPH {iri_term(iri)} {{\n{block}\n}} }}" if iri else f"INSERT DATA {{\n{block}\n}}"
    )


def put(store: Any, executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Replace a graph (or the default graph) with the body, in one update."""
    g = _parse(parts, iri)
    ops = [f"DROP SILENT GRAPH {iri_term(iri)}" if iri else "DROP SILENT DEFAULT"]
    if iri:
        ops.append(f"CREATE SILENT GRAPH {iri_term(iri)}")
    if len(g):
        ops.append(_insert(iri, g))
    executor.update(" ;\n".join(ops))


def post(store: Any, executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Add the body to a graph (created when new) or to the default graph."""
    g = _parse(parts, iri)
    ops = [f"CREATE SILENT GRAPH {iri_term(iri)}"] if iri else []
    if len(g):
        ops.append(_insert(iri, g))
    if ops:
        executor.update(" ;\n".join(ops))


def delete(store: Any, executor: Executor, iri: str | None) -> None:
    executor.update(f"DROP GRAPH {iri_term(iri)}" if iri else "DROP SILENT DEFAULT")


def new_graph_iri(service_url: str) -> str:
    import uuid

    return f"{service_url}/{uuid.uuid4().hex}"
