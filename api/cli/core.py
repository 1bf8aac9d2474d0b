"""Core commands: query, import, export, stats."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
from rdflib import URIRef

from api.cli import cli, store_option
from graph.errors import InputError
from graph.read.facts import export_facts
from graph.read.stats import store_stats
from graph.sparql.formats import STORE_FORMATS, format_from_path, rdf_format
from graph.sparql.guards import query_form
from graph.store import SelectResult, open_store


def _cell(term: object) -> str:
    return "" if term is None else str(term)


def _print_table(res: SelectResult, out: io.TextIOBase | None = None) -> None:
    stream = out or sys.stdout
    headers = res.variables
    rows = [[_cell(r.get(v)) for v in headers] for r in res.rows]
    widths = [max([len(h)] + [min(len(row[i]), 80) for row in rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    stream.write(line.rstrip() + "\n")
    stream.write("  ".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = [(c if len(c) <= 80 else c[:77] + "...").ljust(w) for c, w in zip(row, widths, strict=True)]
        stream.write("  ".join(cells).rstrip() + "\n")
    stream.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


@cli.command()
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "query_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Read the query from this file instead of the argument.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output for SELECT results; CONSTRUCT prints Turtle, ASK prints true/false.",
)
@store_option
def query(sparql: str | None, query_file: str | None, fmt: str, store: str) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over all graphs.

    The default graph is the union of every article's graph, the entity graph and the reference
    graph; use GRAPH ?g { ... } to reach one.  Read the query from the argument, --file, or stdin ("-").
    """
    if query_file:
        text = Path(query_file).read_text(encoding="utf-8")
    elif sparql == "-" or sparql is None:
        if sparql is None and sys.stdin.isatty():
            raise click.UsageError("give a query as an argument, with --file, or on stdin")
        text = sys.stdin.read()
    else:
        text = sparql
    with open_store(store, read_only=True) as st:
        kind = query_form(text)
        if kind == "ASK":
            click.echo("true" if st.ask(text) else "false")
        elif kind in ("CONSTRUCT", "DESCRIBE"):
            click.echo(st.construct(text).serialize(format="turtle"))
        else:
            res = st.select(text)
            if fmt == "json":
                click.echo(json.dumps([{k: _cell(v) for k, v in r.items()} for r in res.rows], indent=2))
            elif fmt == "csv":
                buf = io.StringIO()
                w = csv.writer(buf)
                w.writerow(res.variables)
                for r in res.rows:
                    w.writerow([_cell(r.get(v)) for v in res.variables])
                click.echo(buf.getvalue(), nl=False)
            else:
                _print_table(res)


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", help=f"RDF format ({', '.join(STORE_FORMATS)}); default from the file extension."
)
@click.option("--graph", "graph_iri", help="Load triples into this named graph (for triple formats).")
@store_option
def import_(files: tuple[str, ...], fmt: str | None, graph_iri: str | None, store: str) -> None:
    """Import RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD, RDF/XML) into the store.

    Each file is parsed completely before anything is written: a malformed file leaves the store
    unchanged.  Into the embedded store, large files then go through Oxigraph's bulk loader; into a
    SPARQL server, in chunks through the Graph Store Protocol.  Triples without a graph go into
    --graph, or the store's default graph.
    """
    with open_store(store) as st:
        total = 0
        for f in files:
            f_fmt = (rdf_format(fmt) if fmt else format_from_path(f)).name
            try:
                n = st.import_file(f, f_fmt, URIRef(graph_iri) if graph_iri else None)
            except InputError as exc:
                raise InputError(f"{f}: {exc}") from exc
            total += n
            click.echo(f"imported {n} quads from {f}")
        click.echo(f"{total} quads imported into {st.location}")


@cli.command()
@click.option(
    "--format",
    "fmt",
    default="trig",
    show_default=True,
    help=f"RDF format ({', '.join(STORE_FORMATS)}), or 'facts' for one facts-JSON file per article.",
)
@click.option("--graph", "graph_iri", help="Export only this named graph.")
@click.option(
    "--output", "-o", type=click.Path(), help="File to write (a folder for --format facts); default stdout."
)
@store_option
def export(fmt: str, graph_iri: str | None, output: str | None, store: str) -> None:
    """Export the whole store or one graph as RDF, or every article's facts as JSON.

    `newsgraph export --format trig -o backup.trig` then `newsgraph import backup.trig` into an
    empty store restores an isomorphic dataset.
    """
    with open_store(store, read_only=True) as st:
        if fmt == "facts":
            if not output:
                raise click.UsageError("--format facts needs --output DIR")
            paths = export_facts(st, Path(output))
            click.echo(f"wrote {len(paths)} facts files to {output}")
            return
        data = st.export(rdf_format(fmt).name, URIRef(graph_iri) if graph_iri else None)
    if output:
        Path(output).write_bytes(data)
        click.echo(f"wrote {len(data)} bytes to {output}", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@store_option
def stats(as_json: bool, store: str) -> None:
    """Counts: quads, named graphs, sources, and instances of each class."""
    with open_store(store, read_only=True) as st:
        s = store_stats(st)
    if as_json:
        click.echo(json.dumps(s, indent=2))
        return
    click.echo(f"store:    {s['store']}")
    click.echo(f"quads:    {s['quads']}")
    click.echo(f"graphs:   {s['graphs']}")
    click.echo(f"sources:  {s['sources']}")
    click.echo("classes:")
    for cls, n in s["classes"].items():
        click.echo(f"  {cls:<28}{n:>8}")
