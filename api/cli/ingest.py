"""``newsgraph ingest``: read articles, extract them, store them (one transaction per article)."""

from __future__ import annotations

import json
from datetime import date

import click

from api.cli import cli, store_option
from graph.config import DEFAULT_EXTRACT_BUDGET
from graph.errors import InputError
from graph.ingest.pipeline import IngestReport, default_workers, ingest
from graph.ingest.readers import DEFAULT_MAX_BYTES, Overrides, parse_date
from graph.store import open_store


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from exc


def _print_summary(report: IngestReport) -> None:
    click.echo(
        f"stored: {report.stored}  unchanged: {report.unchanged}  failed: {report.failed}  "
        f"({report.seconds:.1f} s)"
    )
    for o in report.errors:
        click.echo(f"failed: {o.origin}: {o.message}", err=True)
    if report.validation is not None:
        v = report.validation
        counts = v.counts()
        click.echo(
            "validation of what these articles touch: "
            + ", ".join(f"{n} {k}" for k, n in counts.items())
            + ("  (newsgraph validate --format html for the report)" if counts.get("violations") else "")
        )
        for issue in v.violations[:10]:
            click.echo(f"  violation: {issue.message}")
    if report.validation_error:
        click.echo(f"validation did not run to the end: {report.validation_error}", err=True)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option(
    "--published",
    callback=_date,
    metavar="DATE",
    help="Publication date (YYYY-MM-DD) for every input, instead of the one found in or "
    "inferred from each article.",
)
@click.option("--outlet", metavar="NAME", help="Name of the outlet that published every input.")
@click.option(
    "--url",
    metavar="URL",
    help="URL of the article; identifies the source, so a new text under the same URL "
    "replaces the earlier version. Meant for a single input.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help=f"Extraction processes for large batches (default: one per CPU, at most 4; "
    f"here {default_workers()}). Small batches are extracted in-process.",
)
@click.option(
    "--max-size",
    "max_bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Largest input file (or JSON Lines record) read, in bytes.",
)
@click.option(
    "--extract-budget",
    "extract_budget",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Seconds of extraction (CPU time) one article may take; an article over it is reported failed and the "
    "batch goes on (default: NEWSGRAPH_EXTRACT_BUDGET, else "
    f"{DEFAULT_EXTRACT_BUDGET:g}; 0: no limit).",
)
@click.option(
    "--executor",
    envvar="NEWSGRAPH_EXECUTOR",
    default=None,
    metavar="local|ADDRESS",
    help="Where extraction runs: 'local' (this machine's process pool, the default) or the address of a "
    "Dask scheduler (tcp://host:8786); the store is written from here either way (env NEWSGRAPH_EXECUTOR).",
)
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar (it shows only on a terminal).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
def ingest_cmd(
    paths: tuple[str, ...],
    store: str,
    published: date | None,
    outlet: str | None,
    url: str | None,
    workers: int | None,
    max_bytes: int,
    extract_budget: float | None,
    executor: str | None,
    no_progress: bool,
    as_json: bool,
) -> None:
    """Read articles from PATH... and add them to the store.

    Each PATH is a plain text file (headline on the first line), an HTML page, a JSON Lines file
    (one article a line: id, url, title, outlet, published, text), a folder (read recursively), a
    glob or an http(s) URL.  Each article is written in one transaction; re-ingesting the same text
    changes nothing.  Exit status 0 when every article was stored or was already there, 1 when any
    input failed (each failure is listed on stderr).
    """
    overrides = Overrides(published=published, outlet=outlet, url=url, max_bytes=max_bytes)
    with open_store(store) as st:
        report = ingest(
            list(paths),
            st,
            workers=workers,
            progress=not no_progress,
            overrides=overrides,
            extract_budget=extract_budget,
            executor=executor,
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        for o in report.errors:
            click.echo(f"failed: {o.origin}: {o.message}", err=True)
    else:
        _print_summary(report)
    if not report.ok:
        raise SystemExit(1)
