"""``newsgraph serve``: the HTTP server (SPARQL Protocol, Graph Store, REST, pages) over uvicorn."""

from __future__ import annotations

import secrets

import click

from api.cli import cli, store_option


@cli.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--token",
    envvar="NEWSGRAPH_API_TOKEN",
    default=None,
    help="Bearer token that writing requests must carry (env NEWSGRAPH_API_TOKEN).",
)
@click.option(
    "--allow-updates",
    is_flag=True,
    envvar="NEWSGRAPH_ALLOW_UPDATES",
    help="Accept SPARQL Update, Graph Store writes and POST /sources (with the token).",
)
@click.option(
    "--query-timeout", type=float, default=None, help="Seconds a SPARQL query may run (default 30)."
)
@click.option(
    "--max-result-bytes", type=int, default=None, help="Largest SPARQL result served (default 50 MiB)."
)
@click.option(
    "--workers",
    "query_workers",
    type=int,
    default=None,
    help="SPARQL query worker processes (default 2), per read process with --read-processes.",
)
@click.option(
    "--read-processes",
    type=click.IntRange(min=1),
    default=None,
    help="Processes answering reads: REST, pages and SPARQL queries (default 1, env "
    "NEWSGRAPH_READ_PROCESSES). Above 1, one more process does every write; reads are never older "
    "than the last write. Up to the number of cores is useful.",
)
@click.option("--cors-origin", "cors_origins", multiple=True, help="Origin allowed by CORS (repeatable).")
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    help="Host header the server answers (repeatable, e.g. graph.example.org or *.example.org); "
    "others get 400. Loopback is always allowed. Default: any (env NEWSGRAPH_ALLOWED_HOSTS).",
)
@click.option(
    "--memory-replica/--no-memory-replica",
    default=None,
    help="Answer the REST API from an in-memory copy of the store, refreshed in the background after "
    "writes (faster lookups; about 0.5 GB of memory per million triples, in each read process; env "
    "NEWSGRAPH_MEMORY_REPLICA).",
)
@click.option(
    "--log-level",
    help="How much the server logs (the write token is never logged).",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve(
    store: str,
    host: str,
    port: int,
    token: str | None,
    allow_updates: bool,
    query_timeout: float | None,
    max_result_bytes: int | None,
    query_workers: int | None,
    cors_origins: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
    memory_replica: bool | None,
    read_processes: int | None,
    log_level: str,
) -> None:
    """Serve the graph over HTTP: /sparql, /store, the REST API and the pages.

    While it runs it holds an embedded store; the other commands then reach the store through it
    (it leaves its address and a write token in <store>/.server.json, mode 0600)."""
    import uvicorn

    from api.app import create_app, remove_server_file, write_server_file
    from api.settings import ApiSettings
    from graph.config import StoreSettings

    if allow_updates and not token:
        raise click.UsageError("--allow-updates needs --token (or NEWSGRAPH_API_TOKEN)")
    embedded = not StoreSettings(location=store).is_remote
    owner_token = secrets.token_urlsafe(32) if embedded else None
    settings = ApiSettings.from_env(
        store=store,
        token=token,
        allow_updates=allow_updates,
        owner_token=owner_token,
        query_timeout_s=query_timeout,
        max_result_bytes=max_result_bytes,
        query_workers=query_workers,
        cors_origins=list(cors_origins) or None,
        allowed_hosts=list(allowed_hosts) or None,
        memory_replica=memory_replica,
        read_processes=read_processes,
    )
    if settings.read_processes > 1:
        from api.processes import serve_processes

        click.echo(
            f"newsgraph serving {store} with {settings.read_processes} read processes "
            f"(updates {'on' if allow_updates else 'off'})",
            err=True,
        )
        serve_processes(settings, host, port, settings.read_processes, log_level)
        return
    app = create_app(settings)
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{port}"
    if embedded:
        assert owner_token is not None
        write_server_file(store, url, owner_token)
        app.state.ng.server_file_store = store  # removed at shutdown (uvicorn re-raises SIGTERM after it)
    click.echo(
        f"newsgraph serving {store} at {url}/sparql (updates {'on' if allow_updates else 'off'})", err=True
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        app.state.close()
        if embedded:
            remove_server_file(store)
