"""``newsgraph network``: centrality, communities, evidence paths and exports of the actor network."""

from __future__ import annotations

import json

import click

from api.cli import cli, store_option
from graph import network as net
from graph.store import open_store


@cli.command("network")
@store_option
@click.option("--top", type=int, default=10, show_default=True, help="How many actors to list.")
@click.option("--communities", "show_communities", is_flag=True, help="List the communities too.")
@click.option(
    "--path",
    "path_ends",
    nargs=2,
    metavar="X Y",
    help="Shortest evidence path between two actors (IRI, slug, name or alias).",
)
@click.option("--from", "start", metavar="DATE", help="Only facts on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", "end", metavar="DATE", help="Only facts on or before DATE (YYYY[-MM[-DD]]).")
@click.option(
    "--event-type", metavar="T", help="Only co-participation in events of type T (e.g. PrisonerExchange)."
)
@click.option(
    "--sample",
    "k",
    type=int,
    default=None,
    help="Pivots for sampled betweenness (default: exact up to 500 actors, else 64).",
)
@click.option(
    "--export",
    "export_path",
    metavar="FILE",
    help="Write the network to FILE: .graphml, .gexf, .svg, or .png.",
)
@click.option(
    "--reference/--no-reference",
    default=True,
    show_default=True,
    help="Also the links only the reference data records (office holdings it cites); --no-reference "
    "keeps what the articles say, as the pages show it.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def network_command(
    store: str,
    top: int,
    show_communities: bool,
    path_ends: tuple[str, str] | None,
    start: str | None,
    end: str | None,
    event_type: str | None,
    k: int | None,
    export_path: str | None,
    reference: bool,
    as_json: bool,
) -> None:
    """The actor network: who is linked to whom through events, claims and offices.

    Edge weights count independent sources (one per outlet)."""
    with open_store(store) as st:
        facts = net.load_facts(st)
        g = facts.graph(start, end, event_type, reference=reference)
        result: dict[str, object] = {
            "actors": g.number_of_nodes(),
            "links": g.number_of_edges(),
            "filters": {
                "from": g.graph["start"],
                "to": g.graph["end"],
                "event_type": g.graph["event_type"],
                "reference": None if reference else "no",
            },
        }
        if path_ends:
            result["path"] = net.path(st, path_ends[0], path_ends[1], g=g, facts=facts)
        else:
            result["top"] = net.centrality(g, top=top, k=k)
        if show_communities:
            result["communities"] = [
                [{"iri": v, "name": g.nodes[v].get("name")} for v in comm] for comm in net.communities(g)
            ]
        if export_path:
            result["exported"] = str(net.export(g, export_path))
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    _print_text(result)


def _print_text(result: dict[str, object]) -> None:
    f = result["filters"]
    assert isinstance(f, dict)
    cut = ", ".join(f"{k}={v}" for k, v in f.items() if v)
    click.echo(f"{result['actors']} actors, {result['links']} links" + (f" ({cut})" if cut else ""))
    if "top" in result:
        rows = result["top"]
        assert isinstance(rows, list)
        if rows:
            click.echo(
                f"{'actor':40} {'kind':12} {'deg':>4} {'w.deg':>6} {'pagerank':>9} {'betweenness':>11}"
            )
        for r in rows:
            click.echo(
                f"{r['name'][:40]:40} {r['kind']:12} {r['degree']:>4} {r['weighted_degree']:>6} "
                f"{r['pagerank']:>9.4f} {r['betweenness']:>11.4f}"
            )
    if "path" in result:
        p = result["path"]
        assert isinstance(p, dict)
        click.echo(" -> ".join(n["name"] for n in p["nodes"]))
        for step in p["steps"]:
            click.echo(f"\n{step['from_name']} -- {step['to_name']}  ({step['weight']} independent sources)")
            for fact in step["facts"]:
                what = fact["label"] or fact["fact"]
                click.echo(f"  [{fact['kind']}] {what}")
                click.echo(f"    source: {fact.get('source_headline') or fact['source']}")
                for ev in fact["evidence"][:2]:
                    if ev.get("sentence"):
                        click.echo(f"    \u201c{ev['sentence']}\u201d")
    if "communities" in result:
        comms = result["communities"]
        assert isinstance(comms, list)
        click.echo(f"\n{len(comms)} communities")
        for i, comm in enumerate(comms, 1):
            names = ", ".join(m["name"] for m in comm[:12]) + (" ..." if len(comm) > 12 else "")
            click.echo(f"  {i}. ({len(comm)}) {names}")
    if "exported" in result:
        click.echo(f"\nwrote {result['exported']}")
