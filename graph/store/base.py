"""The store interface both backends implement, and what it returns."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import InputError
from graph.sparql.formats import rdf_format
from graph.sparql.terms import replace_graphs_update, sparql_term


@dataclass
class SelectResult:
    """Rows of a SELECT query, each a dict from variable name to an rdflib term (None if unbound)."""

    variables: list[str]
    rows: list[dict[str, Node | None]]

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


# ---------------------------------------------------------------------------------------------
# The interface
# ---------------------------------------------------------------------------------------------


class Store(ABC):
    """What every backend offers."""

    location: str

    # -- reading
    @abstractmethod
    def query_raw(
        self,
        sparql: str,
        accept: str = "application/sparql-results+json",
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> tuple[bytes, str]:
        """Run any query form; return serialized results and their media type."""

    @abstractmethod
    def select(self, sparql: str) -> SelectResult: ...

    @abstractmethod
    def ask(self, sparql: str) -> bool: ...

    @abstractmethod
    def construct(self, sparql: str) -> Graph: ...

    @abstractmethod
    def graphs(self) -> list[URIRef]: ...

    @abstractmethod
    def export(self, fmt: str, graph: URIRef | None = None) -> bytes:
        """Serialize the whole dataset (dataset formats) or one graph."""

    # -- writing
    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update as one transaction (one request on a remote store)."""

    @abstractmethod
    def import_data(self, data: bytes, fmt: str, graph: URIRef | None = None) -> int:
        """Parse and add RDF atomically; malformed input raises InputError and adds nothing.

        Returns the number of quads added."""

    def import_file(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> int:
        """Import an RDF file: the whole file is checked before anything is written, so malformed
        input raises InputError and adds nothing.  Stores override this with a faster path for
        large files (bulk load, chunked uploads).  Returns the number of quads read."""
        return self.import_data(Path(path).read_bytes(), fmt, graph)

    def replace_graphs(self, replace: dict[URIRef, Graph], add: dict[URIRef, Graph] | None = None) -> None:
        """Replace some named graphs and add to others, all in one transaction."""
        self.update(replace_graphs_update(replace, add))

    def drop_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {sparql_term(graph)}")

    def count(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        n = res.rows[0]["n"] if res.rows else None
        return int(n) if isinstance(n, Literal) else 0

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_dataset(data: bytes, fmt: str, graph: URIRef | None) -> Dataset:
    """Parse RDF with rdflib (the formats pyoxigraph does not read, and a remote store's imports).

    Triples without a graph go into ``graph``, else the default graph."""
    ds = Dataset()
    f = rdf_format(fmt)
    try:
        if f.dataset and graph is None:
            ds.parse(data=data, format=f.rdflib)
        else:
            target = ds.graph(graph) if graph is not None else ds.default_graph
            target.parse(data=data, format=f.rdflib)
    except Exception as exc:  # rdflib raises many types; all mean the input is bad
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot parse {fmt} input: {first}") from exc
    return ds


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (parsers put the position there), or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
