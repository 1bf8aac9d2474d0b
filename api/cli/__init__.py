"""The ``newsgraph`` command line: a thin shell over the library in ``graph/``.

Each area registers its commands from its own module (``core``, ``ingest``, ``validate``,
``network``, ``reference``), the way spaCy registers pipeline parts: a new area plugs in by adding a
module to ``COMMAND_MODULES``.  Errors the user can act on become one line on stderr and a
non-zero exit status, never a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from graph import __version__
from graph.errors import NewsgraphError

COMMAND_MODULES = ("core", "ingest", "validate", "network", "reference", "serve")

F = TypeVar("F", bound=Callable[..., Any])


def store_option(func: F) -> F:
    """``--store`` after the subcommand: a folder (embedded store) or an http(s) SPARQL server URL."""
    return click.option(
        "--store",
        "store",
        envvar="NEWSGRAPH_STORE",
        default="./data/store",
        show_default=True,
        help="Store location: a folder for the embedded Oxigraph store, or the http(s) URL of a "
        "SPARQL 1.1 server (env NEWSGRAPH_STORE).",
    )(func)


class NewsgraphGroup(click.Group):
    """A click group that turns NewsgraphError into a one-line message and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsgraphError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `newsgraph query ... | head`: the reader left; nothing to say
            sys.stderr.close()
            ctx.exit(0)
        except OSError as exc:
            click.echo(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), err=True)
            ctx.exit(1)
        except Exception as exc:  # a bug: say so in one line; NEWSGRAPH_DEBUG=1 shows the traceback
            if os.environ.get("NEWSGRAPH_DEBUG"):
                raise
            click.echo(
                f"error: unexpected {type(exc).__name__}: {exc} (set NEWSGRAPH_DEBUG=1 for details)", err=True
            )
            ctx.exit(2)


@click.group(cls=NewsgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsgraph")
def cli() -> None:
    """newsgraph: news articles to an RDF knowledge graph of actors, offices, events and claims,
    with provenance down to the sentence and SHACL validation."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"api.cli.{_name}")


def main(argv: list[str] | None = None) -> int:
    try:
        cli.main(args=argv, prog_name="newsgraph", standalone_mode=True)
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
