"""Extraction on a Dask distributed cluster: ``newsgraph ingest --executor tcp://scheduler:8786``.

Why Dask: it is the distributed engine Python data teams already operate (a scheduler and workers
started with ``dask scheduler`` / ``dask worker``, on Kubernetes, YARN, SLURM or plain machines),
it ships plain Python functions and objects to the workers with (cloud)pickle, and its client is a
small pure-Python dependency.  Ray would do the same job but brings a much larger runtime and its
own object store, which extraction (small text in, small graphs out) does not need.

Only extraction runs on the cluster.  Writing stays in the calling process, through its one
``Store`` (embedded, or a remote SPARQL server): one transaction per article, as with the local
process pool, and the same per-article outcome report.  The workers need newsgraph and its spaCy
model installed (the same ``requirements.lock``); they never touch the store.

Time budget: each task runs ``graph.ingest.extraction.extract_one`` with the article's budget, which the
worker enforces in its own thread; the client also stops waiting for a task after
``budget * 3 + 30`` seconds (a worker stuck outside Python), cancels it and reports the article as
failed.  At most ``window`` articles are in flight at once, so an archive of any size streams
through the cluster without being held in the scheduler's memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Any

from graph.errors import InputError, NewsgraphError
from graph.ingest.extraction import extract_one, over_budget_message
from graph.model import Article, ExtractionResult

#: executor names that mean "this machine's process pool"
LOCAL = {"", "local", "process", "processes"}


def dask_address(executor: str | None) -> str | None:
    """The scheduler address an ``--executor`` value names, or None for the local process pool.

    ``dask://host:8786`` and ``host:8786`` mean ``tcp://host:8786``; ``tcp://``, ``tls://``,
    ``ws://`` and ``wss://`` addresses are used as given."""
    value = (executor or "").strip()
    if value.lower() in LOCAL:
        return None
    if value.startswith("dask://"):
        value = "tcp://" + value[len("dask://") :]
    elif "://" not in value:
        value = "tcp://" + value
    scheme, _, rest = value.partition("://")
    if scheme not in {"tcp", "tls", "ws", "wss", "inproc"} or not rest:
        raise InputError(
            f"--executor {executor!r}: give 'local' or a Dask scheduler address such as tcp://host:8786"
        )
    return value


def client_wait(budget: float | None) -> float | None:
    """How long the client waits for one task once it is the next result due."""
    return None if not budget else budget * 3 + 30


def extract_on_dask(
    articles: list[Article],
    address: str,
    budget: float | None = None,
    window: int = 64,
    connect_timeout: float = 30.0,
) -> Iterator[tuple[Article, ExtractionResult | None, str]]:
    """Extraction results in input order, computed on the cluster at ``address``."""
    if not articles:
        return
    from distributed import Client

    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise NewsgraphError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        pending: deque[tuple[Article, Any]] = deque()
        it = iter(articles)

        def submit_next() -> bool:
            art = next(it, None)
            if art is None:
                return False
            fut = client.submit(extract_one, art, budget, pure=False)
            pending.append((art, fut))
            return True

        for _ in range(max(1, window)):
            if not submit_next():
                break
        while pending:
            art, fut = pending.popleft()
            res: ExtractionResult | None = None
            try:
                res, msg = fut.result(timeout=client_wait(budget))
            except TimeoutError:
                fut.cancel()
                msg = over_budget_message(budget or 0) + " (the cluster did not return it)"
            except Exception as exc:  # a worker died, or the task could not run there
                msg = f"extraction failed on the Dask cluster: {type(exc).__name__}: {exc}"
            fut.release()
            yield art, res, msg
            submit_next()
    finally:
        client.close()
