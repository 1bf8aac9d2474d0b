"""``newsgraph validate``: check the store against the SHACL shapes and print a report.

Exit status: 0 when there is no violation (warnings alone do not fail), 1 when violations exist
or when validation cannot run (the error is printed as one line).
"""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import URIRef

from api.cli import cli, store_option
from graph.store import open_store
from graph.validate import report as reports
from graph.validate.record import record_contradictions
from graph.validate.run import ENGINES, validate_all, validate_sources


@cli.command("validate")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(reports.FORMATS),
    default="json",
    show_default=True,
    help="Report format: SHACL report graph (turtle, jsonld), JSON summary, or HTML page.",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="sparql",
    show_default=True,
    help="sparql: the shapes run as SPARQL on the store (fast); pyshacl: the reference engine.",
)
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="IRI",
    help="Check only what this source (article) touches; repeatable.  Default: the whole store.",
)
@click.option(
    "--record/--no-record",
    default=False,
    show_default=True,
    help="Record the contradictions found (ng:Contradiction, ng:disputes, ng:supports) in the "
    "validation graph.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for a full pass of the sparql engine over an embedded store (threads for a "
    "remote one).  Default: NEWSGRAPH_VALIDATE_WORKERS, else the number of CPUs (at most 4).",
)
def validate_command(
    store: str,
    fmt: str,
    output: Path | None,
    engine: str,
    sources: tuple[str, ...],
    record: bool,
    workers: int | None,
) -> None:
    """Validate the graph against the shapes in shapes/; exit 1 when violations exist."""
    with open_store(store) as st:
        if sources:
            result = validate_sources(st, [URIRef(s) for s in sources], engine=engine)
        else:
            result = validate_all(st, engine=engine, workers=workers)
        if record:
            record_contradictions(st, result, [URIRef(s) for s in sources] if sources else None)
    text = reports.render(result, fmt)
    if output is not None:
        output.write_text(text, encoding="utf-8")
        counts = result.counts()
        click.echo(
            f"{counts['violations']} violations, {counts['warnings']} warnings; report written to {output}",
            err=True,
        )
    else:
        click.echo(text)
    if result.violations:
        raise SystemExit(1)
