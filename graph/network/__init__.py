"""The actor network: who is linked to whom, how strongly, and on what evidence.

Nodes are actors (persons, organisations, states and other organisation kinds, collectives).
Edges come from three kinds of fact, each kept on the edge with the source that states it:

* ``event``: two actors are participants of one event in one source's description of it;
* ``claim``: a claim by one actor (``ng:claimant``) is about another (``ng:about``);
* ``office``: a person holds an office of an organisation (``ng:holder`` / ``ng:office`` /
  ``ng:officeOf``), as an article states it or as the reference data records it.

An edge's ``weight`` is the number of *independent* sources behind it: articles of one outlet
count once, articles without a known outlet count one each, reference facts count once per cited
source.  The network can be cut to a time window (facts whose dates overlap it) and to one event
type (then only co-participation edges of that type remain).

Reading the store is done once into an :class:`ActorFacts` index; :meth:`ActorFacts.graph` then
builds filtered :class:`networkx.Graph` views cheaply.  Evidence sentences are fetched only for the
edges a caller looks at (:func:`path`, :func:`edge_evidence`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
from rdflib import Literal, URIRef
from rdflib.term import Node

from graph import iris
from graph.classes import event_classes, organisation_classes, subclasses
from graph.config import base_iri
from graph.errors import InputError
from graph.namespace import NG
from graph.read.cache import per_version
from graph.read.dates import date_bounds
from graph.sparql.terms import PREFIXES, lexical, sparql_term, values_block
from graph.store import Store

#: actor classes (from the ontology) and the kind shown for them; a node typed with several takes
#: the most specific by _KIND_RANK
ACTOR_KINDS: dict[str, str] = {
    **{str(c): "organization" for c in organisation_classes()},
    **{str(c): "state" for c in subclasses(NG.State, include_self=True)},
    **{str(c): "person" for c in subclasses(NG.Person, include_self=True)},
    **{str(c): "collective" for c in subclasses(NG.Collective, include_self=True)},
}
_KIND_RANK = {"person": 0, "state": 1, "organization": 2, "collective": 3}

EVENT_CLASSES: tuple[URIRef, ...] = event_classes()
EDGE_KINDS = ("event", "claim", "office")


def _normalise_bound(value: str | None, upper: bool) -> str | None:
    if not value:
        return None
    b = date_bounds(value)
    if b is None:
        raise InputError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")
    return b[1] if upper else b[0]


# ---------------------------------------------------------------------------------------------
# The facts behind edges
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One statement linking two actors, as one source (or the reference data) makes it."""

    kind: str  # "event" | "claim" | "office"
    fact: str  # IRI of the event, claim or holding
    subject: str  # actor IRI (claimant, holder, or the lower participant)
    object: str  # actor IRI (about, office's organisation, or the other participant)
    source: str  # source IRI, or the cited URL of a reference fact
    graph: str  # named graph holding the statement
    independence: str  # key: sources sharing it are not independent (one outlet)
    lo: str | None = None  # first day the fact concerns
    hi: str | None = None  # last day (None with lo set: open-ended)
    event_type: str | None = None  # local name of the event class, for event facts
    label: str = ""
    directed: bool = False

    def in_window(self, start: str | None, end: str | None) -> bool:
        if start is None and end is None:
            return True
        if self.lo is None:
            return False
        hi = self.hi or "9999-12-31"
        return (start is None or hi >= start) and (end is None or self.lo <= end)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "fact": self.fact,
            "from": self.subject,
            "to": self.object,
            "source": self.source,
            "graph": self.graph,
            "date": self.lo
            if self.lo == self.hi
            else (f"{self.lo or ''}/{self.hi or ''}" if self.lo else None),
            "event_type": self.event_type,
            "label": self.label,
            "directed": self.directed,
        }


@dataclass
class ActorFacts:
    """Everything needed to draw the actor network, read from the store once."""

    actors: dict[str, dict[str, Any]] = field(default_factory=dict)  # iri -> name, kind, aliases
    facts: list[Fact] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # source iri -> headline, date, outlet

    def graph(
        self,
        start: str | None = None,
        end: str | None = None,
        event_type: str | None = None,
        kinds: Iterable[str] = EDGE_KINDS,
        include_isolated: bool = False,
        reference: bool = True,
    ) -> nx.Graph:
        """An undirected weighted graph of actors, cut to a window and an event type.

        ``reference=False`` keeps only the links some article states: a link whose every fact is
        a reference row (an office holding of the reference data) is left out, and with it every
        actor no remaining link touches, so the network shows what the news says.  A link an
        article states keeps the reference facts that agree with it (they count as sources)."""
        start_b = _normalise_bound(start, upper=False)
        end_b = _normalise_bound(end, upper=True)
        wanted = set(kinds)
        etype = _event_type_name(event_type) if event_type else None
        if etype:
            wanted &= {"event"}
        g = nx.Graph()
        g.graph.update(
            {
                "start": start_b,
                "end": end_b,
                "event_type": etype,
                "kinds": sorted(wanted),
                "reference": reference,
            }
        )
        if include_isolated:
            for iri, attrs in self.actors.items():
                g.add_node(iri, **_node_attrs(attrs))
        for f in self.facts:
            if f.kind not in wanted or not f.in_window(start_b, end_b):
                continue
            if etype and f.event_type != etype:
                continue
            if f.subject == f.object:
                continue
            for n in (f.subject, f.object):
                if n not in g:
                    g.add_node(n, **_node_attrs(self.actors.get(n, {"name": _local(n), "kind": "actor"})))
            if g.has_edge(f.subject, f.object):
                g.edges[f.subject, f.object]["facts"].append(f)
            else:
                g.add_edge(f.subject, f.object, facts=[f])
        if not reference:
            ref = str(iris.reference_graph_iri())
            g.remove_edges_from(
                [(u, v) for u, v, fs in g.edges(data="facts") if all(f.graph == ref for f in fs)]
            )
            if not include_isolated:
                g.remove_nodes_from([v for v in list(g.nodes) if g.degree(v) == 0])
        for _u, _v, data in g.edges(data=True):
            facts = data["facts"]
            data["weight"] = len({x.independence for x in facts})
            data["sources"] = len({x.source for x in facts})
            data["kinds"] = sorted({x.kind for x in facts})
        return g

    def resolve(self, text: str) -> str:
        """An actor's IRI from its IRI, slug ('volodymyr-zelensky', 'person/...'), name or alias."""
        text = text.strip()
        if text in self.actors:
            return text
        base = base_iri()
        if text.startswith(base) and text in self.actors:
            return text
        low = text.lower()
        for iri in self.actors:
            if iri.endswith("/" + low) or iri == base + low:
                return iri
        exact = [iri for iri, a in self.actors.items() if a["name"].lower() == low]
        if not exact:
            exact = [
                iri for iri, a in self.actors.items() if low in (x.lower() for x in a.get("aliases", ()))
            ]
        if not exact:
            exact = [iri for iri, a in self.actors.items() if low in a["name"].lower()]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            names = ", ".join(sorted(self.actors[i]["name"] for i in exact)[:5])
            raise InputError(f"{text!r} names several actors ({names}); give the IRI or slug")
        raise InputError(f"no actor called {text!r} in the store")


def _node_attrs(a: dict[str, Any]) -> dict[str, Any]:
    return {"name": a.get("name", ""), "kind": a.get("kind", "actor")}


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _event_type_name(value: str) -> str:
    """'PrisonerExchange', 'prisoner-exchange', 'prisoner exchange' or the class IRI -> 'PrisonerExchange'."""
    v = value.strip()
    v = v.rsplit("#", 1)[-1]
    key = re.sub(r"[^a-z]", "", v.lower())
    for cls in EVENT_CLASSES:
        name = str(cls).rsplit("#", 1)[-1]
        if name.lower() == key:
            return name
    known = ", ".join(str(c).rsplit("#", 1)[-1] for c in EVENT_CLASSES)
    raise InputError(f"unknown event type {value!r}; use one of {known}")


def load_facts(store: Store) -> ActorFacts:
    """Read actors and the facts that link them from the store (a handful of queries)."""
    out = ActorFacts()

    # actors
    rows = store.select(
        PREFIXES + "SELECT ?a ?type ?name WHERE { " + values_block("type", ACTOR_KINDS) + " ?a a ?type . "
        "OPTIONAL { ?a ng:name ?name } }"
    )
    for r in rows:
        iri, typ = str(r["a"]), r["type"]
        kind = ACTOR_KINDS.get(str(typ), "actor")
        cur = out.actors.get(iri)
        if cur is None:
            out.actors[iri] = {"name": lexical(r["name"]) or _local(iri), "kind": kind, "aliases": []}
        else:
            if _KIND_RANK.get(kind, 9) < _KIND_RANK.get(cur["kind"], 9):
                cur["kind"] = kind
            if r["name"] is not None and cur["name"] == _local(iri):
                cur["name"] = str(r["name"])
    for r in store.select(
        PREFIXES
        + "SELECT ?a ?alias WHERE { "
        + values_block("type", ACTOR_KINDS)
        + " ?a a ?type ; ng:alias ?alias }"
    ):
        a = out.actors.get(str(r["a"]))
        if a is not None and str(r["alias"]) not in a["aliases"]:
            a["aliases"].append(str(r["alias"]))

    # sources: graph -> source, outlet, date
    graph_source: dict[str, str] = {}
    for r in store.select(
        PREFIXES + "SELECT ?src ?g ?outlet ?date ?headline WHERE { ?src a ng:Source . "
        "OPTIONAL { ?src ng:inGraph ?g } OPTIONAL { ?src ng:outlet ?outlet } "
        "OPTIONAL { ?src schema:datePublished ?date } OPTIONAL { ?src schema:headline ?headline } }"
    ):
        src = str(r["src"])
        if r["g"] is not None:
            graph_source[str(r["g"])] = src
        info = out.sources.setdefault(src, {"headline": None, "date": None, "outlet": None})
        for key, var in (("headline", "headline"), ("date", "date"), ("outlet", "outlet")):
            if info[key] is None and r[var] is not None:
                info[key] = str(r[var])

    def source_of(g: str, reported: Node | None) -> str:
        if reported is not None:
            return str(reported)
        return graph_source.get(g, g)

    def independence(src: str) -> str:
        info = out.sources.get(src)
        if info and info.get("outlet"):
            return "outlet:" + info["outlet"]
        return "source:" + src

    def source_day(src: str) -> tuple[str, str] | None:
        info = out.sources.get(src)
        return date_bounds(info.get("date")) if info else None

    # events: type, dates, label (over all graphs)
    event_info: dict[str, dict[str, Any]] = {}
    for r in store.select(
        PREFIXES + "SELECT DISTINCT ?e ?type WHERE { " + values_block("type", EVENT_CLASSES) + " ?e a ?type }"
    ):
        event_info.setdefault(
            str(r["e"]), {"type": str(r["type"]).rsplit("#", 1)[-1], "lo": None, "hi": None, "label": ""}
        )
    for r in store.select(
        PREFIXES + "SELECT ?e ?p ?v WHERE { VALUES ?p { ng:startDate ng:endDate ng:label } ?e ?p ?v }"
    ):
        einfo = event_info.get(str(r["e"]))
        if einfo is None:
            continue
        prop = str(r["p"]).rsplit("#", 1)[-1]
        if prop == "label":
            einfo["label"] = einfo["label"] or str(r["v"])
            continue
        b = date_bounds(r["v"])
        if b is None:
            continue
        if prop == "startDate" and (einfo["lo"] is None or b[0] < einfo["lo"]):
            einfo["lo"] = b[0]
        if einfo["hi"] is None or b[1] > einfo["hi"]:
            einfo["hi"] = b[1]

    # co-participation, per source's description of an event
    parts: dict[tuple[str, str], set[str]] = defaultdict(set)
    reporters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in store.select(
        PREFIXES + "SELECT ?g ?e ?a ?src WHERE { GRAPH ?g { ?e ng:participant ?a . "
        "OPTIONAL { ?e ng:reportedBy ?src } } }"
    ):
        ge = (str(r["g"]), str(r["e"]))
        parts[ge].add(str(r["a"]))
        reporters[ge].add(source_of(ge[0], r["src"]))
    for (g, e), members in parts.items():
        actors = sorted(m for m in members if m in out.actors)
        einfo = event_info.get(e, {"type": None, "lo": None, "hi": None, "label": ""})
        for src in reporters[(g, e)]:
            lo, hi = einfo["lo"], einfo["hi"]
            if lo is None:
                day = source_day(src)
                lo, hi = day if day else (None, None)
            for i, x1 in enumerate(actors):
                for x2 in actors[i + 1 :]:
                    out.facts.append(
                        Fact(
                            "event",
                            e,
                            x1,
                            x2,
                            src,
                            g,
                            independence(src),
                            lo,
                            hi,
                            einfo["type"],
                            einfo["label"],
                        )
                    )

    # claims by one actor about another
    for r in store.select(
        PREFIXES + "SELECT ?g ?c ?x ?y ?src ?content WHERE { GRAPH ?g { ?c ng:claimant ?x ; ng:about ?y . "
        "OPTIONAL { ?c ng:reportedBy ?src } OPTIONAL { ?c ng:content ?content } } }"
    ):
        x, y = str(r["x"]), str(r["y"])
        if x not in out.actors or y not in out.actors:
            continue
        g = str(r["g"])
        src = source_of(g, r["src"])
        day = source_day(src)
        out.facts.append(
            Fact(
                "claim",
                str(r["c"]),
                x,
                y,
                src,
                g,
                independence(src),
                day[0] if day else None,
                day[1] if day else None,
                None,
                lexical(r["content"]) or "",
                True,
            )
        )

    # office holdings: person -> the office's organisation
    office_org: dict[str, tuple[str, str | None]] = {}
    for r in store.select(
        PREFIXES + "SELECT ?o ?org ?oname WHERE { ?o ng:officeOf ?org . OPTIONAL { ?o ng:name ?oname } }"
    ):
        office_org.setdefault(str(r["o"]), (str(r["org"]), lexical(r["oname"])))
    for r in store.select(
        PREFIXES + "SELECT ?g ?h ?p ?o ?src ?derived ?start ?end ?asof WHERE { "
        "GRAPH ?g { ?h ng:holder ?p ; ng:office ?o . OPTIONAL { ?h ng:reportedBy ?src } "
        "OPTIONAL { ?h prov:wasDerivedFrom ?derived } OPTIONAL { ?h ng:startDate ?start } "
        "OPTIONAL { ?h ng:endDate ?end } OPTIONAL { ?h ng:asOf ?asof } } }"
    ):
        if str(r["o"]) not in office_org:
            continue
        org, oname = office_org[str(r["o"])]
        p = str(r["p"])
        if p not in out.actors or org not in out.actors:
            continue
        g = str(r["g"])
        if r["src"] is not None:
            src = str(r["src"])
            ind = independence(src)
        elif r["derived"] is not None:
            src = str(r["derived"])
            ind = "cited:" + src
        else:
            src = graph_source.get(g, g)
            ind = independence(src)
        sb, eb, ab = date_bounds(r["start"]), date_bounds(r["end"]), date_bounds(r["asof"])
        lo = sb[0] if sb else (ab[0] if ab else None)
        hi = eb[1] if eb else (None if sb else (ab[1] if ab else None))
        if lo is None and hi is not None:
            lo = "0000-01-01"
        out.facts.append(Fact("office", str(r["h"]), p, org, src, g, ind, lo, hi, None, oname or "", True))
    # one fact per (kind, fact, pair, source): a source stating a thing twice is one statement
    seen: set[tuple[str, str, str, str, str]] = set()
    unique: list[Fact] = []
    for f in out.facts:
        fkey = (f.kind, f.fact, f.subject, f.object, f.source)
        if fkey not in seen:
            seen.add(fkey)
            unique.append(f)
    out.facts = unique
    return out


def cached_facts(store: Store) -> ActorFacts:
    """:func:`load_facts`, reused while :func:`store_version` stays the same (for the web pages)."""
    return per_version(store, "network-facts", lambda: load_facts(store))


def actor_network(
    store: Store,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    kinds: Iterable[str] = EDGE_KINDS,
) -> nx.Graph:
    """The actor network of the store, cut to a time window and an event type."""
    return load_facts(store).graph(start, end, event_type, kinds)


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------


def pagerank(
    g: nx.Graph, alpha: float = 0.85, weight: str = "weight", tol: float = 1e-10, max_iter: int = 200
) -> dict[Any, float]:
    """Weighted PageRank by power iteration in numpy.

    Kept beside networkx because networkx's ``nx.pagerank`` needs scipy, which newsgraph does not
    depend on, and networkx's own pure-Python iteration is ~30-70x slower (bench/bench_network.py
    times both in one run: 0.11 s against 4.9 s on 1,160 actors and 23k links, same scores within
    3e-6)."""
    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    m = g.number_of_edges()
    src = np.empty(2 * m, dtype=np.int64)
    dst = np.empty(2 * m, dtype=np.int64)
    w = np.empty(2 * m, dtype=np.float64)
    for i, (u, v, d) in enumerate(g.edges(data=weight, default=1.0)):
        a, b = index[u], index[v]
        src[2 * i], dst[2 * i], src[2 * i + 1], dst[2 * i + 1] = a, b, b, a
        w[2 * i] = w[2 * i + 1] = float(d if d is not None else 1.0)
    if g.is_directed():
        src, dst, w = src[0::2], dst[0::2], w[0::2]
    out_w = np.bincount(src, weights=w, minlength=n)
    dangling = out_w == 0
    coef = np.divide(w, out_w[src], out=np.zeros_like(w), where=out_w[src] > 0)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=x[src] * coef, minlength=n)
        new = alpha * (spread + x[dangling].sum() / n) + (1 - alpha) / n
        done = np.abs(new - x).sum() < n * tol
        x = new
        if done:
            break
    x = x / x.sum()
    return {v: float(x[i]) for i, v in enumerate(nodes)}


def betweenness(
    g: nx.Graph, k: int | None = None, seed: int = 0, sample_above: int = 500, default_k: int = 64
) -> dict[Any, float]:
    """Betweenness centrality (unweighted, normalised), networkx's Brandes algorithm.  Exact up to
    ``sample_above`` nodes; above, estimated from ``k`` random pivots (default 64), which networkx
    scales by n/k.  ``k`` given explicitly always samples (unless it covers every node)."""
    n = g.number_of_nodes()
    if n == 0:
        return {}
    if k is None and n > sample_above:
        k = default_k
    if k is not None and k >= n:
        k = None
    scores: dict[Any, float] = nx.betweenness_centrality(g, k=k, seed=seed if k is not None else None)
    return scores


def centrality(
    g: nx.Graph, top: int | None = None, k: int | None = None, seed: int = 0
) -> list[dict[str, Any]]:
    """Degree, weighted degree, PageRank and (sampled) betweenness per actor, best PageRank first."""
    if g.number_of_nodes() == 0:
        return []
    deg = nx.degree_centrality(g) if g.number_of_nodes() > 1 else dict.fromkeys(g.nodes, 0.0)
    pr = pagerank(g)
    bc = betweenness(g, k=k, seed=seed)
    rows = [
        {
            "iri": v,
            "name": g.nodes[v].get("name", _local(v)),
            "kind": g.nodes[v].get("kind", "actor"),
            "degree": g.degree(v),
            "weighted_degree": g.degree(v, weight="weight"),
            "degree_centrality": deg[v],
            "pagerank": pr[v],
            "betweenness": bc[v],
        }
        for v in g.nodes
    ]
    rows.sort(key=lambda r: (-r["pagerank"], -r["degree"], r["name"]))
    return rows[:top] if top else rows


def communities(g: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Louvain communities (networkx), largest first."""
    if g.number_of_nodes() == 0:
        return []
    parts = nx.community.louvain_communities(g, weight="weight", seed=seed)
    return sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p))


# ---------------------------------------------------------------------------------------------
# Evidence paths
# ---------------------------------------------------------------------------------------------


def edge_evidence(store: Store, facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """The facts with their sentences: each becomes a dict with an ``evidence`` list."""
    pairs = sorted({(f.fact, f.graph) for f in facts})
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for chunk_start in range(0, len(pairs), 200):
        chunk = pairs[chunk_start : chunk_start + 200]
        values = " ".join(f"({sparql_term(URIRef(f))} {sparql_term(URIRef(g))})" for f, g in chunk)
        rows = store.select(
            PREFIXES + "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
            "SELECT ?f ?g ?ev ?sentence ?exact ?start ?end WHERE { VALUES (?f ?g) { " + values + " } "
            "GRAPH ?g { ?f ng:evidence ?ev . OPTIONAL { ?ev ng:sentence ?sentence } "
            "OPTIONAL { ?ev oa:hasSelector ?q . ?q oa:exact ?exact } "
            "OPTIONAL { ?ev oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end } } }"
        )
        for r in rows:
            key = (str(r["f"]), str(r["g"]))
            ev = str(r["ev"])
            if any(x["iri"] == ev for x in found[key]):
                continue
            found[key].append(
                {
                    "iri": ev,
                    "sentence": lexical(r["sentence"]),
                    "exact": lexical(r["exact"]),
                    "start": int(r["start"]) if isinstance(r["start"], Literal) else None,
                    "end": int(r["end"]) if isinstance(r["end"], Literal) else None,
                }
            )
    out = []
    for f in facts:
        d = f.as_dict()
        d["evidence"] = found.get((f.fact, f.graph), [])
        out.append(d)
    return out


def _cost(_u: Any, _v: Any, data: dict[str, Any]) -> float:
    # fewest hops first (each hop costs at least 1, at most 1.5); among those, the best attested
    return 1.0 + 1.0 / (1.0 + float(data.get("weight", 1)))


def path(
    store: Store, x: str, y: str, g: nx.Graph | None = None, facts: ActorFacts | None = None
) -> dict[str, Any]:
    """The shortest evidence path between two actors, every step with its facts and sentences.

    ``x`` and ``y`` may be IRIs, slugs, names or aliases.  Raises InputError when either is
    unknown or when no path links them."""
    facts = facts or load_facts(store)
    g = g if g is not None else facts.graph()
    a, b = facts.resolve(x), facts.resolve(y)
    for v in (a, b):
        if v not in g:
            raise InputError(f"{facts.actors[v]['name']} has no links in this network")
    try:
        nodes = nx.dijkstra_path(g, a, b, weight=_cost)
    except nx.NetworkXNoPath as exc:
        raise InputError(
            f"no evidence path links {facts.actors[a]['name']} and {facts.actors[b]['name']}"
        ) from exc
    steps = []
    for u, v in zip(nodes, nodes[1:], strict=False):
        data = g.edges[u, v]
        steps.append(
            {
                "from": u,
                "to": v,
                "from_name": g.nodes[u].get("name"),
                "to_name": g.nodes[v].get("name"),
                "weight": data["weight"],
                "facts": edge_evidence(store, data["facts"]),
            }
        )
    for step in steps:
        for f in step["facts"]:
            info = facts.sources.get(f["source"], {})
            f["source_headline"] = info.get("headline")
    return {
        "from": a,
        "to": b,
        "nodes": [{"iri": v, "name": g.nodes[v].get("name"), "kind": g.nodes[v].get("kind")} for v in nodes],
        "steps": steps,
        "length": len(steps),
    }


# ---------------------------------------------------------------------------------------------
# JSON and files
# ---------------------------------------------------------------------------------------------


def ego(g: nx.Graph, center: str, radius: int = 1, limit: int = 150) -> nx.Graph:
    """The neighbourhood of one actor, strongest neighbours kept when it is large."""
    if center not in g:
        sub = nx.Graph()
        return sub
    sub = nx.ego_graph(g, center, radius=radius)
    if sub.number_of_nodes() > limit:
        keep = sorted(sub.nodes, key=lambda v: -sub.degree(v, weight="weight"))[:limit]
        if center not in keep:
            keep[-1] = center
        sub = sub.subgraph(keep)
    return sub


def to_json(g: nx.Graph, with_facts: bool = False, scores: bool = True) -> dict[str, Any]:
    """Nodes and links for the graph view (and the ``/network`` API)."""
    pr = pagerank(g) if scores else {}
    groups: dict[str, int] = {}
    if scores and g.number_of_edges():
        for i, comm in enumerate(communities(g)):
            for v in comm:
                groups[v] = i
    nodes = [
        {
            "id": v,
            "name": d.get("name", _local(v)),
            "kind": d.get("kind", "actor"),
            "degree": g.degree(v),
            "pagerank": round(pr.get(v, 0.0), 6),
            "community": groups.get(v),
        }
        for v, d in g.nodes(data=True)
    ]
    links = []
    for u, v, d in g.edges(data=True):
        link: dict[str, Any] = {
            "source": u,
            "target": v,
            "weight": d.get("weight", 1),
            "sources": d.get("sources", 1),
            "kinds": d.get("kinds", []),
            "facts": len(d.get("facts", [])),
        }
        if with_facts:
            link["fact_list"] = [f.as_dict() for f in d.get("facts", [])]
        links.append(link)
    return {"nodes": nodes, "links": links, "filters": {k: v for k, v in g.graph.items()}}


def _flat(g: nx.Graph) -> nx.Graph:
    """A copy with scalar attributes only (GraphML and GEXF cannot hold lists)."""
    h = nx.Graph()
    for v, d in g.nodes(data=True):
        h.add_node(v, name=str(d.get("name", "")), kind=str(d.get("kind", "")))
    for u, v, d in g.edges(data=True):
        facts = d.get("facts", [])
        h.add_edge(
            u,
            v,
            weight=int(d.get("weight", 1)),
            sources=int(d.get("sources", 1)),
            kinds=" ".join(d.get("kinds", [])),
            facts=len(facts),
            events=" ".join(sorted({f.fact for f in facts if f.kind == "event"})),
        )
    return h


def export(g: nx.Graph, path_: str | Path) -> Path:
    """Write the network as .graphml, .gexf, .svg or .png (drawn with matplotlib)."""
    p = Path(path_)
    suffix = p.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(_flat(g), p)
    elif suffix == ".gexf":
        nx.write_gexf(_flat(g), p)
    elif suffix == ".svg":
        p.write_text(svg(g), encoding="utf-8")
    elif suffix == ".png":
        import matplotlib  # imported here: ~0.5 s, and only a PNG export needs it

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(12, 9))
        pos = layout(g)
        nx.draw_networkx(
            g,
            pos=pos,
            ax=ax,
            node_size=80,
            font_size=7,
            labels={v: d.get("name", "") for v, d in g.nodes(data=True)},
            width=[0.5 + d.get("weight", 1) for _, _, d in g.edges(data=True)],
        )
        ax.set_axis_off()
        fig.savefig(p, dpi=120, bbox_inches="tight")
        plt.close(fig)
    else:
        raise InputError(f"cannot export to {p.name}: use .graphml, .gexf, .svg or .png")
    return p


def layout(g: nx.Graph, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """A spring layout in the unit square (circular for big graphs, where springs are slow)."""
    if g.number_of_nodes() == 0:
        return {}
    if g.number_of_nodes() > 400:
        pos = nx.circular_layout(g)
    else:
        pos = nx.spring_layout(g, seed=seed, weight="weight")
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx, sy = (x1 - x0) or 1.0, (y1 - y0) or 1.0
    return {v: ((float(p[0]) - x0) / sx, (float(p[1]) - y0) / sy) for v, p in pos.items()}


_KIND_COLOURS = {"person": "#2b6cb0", "state": "#c05621", "organization": "#2f855a", "collective": "#6b46c1"}


def svg(g: nx.Graph, width: int = 1000, height: int = 750) -> str:
    """A self-contained SVG drawing of the network (no plotting library needed)."""
    from html import escape

    pos = layout(g)
    pad = 60
    pr = pagerank(g) if g.number_of_nodes() else {}
    top = max(pr.values(), default=1.0) or 1.0

    def xy(v: Any) -> tuple[float, float]:
        x, y = pos[v]
        return pad + x * (width - 2 * pad), pad + y * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<g stroke="#999" stroke-opacity="0.7">',
    ]
    for u, v, d in g.edges(data=True):
        (x1, y1), (x2, y2) = xy(u), xy(v)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke-width="{0.5 + math.log1p(d.get("weight", 1)):.2f}"/>'
        )
    parts.append("</g><g>")
    for v, d in g.nodes(data=True):
        x, y = xy(v)
        r = 4 + 10 * math.sqrt(pr.get(v, 0) / top)
        colour = _KIND_COLOURS.get(d.get("kind", ""), "#718096")
        name = escape(str(d.get("name", _local(v))))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"><title>{name}</title></circle>'
        )
        parts.append(f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-size="11">{name}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"
