"""Graph Store HTTP Protocol operations, run through an executor.

Reads are CONSTRUCT queries and writes are SPARQL Updates, so the Graph Store goes through the same
executor as the SPARQL endpoint: the same time limit and result cap, and every write bumps the
executor's write counter that the caches key on.  Request bodies are parsed with rdflib (the
formats are :data:`graph.sparql.formats.BODY_MEDIA`) and written as one INSERT DATA."""

from __future__ import annotations

import json
import uuid

from rdflib import Graph

from graph.errors import InputError
from graph.serve.executor import Executor
from graph.sparql.formats import BODY_MEDIA
from graph.sparql.terms import iri_term, triples_block

DEFAULT_GRAPH_SENTINEL = ""  # in default_graph_uris: the store's own default graph


def exists(executor: Executor, iri: str | None) -> bool:
    """True for a graph the store holds (empty graphs included), and always for the default graph."""
    if iri is None:
        return True
    body, _ = executor.query(f"ASK {{ GRAPH {iri_term(iri)} {{ }} }}", "application/sparql-results+json")
    return bool(json.loads(body).get("boolean"))


def get(executor: Executor, iri: str | None, media: str) -> tuple[bytes, str]:
    """One graph (``iri``) or the store's default graph (None), serialized as ``media``."""
    target = [iri] if iri is not None else [DEFAULT_GRAPH_SENTINEL]
    return executor.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media, target, None)


def _parse(parts: list[tuple[bytes, str]], base: str | None) -> Graph:
    """All parts of a request body (one, or several for a multipart form) as one rdflib graph."""
    g = Graph()
    for data, media in parts:
        fmt = BODY_MEDIA.get(media)
        if fmt is None:
            raise InputError(f"cannot read {media}")
        try:
            g.parse(data=data, format=fmt.rdflib, publicID=base)
        except Exception as exc:  # rdflib raises many types; all mean the input is bad
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise InputError(f"cannot parse the {media} body: {first}") from exc
    return g


def _insert(iri: str | None, g: Graph) -> str:
    if not len(g):
        return ""
    block = triples_block(g)
    return (
        f"INSERT DATA {{ GRAPH {iri_term(iri)} {{\n{block}\n}} }}" if iri else f"INSERT DATA {{\n{block}\n}}"
    )


def put(executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Replace a graph (or the default graph) with the body, in one update."""
    g = _parse(parts, iri)
    ops = [f"DROP SILENT GRAPH {iri_term(iri)}" if iri else "DROP SILENT DEFAULT"]
    if iri:
        ops.append(f"CREATE SILENT GRAPH {iri_term(iri)}")
    if len(g):
        ops.append(_insert(iri, g))
    executor.update(" ;\n".join(ops))


def post(executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Add the body to a graph (created when new) or to the default graph."""
    g = _parse(parts, iri)
    ops = [f"CREATE SILENT GRAPH {iri_term(iri)}"] if iri else []
    if len(g):
        ops.append(_insert(iri, g))
    if ops:
        executor.update(" ;\n".join(ops))


def delete(executor: Executor, iri: str | None) -> None:
    """Drop a graph, or empty the default graph."""
    executor.update(f"DROP GRAPH {iri_term(iri)}" if iri else "DROP SILENT DEFAULT")


def new_graph_iri(service_url: str) -> str:
    """A fresh graph IRI under the Graph Store's URL (POST without a target creates one)."""
    return f"{service_url}/{uuid.uuid4().hex}"
