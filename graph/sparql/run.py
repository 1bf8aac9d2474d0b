"""Running one query or update on a pyoxigraph store, with a cap on the serialized result size.

The one place a SPARQL answer is written: the query worker processes (graph/serve/worker.py), the
in-process executor and ``OxigraphStore.query_raw`` all call :func:`run_query`, so content
negotiation, the dataset parameters and the size cap behave the same everywhere.

Sections: errors, the capped buffer, running a query, running an update.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graph.errors import NewsgraphError, QuerySyntaxError, StoreError
from graph.sparql.formats import DEFAULT_RESULT, RESULTS, RdfFormat, answer_format, choose_media

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


class ResultTooLarge(NewsgraphError):
    """The serialized result passed the configured cap."""


class NotRepresentable(NewsgraphError):
    """The results cannot be written in the format asked for (406)."""


#: characters XML 1.0 cannot carry, even escaped
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# ---------------------------------------------------------------------------------------------
# The capped buffer
# ---------------------------------------------------------------------------------------------


class _CappedBuffer(io.BytesIO):
    """A buffer that refuses to grow past ``cap`` bytes, which stops the serializer writing into it."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap

    def write(self, b: ReadableBuffer) -> int:
        if self.tell() + memoryview(b).nbytes > self.cap:
            raise OSError(f"result larger than {self.cap} bytes")
        return super().write(b)


# ---------------------------------------------------------------------------------------------
# Running a query
# ---------------------------------------------------------------------------------------------


def _dataset(default_graph_uris: list[str] | None, named_graph_uris: list[str] | None) -> dict[str, Any]:
    """pyoxigraph's query keywords for the protocol's ``default-graph-uri`` / ``named-graph-uri``.

    Neither given: the default graph is the union of all graphs.  ``""`` in ``default_graph_uris``
    names the store's own default graph (the Graph Store Protocol's ``?default``)."""
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
    return kwargs


def run_query(
    store: ox.Store,
    sparql: str,
    accept: str | None,
    default_graph_uris: list[str] | None,
    named_graph_uris: list[str] | None,
    base_iri: str | None,
    max_bytes: int,
) -> tuple[bytes, str]:
    """Run ``sparql`` on a pyoxigraph store and serialize the answer, at most ``max_bytes``.

    Returns the body and its media type, negotiated from ``accept``
    (:func:`graph.sparql.formats.choose_media`).  A boolean asked for as CSV or TSV (which cannot
    carry one) is answered in JSON."""
    kwargs = _dataset(default_graph_uris, named_graph_uris)
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
            rdf = answer_format(media)
            assert isinstance(rdf, RdfFormat)
            res.serialize(out, format=rdf.ox)
        else:
            media = choose_media(accept, "results")
            fmt = answer_format(media).ox
            assert isinstance(fmt, ox.QueryResultsFormat)
            if isinstance(res, ox.QueryBoolean) and fmt in (
                ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV,
            ):
                media, fmt = DEFAULT_RESULT, RESULTS["json"].ox  # CSV/TSV cannot carry a boolean
            res.serialize(out, format=fmt)
            if fmt == ox.QueryResultsFormat.XML and _XML_BAD.search(
                out.getvalue().decode("utf-8", "replace")
            ):
                raise NotRepresentable(
                    "the results hold control characters that XML 1.0 cannot carry; "
                    "ask for application/sparql-results+json"
                )
    except OSError as exc:
        if out.tell() + 1 > max_bytes or "larger than" in str(exc):
            raise ResultTooLarge(
                f"the result is larger than the cap of {max_bytes} bytes; narrow the query or add a LIMIT"
            ) from exc
        raise StoreError(f"query failed: {exc}") from exc
    return out.getvalue(), media


# ---------------------------------------------------------------------------------------------
# Running an update
# ---------------------------------------------------------------------------------------------


def run_update(store: ox.Store, sparql: str, base_iri: str | None) -> None:
    """Run a SPARQL Update on a writable pyoxigraph store, as one transaction."""
    try:
        store.update(sparql, base_iri=base_iri) if base_iri else store.update(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"update failed, nothing was written: {exc}") from exc
