"""A remote SPARQL 1.1 server as the store (Oxigraph server, Fuseki, GraphDB, Virtuoso)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph.config import StoreSettings
from graph.errors import InputError, QuerySyntaxError, StoreError
from graph.sparql.formats import rdf_format
from graph.sparql.terms import sparql_term, triples_block
from graph.store.base import SelectResult, Store, parse_dataset

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

    def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
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
        self,
        sparql: str,
        accept: str = "application/sparql-results+json",
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
    ) -> tuple[bytes, str]:
        params: list[tuple[str, str]] = [("default-graph-uri", u) for u in default_graph_uris or []]
        params += [("named-graph-uri", u) for u in named_graph_uris or []]
        resp = self.send(
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
            return json.loads(body)
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
        self.send(
            "POST",
            self._url(self.settings.update_path),
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update", **self._auth()},
        )

    def import_data(self, data: bytes, fmt: str, graph: URIRef | None = None) -> int:
        ds = parse_dataset(data, rdf_format(fmt).name, graph)
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
        f = rdf_format(fmt)
        fmt, ox_fmt = f.name, f.ox
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
                    self.send(
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
        f = rdf_format(fmt)
        ds = Dataset()
        where = (
            f"GRAPH {sparql_term(graph)} {{ ?s ?p ?o }} BIND({sparql_term(graph)} AS ?g)"
            if graph is not None
            else "GRAPH ?g { ?s ?p ?o }"
        )
        for row in self.select(f"SELECT ?g ?s ?p ?o WHERE {{ {where} }}").rows:
            g, s, p, o = row["g"], row["s"], row["p"], row["o"]
            assert isinstance(g, URIRef) and s is not None and p is not None and o is not None  # all bound
            ds.graph(g).add((s, p, o))
        if graph is not None:
            return ds.graph(graph).serialize(format=f.rdflib).encode("utf-8")
        if not f.dataset:
            raise InputError(f"{f.name} holds one graph: name one with --graph, or use trig or nquads")
        return ds.serialize(format=f.rdflib).encode("utf-8")

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
