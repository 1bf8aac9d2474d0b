"""``newsgraph reference load|refresh``: background knowledge into the store."""

from __future__ import annotations

import click

from api.cli import cli, store_option
from graph.ingest.reference import load_reference, refresh_from_wikidata
from graph.ingest.wikidata import WIKIDATA_SPARQL
from graph.store import open_store


@cli.group()
def reference() -> None:
    """Reference data: office holders over time, gazetteers, offices (reference/*.csv)."""


@reference.command("load")
@store_option
def load(store: str) -> None:
    """Load reference/*.csv and the Wikidata cache (reference/wikidata-holders.json, when there is
    one): holdings into the reference graph, entities into the entity graph."""
    with open_store(store) as st:
        counts = load_reference(st)
    click.echo(
        f"loaded {counts['holdings']} holdings ({counts['wikidata']} from the Wikidata cache; "
        f"{counts['reference']} reference triples, {counts['entities']} entity triples)"
    )


@reference.command("refresh")
@click.option("--endpoint", default=WIKIDATA_SPARQL, show_default=True, help="Wikidata SPARQL endpoint.")
@click.option(
    "--timeout", "timeout_s", default=60.0, show_default=True, help="Seconds to wait for each answer."
)
@click.option(
    "--cache",
    type=click.Path(dir_okay=False),
    default=None,
    help="Where to keep the fetched holdings (default: reference/wikidata-holders.json).",
)
@store_option
def refresh(endpoint: str, timeout_s: float, cache: str | None, store: str) -> None:
    """Fetch from Wikidata the holders (P39, start P580, end P582, statement URL as source) of the
    offices with a jurisdiction that the store mentions, cache them, and reload the reference data."""
    with open_store(store) as st:
        counts = refresh_from_wikidata(st, endpoint=endpoint, timeout_s=timeout_s, cache=cache)
    click.echo(
        f"fetched {counts['holdings']} holdings of {counts['offices']} offices in "
        f"{counts['jurisdictions']} jurisdictions from Wikidata; reference reloaded "
        f"({counts['reference']} reference triples)"
    )
