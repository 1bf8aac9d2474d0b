"""Neighbourhoods and evidence paths: the links between actors, with the sentences that state them.

Evidence sentences are fetched only for the links a caller looks at (:func:`path`,
:func:`edge_evidence`), never for the whole network.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.network.facts import ActorFacts, Fact, load_facts
from graph.read.statements import evidence_in_graphs
from graph.store import Store


def edge_evidence(store: Store, facts: Sequence[Fact]) -> list[dict[str, Any]]:
    """The facts with their sentences: each becomes a dict with an ``evidence`` list (the read
    model :func:`graph.read.statements.evidence_in_graphs`: a fact's evidence in its own graph)."""
    found = evidence_in_graphs(store, {(f.fact, f.graph) for f in facts})
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
