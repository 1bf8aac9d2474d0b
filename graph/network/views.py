"""View models of the network pages and the ``/network`` JSON: the actor network with page links.

The network sits above the read models (``graph.read``): these views take the page links
(:func:`graph.read.pages.ui_path`) from below and add them to what :mod:`graph.network` computes, so
``graph.read`` never imports the network.

``reference`` chooses the links drawn: False (the pages' default) keeps what the articles say, True
adds the links only the reference data records (office holdings with their cited source).
"""

from __future__ import annotations

from typing import Any

from graph import network as net
from graph.read.cache import per_version
from graph.read.pages import local, ui_path
from graph.store import Store


def network_view(
    store: Store,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    top: int = 20,
    reference: bool = False,
) -> dict[str, Any]:
    """Top actors and communities for the network page (the drawing fetches ``/network``).

    The unfiltered view (the home page shows its top ten on every visit) is computed once per version
    of the store: centrality and Louvain over the whole network take seconds at a million quads."""
    if start is None and end is None and event_type is None:
        key = f"network-view-{top}-{reference}"
        return per_version(store, key, lambda: _network_view(store, None, None, None, top, reference))
    return _network_view(store, start, end, event_type, top, reference)


def _network_view(
    store: Store, start: str | None, end: str | None, event_type: str | None, top: int, reference: bool
) -> dict[str, Any]:
    facts = net.cached_facts(store)
    g = facts.graph(start, end, event_type, reference=reference)
    rows = net.centrality(g, top=top)
    for r in rows:
        r["url"] = ui_path(r["iri"])
    comms = [
        [{"iri": v, "name": g.nodes[v].get("name"), "url": ui_path(v)} for v in c] for c in net.communities(g)
    ]
    return {
        "actors": g.number_of_nodes(),
        "links": g.number_of_edges(),
        "top": rows,
        "communities": comms,
        "filters": {
            "start": g.graph["start"],
            "end": g.graph["end"],
            "event_type": g.graph["event_type"],
            "reference": reference,
        },
        "event_types": [local(c) for c in net.EVENT_CLASSES],
    }


def network_data(
    store: Store,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    center: str | None = None,
    radius: int = 1,
    limit: int = 150,
    with_facts: bool = False,
    reference: bool = True,
) -> dict[str, Any]:
    """Nodes (with their page) and links of the network or of one actor's neighbourhood.

    Raises InputError for an unknown actor, event type or date."""
    af = net.cached_facts(store)
    g = af.graph(start, end, event_type, reference=reference)
    iri = None
    if center:
        iri = af.resolve(center)
        g = net.ego(g, iri, radius=radius, limit=limit)
        if g.number_of_nodes() == 0:
            g.add_node(iri, name=af.actors[iri]["name"], kind=af.actors[iri]["kind"])
    data = net.to_json(g, with_facts=with_facts)
    for n in data["nodes"]:
        n["url"] = ui_path(n["id"])
    if iri is not None:
        data["center"] = iri
    return data


def path_view(
    store: Store,
    x: str,
    y: str,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    reference: bool = True,
) -> dict[str, Any]:
    """The evidence path between two actors with page links for its actors, facts and sources.

    Reference links count by default: a path is asked for between two named actors, and a step
    the reference data records shows the source it cites."""
    facts = net.cached_facts(store)
    g = facts.graph(start, end, event_type, reference=reference)
    p = net.path(store, x, y, g=g, facts=facts)
    for n in p["nodes"]:
        n["url"] = ui_path(n["iri"])
    for step in p["steps"]:
        step["from_url"], step["to_url"] = ui_path(step["from"]), ui_path(step["to"])
        for f in step["facts"]:
            f["url"] = ui_path(f["fact"])
            f["source_url"] = ui_path(f["source"]) or (
                f["source"] if f["source"].startswith("http") else None
            )
    return p
