"""One store interface, two backends: embedded Oxigraph on disk, or any SPARQL 1.1 server.

Both speak the same methods, so the CLI, the API, ingestion and validation never care which one
they hold.  Queries see the *union* of all named graphs as their default graph (Oxigraph server:
``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``; GraphDB and Virtuoso do so by
default), and ``GRAPH ?g`` reaches one article's graph.

Writing one article is all-or-nothing: its graph is replaced and its entity descriptions added in
one SPARQL Update request, which is one transaction on the embedded store and on Oxigraph server.
"""

from __future__ import annotations

import contextlib
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.config import StoreSettings
from graph.errors import InputError, QuerySyntaxError, StoreBusyError, StoreError

# Formats accepted by import/export, by name, with their media types.
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    # name: (media type, is a dataset format holding named graphs)
    "turtle": ("text/turtle", False),
    "ntriples": ("application/n-triples", False),
    "nquads": ("application/n-quads", True),
    "trig": ("application/trig", True),
    "jsonld": ("application/ld+json", True),
    "rdfxml": ("application/rdf+xml", False),
}
FORMAT_ALIASES = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "xml": "rdfxml",
    "rdf": "rdfxml",
    "owl": "rdfxml",
}
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
if hasattr(ox.RdfFormat, "JSON_LD"):
    _OX_FORMATS["jsonld"] = ox.RdfFormat.JSON_LD


def normalise_format(name: str) -> str:
    key = name.lower().strip()
    key = FORMAT_ALIASES.get(key, key)
    if key not in RDF_FORMATS:
        raise InputError(f"unknown RDF format {name!r}; use one of {', '.join(RDF_FORMATS)}")
    return key


def format_from_path(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    mapping = {
        "ttl": "turtle",
        "nt": "ntriples",
        "nq": "nquads",
        "trig": "trig",
        "jsonld": "jsonld",
        "json": "jsonld",
        "rdf": "rdfxml",
        "xml": "rdfxml",
        "owl": "rdfxml",
    }
    if suffix not in mapping:
        raise InputError(f"cannot tell the RDF format of {path!s} from its extension; pass --format")
    return mapping[suffix]


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
# Term conversion and SPARQL text
# ---------------------------------------------------------------------------------------------


def to_rdflib(term: Any) -> Node | None:
    """pyoxigraph term -> rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise StoreError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """rdflib term -> pyoxigraph term; an IRI that is not one raises InputError."""
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise InputError(f"not a valid IRI: {str(term)[:200]!r} ({exc})") from exc
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term {term!r}")


def sparql_term(term: Node) -> str:
    """A term written as SPARQL/N-Triples text, escaped; safe for user input."""
    return str(to_oxigraph(term))


def triples_block(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    return "\n".join(f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)} ." for s, p, o in triples)


def replace_graphs_update(
    replace: dict[URIRef, Graph] | None = None, add: dict[URIRef, Graph] | None = None
) -> str:
    """One SPARQL Update that drops and refills some graphs and adds to others."""
    parts: list[str] = []
    for g in replace or {}:
        parts.append(f"DROP SILENT GRAPH {sparql_term(g)}")
    blocks = []
    for g, triples in list((replace or {}).items()) + list((add or {}).items()):
        if len(triples):
            blocks.append(f"GRAPH {sparql_term(g)} {{\n{triples_block(triples)}\n}}")
    if blocks:
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts)


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


#: our format names -> rdflib's parser/serializer names
_RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


def _parse_dataset(data: bytes, fmt: str, graph: URIRef | None) -> Dataset:
    ds = Dataset()
    rdflib_fmt = _RDFLIB_FORMATS[fmt]
    try:
        if RDF_FORMATS[fmt][1] and graph is None:
            ds.parse(data=data, format=rdflib_fmt)
        else:
            target = ds.graph(graph) if graph is not None else ds.default_graph
            target.parse(data=data, format=rdflib_fmt)
    except Exception as exc:  # rdflib raises many types; all mean the input is bad
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot parse {fmt} input: {first}") from exc
    return ds


# ---------------------------------------------------------------------------------------------
# Embedded Oxigraph
# ---------------------------------------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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
    ) -> Any:
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
        self, sparql, accept="application/sparql-results+json", default_graph_uris=None, named_graph_uris=None
    ):
        # the SPARQL endpoint's serializer and content negotiation, in one place
        from graph.sparql_worker import run_query

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
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
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
        fmt = normalise_format(fmt)
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        try:
            kwargs: dict[str, Any] = {"format": _OX_FORMATS[fmt]} if fmt in _OX_FORMATS else {}
            if fmt not in _OX_FORMATS:
                raise KeyError(fmt)
            quads = list(ox.parse(data, **kwargs))
            if graph is not None:
                target = ox.NamedNode(str(graph))
                quads = [
                    ox.Quad(q.subject, q.predicate, q.object, target)
                    if isinstance(q.graph_name, ox.DefaultGraph)
                    else q
                    for q in quads
                ]
        except KeyError:
            ds = _parse_dataset(data, fmt, graph)
            quads = [
                ox.Quad(
                    to_oxigraph(s),
                    to_oxigraph(p),
                    to_oxigraph(o),
                    ox.DefaultGraph() if g is None or str(g) == "urn:x-rdflib:default" else to_oxigraph(g),
                )
                for s, p, o, g in ds.quads((None, None, None, None))
            ]
        except (SyntaxError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0]
            raise InputError(f"cannot parse {fmt} input: {first}") from exc
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
        fmt = normalise_format(fmt)
        if fmt not in _OX_FORMATS or (graph is not None and RDF_FORMATS[fmt][1]):
            # rdflib-only formats, and quad files whose default-graph quads go to --graph
            return super().import_file(path, fmt, graph)
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")
        ox_fmt = _OX_FORMATS[fmt]
        to_graph = ox.NamedNode(str(graph)) if graph is not None else None
        if self._is_empty():
            # restoring into an empty store: load at once, and on bad input empty it again
            try:
                self._store.bulk_load(path=str(path), format=ox_fmt, to_graph=to_graph)
            except (SyntaxError, ValueError) as exc:
                self._store.clear()
                raise InputError(f"cannot parse {fmt} input: {_first_line(exc)}") from exc
            except OSError as exc:
                self._store.clear()
                raise StoreError(f"bulk load of {path} failed, nothing was kept: {exc}") from exc
            return len(self._store)
        try:
            count = 0
            for _ in ox.parse(path=str(path), format=ox_fmt):
                count += 1
        except (SyntaxError, ValueError) as exc:
            raise InputError(f"cannot parse {fmt} input: {_first_line(exc)}") from exc
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
        fmt = normalise_format(fmt)
        if fmt == "jsonld" or fmt not in _OX_FORMATS:
            ds = self.to_dataset(graph)
            if graph is not None:
                return ds.graph(graph).serialize(format="json-ld").encode("utf-8")
            return ds.serialize(format="json-ld").encode("utf-8")
        ox_fmt = _OX_FORMATS[fmt]
        if graph is not None:
            return self._store.dump(format=ox_fmt, from_graph=ox.NamedNode(str(graph))) or b""
        if not RDF_FORMATS[fmt][1]:
            raise InputError(f"{fmt} holds one graph: name one with --graph, or use trig or nquads")
        return self._store.dump(format=ox_fmt) or b""

    def to_dataset(self, graph: URIRef | None = None) -> Dataset:
        ds = Dataset()
        pattern_graph = ox.NamedNode(str(graph)) if graph is not None else None
        for q in self._store.quads_for_pattern(None, None, None, pattern_graph):
            g = to_rdflib(q.graph_name)
            target = ds.graph(g) if isinstance(g, URIRef) else ds.default_graph  # type: ignore[arg-type]
            target.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        return ds

    def count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if not self.read_only:
            with contextlib.suppress(OSError):
                self._store.flush()
        del self._store


# ---------------------------------------------------------------------------------------------
# Remote SPARQL 1.1 server
# ---------------------------------------------------------------------------------------------


class RemoteStore(Store):
    """Any SPARQL 1.1 server through the Protocol, Update and Graph Store HTTP Protocol."""

    def __init__(self, settings: StoreSettings) -> None:
        self.settings = settings
        self.location = settings.location.rstrip("/")
        headers = {"User-Agent": "newsgraph", **settings.extra_headers}
        self._client = httpx.Client(timeout=settings.timeout_s, headers=headers)

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.location + path

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.settings.token}"} if self.settings.token else {}

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            resp = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise StoreError(f"the SPARQL server at {self.location} did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server at {self.location}: {exc}") from exc
        if resp.status_code == 400:
            raise QuerySyntaxError(resp.text.strip()[:500] or "the server rejected the request")
        if resp.status_code in (401, 403):
            raise StoreError(
                f"the SPARQL server at {self.location} refused the request "
                f"({resp.status_code}); set NEWSGRAPH_STORE_TOKEN"
            )
        if resp.status_code >= 300:
            raise StoreError(
                f"the SPARQL server at {self.location} answered {resp.status_code}: {resp.text.strip()[:300]}"
            )
        return resp

    def query_raw(
        self, sparql, accept="application/sparql-results+json", default_graph_uris=None, named_graph_uris=None
    ):
        params: list[tuple[str, str]] = [("default-graph-uri", u) for u in default_graph_uris or []]
        params += [("named-graph-uri", u) for u in named_graph_uris or []]
        resp = self._send(
            "POST",
            self._url(self.settings.query_path),
            params=params,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        media = resp.headers.get("content-type", accept).split(";")[0].strip()
        return resp.content, media

    def _json(self, sparql: str) -> dict[str, Any]:
        body, _ = self.query_raw(sparql, "application/sparql-results+json")
        try:
            return json.loads(body)  # type: ignore[no-any-return]
        except ValueError as exc:
            raise StoreError(f"the SPARQL server at {self.location} sent results that are not JSON") from exc

    def select(self, sparql: str) -> SelectResult:
        data = self._json(sparql)
        variables = data.get("head", {}).get("vars", [])
        rows = [
            {v: _json_term(b.get(v)) for v in variables} for b in data.get("results", {}).get("bindings", [])
        ]
        return SelectResult(variables, rows)

    def ask(self, sparql: str) -> bool:
        return bool(self._json(sparql).get("boolean"))

    def construct(self, sparql: str) -> Graph:
        body, _ = self.query_raw(sparql, "application/n-triples")
        g = Graph()
        g.parse(data=body, format="nt")
        return g

    def graphs(self) -> list[URIRef]:
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in res.rows if isinstance(r["g"], URIRef))

    def update(self, sparql: str) -> None:
        self._send(
            "POST",
            self._url(self.settings.update_path),
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update", **self._auth()},
        )

    def import_data(self, data: bytes, fmt: str, graph: URIRef | None = None) -> int:
        fmt = normalise_format(fmt)
        ds = _parse_dataset(data, fmt, graph)
        by_graph: dict[URIRef, Graph] = {}
        default: list[tuple[Node, Node, Node]] = []
        for s, p, o, g in ds.quads((None, None, None, None)):
            if g is None or str(g) == "urn:x-rdflib:default":
                default.append((s, p, o))
            else:
                by_graph.setdefault(URIRef(str(g)), Graph()).add((s, p, o))
        blocks = [triples_block(default)] if default else []
        blocks += [f"GRAPH {sparql_term(g)} {{\n{triples_block(t)}\n}}" for g, t in by_graph.items()]
        if blocks:
            self.update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
        return len(default) + sum(len(t) for t in by_graph.values())

    #: quads per Graph Store Protocol request when importing a file
    IMPORT_CHUNK = 50_000

    def import_file(self, path: str | Path, fmt: str, graph: URIRef | None = None) -> int:
        """Stream a file to the server in chunks of ``IMPORT_CHUNK`` quads, one Graph Store Protocol
        POST (N-Triples) per graph and chunk, after a first pass that parses the whole file, so
        malformed input adds nothing.  Files with blank nodes go in one request instead (a blank
        node split across two requests would become two nodes).  A server or network failure half
        way leaves the chunks already sent; the error says how many quads were sent."""
        fmt = normalise_format(fmt)
        if fmt not in _OX_FORMATS:
            return super().import_file(path, fmt, graph)
        ox_fmt = _OX_FORMATS[fmt]
        count = 0
        try:
            for q in ox.parse(path=str(path), format=ox_fmt):
                count += 1
                if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                    return super().import_file(path, fmt, graph)
        except (SyntaxError, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise InputError(f"cannot parse {fmt} input: {first}") from exc
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc}") from exc
        target = ox.NamedNode(str(graph)) if graph is not None else None
        sent = 0
        chunk: dict[str, list[ox.Triple]] = {}
        in_chunk = 0

        def flush() -> None:
            nonlocal sent, in_chunk
            for g, triples in chunk.items():
                params = {"graph": g} if g else {"default": ""}
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                try:
                    self._send(
                        "POST",
                        self._url(self.settings.store_path),
                        params=params,
                        content=body,
                        headers={"Content-Type": "application/n-triples", **self._auth()},
                    )
                except StoreError as exc:
                    raise StoreError(f"{exc} (after {sent} of {count} quads were sent)") from exc
                sent += len(triples)
            chunk.clear()
            in_chunk = 0

        for q in ox.parse(path=str(path), format=ox_fmt):
            g = q.graph_name
            if isinstance(g, ox.DefaultGraph) and target is not None:
                g = target
            key = g.value if isinstance(g, ox.NamedNode) else ""
            chunk.setdefault(key, []).append(ox.Triple(q.subject, q.predicate, q.object))
            in_chunk += 1
            if in_chunk >= self.IMPORT_CHUNK:
                flush()
        flush()
        return count

    def export(self, fmt: str, graph: URIRef | None = None) -> bytes:
        fmt = normalise_format(fmt)
        ds = Dataset()
        where = (
            f"GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} BIND({sparql_term(graph)} AS ?g)"
            if graph is not None
            else "GRAPH ?g { ?s ?p ?o }"
        )
        for row in self.select(f"SELECT ?g ?s ?p ?o WHERE {{ {where} }}").rows:
            ds.graph(row["g"]).add((row["s"], row["p"], row["o"]))  # type: ignore[arg-type]
        rdflib_fmt = _RDFLIB_FORMATS[fmt]
        if graph is not None:
            return ds.graph(graph).serialize(format=rdflib_fmt).encode("utf-8")
        if not RDF_FORMATS[fmt][1]:
            raise InputError(f"{fmt} holds one graph: name one with --graph, or use trig or nquads")
        return ds.serialize(format=rdflib_fmt).encode("utf-8")

    def close(self) -> None:
        self._client.close()


def _json_term(b: dict[str, Any] | None) -> Node | None:
    if b is None:
        return None
    t = b.get("type")
    if t == "uri":
        return URIRef(b["value"])
    if t == "bnode":
        return BNode(b["value"])
    if "xml:lang" in b:
        return Literal(b["value"], lang=b["xml:lang"])
    if b.get("datatype"):
        return Literal(b["value"], datatype=URIRef(b["datatype"]))
    return Literal(b["value"])


# ---------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------

SERVER_FILE = ".server.json"


def running_server(path: str | Path) -> dict[str, Any] | None:
    """The `newsgraph serve` holding an embedded store, if one left its address beside it."""
    info_path = Path(path) / SERVER_FILE
    try:
        info = json.loads(info_path.read_text())
    except (OSError, ValueError):
        return None
    pid = info.get("pid")
    if isinstance(pid, int):
        try:
            os.kill(pid, 0)
        except OSError:
            return None
    return info if isinstance(info, dict) else None


def open_store(
    location: str | None = None,
    *,
    read_only: bool = False,
    settings: StoreSettings | None = None,
    via_server: bool = True,
) -> Store:
    """Open the store named by ``location`` (a folder or an http(s) URL), else by NEWSGRAPH_STORE.

    When the embedded store is held by a running ``newsgraph serve``, the other commands go
    through that server's SPARQL endpoint instead (its address and write token are left in
    ``<store>/.server.json``, readable only by its owner).  ``read_only``: the caller only reads, so
    a store that cannot be opened for writing (a read-only volume, a mounted backup) is opened
    read-only instead of failing."""
    settings = settings or StoreSettings.from_env(location)
    if location:
        settings.location = location
    if settings.is_remote:
        return RemoteStore(settings)
    try:
        return OxigraphStore(settings.location, read_only=False)
    except StoreBusyError:
        info = running_server(settings.location) if via_server else None
        if not info:
            raise
        remote = StoreSettings(
            location=info["url"],
            query_path="/sparql",
            update_path="/sparql",
            store_path="/store",
            token=info.get("token"),
            timeout_s=settings.timeout_s,
        )
        return RemoteStore(remote)
    except StoreError:
        if read_only:
            # a mounted backup or a read-only volume: reading still works, writing says why not
            return OxigraphStore(settings.location, read_only=True)
        raise
