"""The actor network as JSON (the ``/network`` API and the drawing) and as files (GraphML, GEXF, SVG, PNG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.network.facts import short_name
from graph.network.measures import communities, pagerank


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
            "name": d.get("name", short_name(v)),
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
        name = escape(str(d.get("name", short_name(v))))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}"><title>{name}</title></circle>'
        )
        parts.append(f'<text x="{x + r + 2:.1f}" y="{y + 4:.1f}" font-size="11">{name}</text>')
    parts.append("</g></svg>")
    return "\n".join(parts) + "\n"
