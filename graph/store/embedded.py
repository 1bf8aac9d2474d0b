"""Embedded Oxigraph: the store on disk (RocksDB), one writing process at a time."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef

from graph.errors import InputError, QuerySyntaxError, StoreBusyError, StoreError
from graph.sparql.formats import rdf_format
from graph.sparql.run import run_query
from graph.sparql.terms import to_rdflib
from graph.store.base import SelectResult, Store, first_line


class OxigraphStore(Store):
    """Embedded, on-disk Oxigraph (RocksDB).  One writing process at a time."""

    def __init__(self, path: str | Path | None, read_only: bool = False) -> None:
        self.location = str(path) if path else ":memory:"
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreBusyError(
                    f"the store at {path} is in use by another process (is `newsgraph serve` running?)"
                ) from exc
            raise StoreError(f"cannot open the store at {path}: {msg}") from exc
        self.read_only = read_only

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store, for code in graph/ that needs its speed."""
        return self._store

    def _query(
        self,
        sparql: str,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> Any:  # QuerySolutions, QueryBoolean or QueryTriples, as the query's form says
        kwargs: dict[str, Any] = {}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def query_raw(
        self,
        sparql: str,
        accept: str = "application/sparql-results+json",
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> tuple[bytes, str]:
        """The SPARQL endpoint's serializer and content negotiation (:func:`run_query`), uncapped."""
        return run_query(self._store, sparql, accept, default_graph_uris, named_graph_uris, None, 1 << 62)

    def select(self, sparql: str) -> SelectResult:
        res = self._query(sparql)
        if not isinstance(res, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        variables = [v.value for v in res.variables]
        rows = [{v: to_rdflib(sol[v]) for v in variables} for sol in res]
        return SelectResult(variables, rows)

    def ask(self, sparql: str) -> bool:
        res = self._query(sparql)
        if not isinstance(res, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(res)

    def construct(self, sparql: str) -> Graph:
        res = self._query(sparql)
        if not isinstance(res, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in res:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"update failed, nothing was written: {exc}") from exc

    def import_data(self, data: bytes, fmt: str, graph: URIRef | None = None) -> int:
        f = rdf_format(fmt)
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            quads = list(ox.parse(data, format=f.ox))
            if graph is not None:
                target = ox.NamedNode(str(graph))
                quads = [
                    ox.Quad(q.subject, q.predicate, q.object, target)
                    if isinstance(q.graph_name, ox.DefaultGraph)
                    else q
                    for q in quads
                ]
        except (SyntaxError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0]
            raise InputError(f"cannot parse {f.name} input: {first}") from exc
        try:
            self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"import failed, nothing was written: {exc}") from exc
        return len(quads)

    def import_file(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> int:
        """Bulk load (pyoxigraph ``bulk_load``: no transaction log, no whole-file buffer).

        Bulk loading is not transactional, so bad input must not reach a store holding data: into
        an empty store (a restore) the file is loaded at once and the store emptied again if the
        load fails; into a store holding data, a first streaming pass parses the whole file, and
        malformed input raises InputError before anything is written.  An I/O error in the second
        pass (a full disk) can then leave part of the file in the store; the error says so.
        Returns the number of quads read (for an empty store: the quads it then holds)."""
        f = rdf_format(fmt)
        fmt, ox_fmt = f.name, f.ox
        if graph is not None and f.dataset:
            # quad files whose default-graph quads go to --graph: parsed whole, in one transaction
            return super().import_file(path, fmt, graph)
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        to_graph = ox.NamedNode(str(graph)) if graph is not None else None
        if self._is_empty():
            # restoring into an empty store: load at once, and on bad input empty it again
            try:
                self._store.bulk_load(path=str(path), format=ox_fmt, to_graph=to_graph)
            except (SyntaxError, ValueError) as exc:
                self._store.clear()
                raise InputError(f"cannot parse {fmt} input: {first_line(exc)}") from exc
            except OSError as exc:
                self._store.clear()
                raise StoreError(f"bulk load of {path} failed, nothing was kept: {exc}") from exc
            return len(self._store)
        try:
            count = 0
            for _ in ox.parse(path=str(path), format=ox_fmt):
                count += 1
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"cannot parse {fmt} input: {first_line(exc)}") from exc
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        try:
            self._store.bulk_load(path=str(path), format=ox_fmt, to_graph=to_graph)
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(
                f"bulk load of {path} failed after the input was checked ({exc}); "
                "the store may hold part of the file: restore it from a backup or import again"
            ) from exc
        return count

    def _is_empty(self) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None)), None) is None

    def export(self, fmt: str, graph: URIRef | None = None) -> bytes:
        f = rdf_format(fmt)
        if f.name == "jsonld":
            # rdflib's JSON-LD writer: compact, with the graphs as @graph objects
            ds = self.to_dataset(graph)
            if graph is not None:
                return ds.graph(graph).serialize(format=f.rdflib).encode("utf-8")
            return ds.serialize(format=f.rdflib).encode("utf-8")
        if graph is not None:
            return self._store.dump(format=f.ox, from_graph=ox.NamedNode(str(graph))) or b""
        if not f.dataset:
            raise InputError(f"{f.name} holds one graph: name one with --graph, or use trig or nquads")
        return self._store.dump(format=f.ox) or b""

    def to_dataset(self, graph: URIRef | None = None) -> Dataset:
        ds = Dataset()
        pattern_graph = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, pattern_graph):
            g = to_rdflib(q.graph_name)
            target = ds.graph(g) if isinstance(g, URIRef) else ds.default_graph
            target.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return ds

    def count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store
