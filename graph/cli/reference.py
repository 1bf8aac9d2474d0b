"""``newsgraph reference load|refresh``: background knowledge into the store."""

from __future__ import annotations

import click

from graph.cli import cli, store_option
from graph.reference import WIKIDATA_SPARQL, load_reference, refresh_from_wikidata
from graph.store import open_store


@cli.group()
def reference() -> None:
    """Reference data: office holders over time, gazetteers, offices (reference/*.csv)."""


@reference.command("load")
@store_option
def load(store: str) -> None:
    """Load reference/*.csv: holdings into the reference graph, entities into the entity graph."""
    with open_store(store) as st:
        counts = load_reference(st)
    click.echo(
        f"loaded {counts['holdings']} holdings ({counts['reference']} reference triples, "
        f"{counts['entities']} entity triples)"
    )


@reference.command("refresh")
@click.option("--endpoint", default=WIKIDATA_SPARQL, show_default=True, help="Wikidata SPARQL endpoint.")
@click.option(
    "--timeout", "timeout_s", default=20.0, show_default=True, help="Seconds to wait for an answer."
)
@store_option
def refresh(endpoint: str, timeout_s: float, store: str) -> None:
    """Add positions held (P39, with start P580 and end P582) from Wikidata for reference persons
    that carry a Wikidata ID."""
    with open_store(store) as st:
        counts = refresh_from_wikidata(st, endpoint=endpoint, timeout_s=timeout_s)
    click.echo(f"added {counts['holdings']} holdings from Wikidata")
