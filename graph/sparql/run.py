"""Running one query or update on a pyoxigraph store, with a cap on the serialized result size
(used in the query worker processes, and in-process)."""

from __future__ import annotations

import io
import re
from typing import Any

from graph.errors import NewsgraphError, QuerySyntaxError, StoreError
from graph.sparql.formats import DEFAULT_RESULT, GRAPH_MEDIA, RESULT_MEDIA, choose_media


class ResultTooLarge(NewsgraphError):
    """The serialized result passed the configured cap."""


class _CappedBuffer(io.RawIOBase):
    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        n = len(b)
        if len(self.buf) + n > self.cap:
            raise OSError(f"result larger than {self.cap} bytes")
        self.buf += b
        return n


def run_query(
    store: Any,
    sparql: str,
    accept: str | None,
    default_graph_uris: list[str] | None,
    named_graph_uris: list[str] | None,
    base_iri: str | None,
    max_bytes: int,
) -> tuple[bytes, str]:
    """Run ``sparql`` on a pyoxigraph store and serialize the answer, at most ``max_bytes``."""
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    try:
        if default_graph_uris:
            kwargs["default_graph"] = [
                ox.DefaultGraph() if u == "" else ox.NamedNode(u) for u in default_graph_uris
            ]
        elif named_graph_uris:
            kwargs["default_graph"] = [ox.DefaultGraph()]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        elif default_graph_uris:
            kwargs["named_graphs"] = []
    except ValueError as exc:
        raise QuerySyntaxError(f"bad graph IRI in the dataset parameters: {exc}") from exc
    if base_iri:
        kwargs["base_iri"] = base_iri
    try:
        res = store.query(sparql, **kwargs)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except ValueError as exc:  # a bad IRI in default-graph-uri and the like
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from exc
    out = _CappedBuffer(max_bytes)
    try:
        if isinstance(res, ox.QueryTriples):
            media = choose_media(accept, "graph")
            rdf_fmt = {
                "turtle": ox.RdfFormat.TURTLE,
                "ntriples": ox.RdfFormat.N_TRIPLES,
                "rdfxml": ox.RdfFormat.RDF_XML,
                "trig": ox.RdfFormat.TRIG,
                "nquads": ox.RdfFormat.N_QUADS,
                "jsonld": ox.RdfFormat.JSON_LD,
            }[GRAPH_MEDIA[media]]
            res.serialize(out, format=rdf_fmt)  # type: ignore[arg-type]
        else:
            media = choose_media(accept, "results")
            fmt = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }[RESULT_MEDIA[media]]
            if isinstance(res, ox.QueryBoolean) and fmt in (
                ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV,
            ):
                media, fmt = DEFAULT_RESULT, ox.QueryResultsFormat.JSON  # CSV/TSV cannot carry a boolean
            res.serialize(out, format=fmt)  # type: ignore[arg-type]
            if fmt == ox.QueryResultsFormat.XML and _XML_BAD.search(
                bytes(out.buf).decode("utf-8", "replace")
            ):
                raise NotRepresentable(
                    "the results hold control characters that XML 1.0 cannot carry; "
                    "ask for application/sparql-results+json"
                )
    except OSError as exc:
        if len(out.buf) + 1 > max_bytes or "larger than" in str(exc):
            raise ResultTooLarge(
                f"the result is larger than the cap of {max_bytes} bytes; narrow the query or add a LIMIT"
            ) from exc
        raise StoreError(f"query failed: {exc}") from exc
    return bytes(out.buf), media


class NotRepresentable(NewsgraphError):
    """The results cannot be written in the format asked for (406)."""


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def run_update(store: Any, sparql: str, base_iri: str | None) -> None:
    """Run a SPARQL Update on a writable pyoxigraph store, as one transaction."""
    try:
        store.update(sparql, base_iri=base_iri) if base_iri else store.update(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"update failed, nothing was written: {exc}") from exc
