"""Ingestion: inputs -> articles -> extraction -> one atomic write per article.

``ingest(inputs, store)`` reads files, folders, globs, URLs (see :mod:`graph.ingest.readers`) or takes
:class:`graph.model.Article` objects, extracts each article with
``graph.extract.extract_article`` and writes it through one writer (the calling process):

    store.replace_graphs({article.graph_iri: result.article_graph},
                         add={iris.entity_graph_iri(): result.entity_graph})

which is one transaction per article: an article is stored whole or not at all, and its earlier
version (same source id: same URL, or same text when there is no URL) is replaced in the same step.

- Unchanged: when the store already holds the source with the same ``ng:contentHash``, the article
  is skipped (no extraction, no write) and reported ``unchanged``.
- Parallel: batches of at least ``PARALLEL_MIN`` articles to extract, with ``workers > 1``, are
  extracted in worker processes (``ProcessPoolExecutor``; spaCy is loaded once per worker by the
  initializer); smaller batches are extracted in-process.  Results are written in input order.
- Errors: a read error, an extraction error or a failed write is reported for that article only,
  with the input named; the rest of the batch goes on and nothing of the failed article is written.
- Time budget: extracting one article may take at most ``extract_budget`` seconds (default
  ``NEWSGRAPH_EXTRACT_BUDGET``, see :func:`graph.config.extract_budget`), in-process and in worker
  processes alike; an article over budget is reported failed ("extraction took longer than N s")
  and the batch goes on.  The budget counts the CPU time of the extracting thread (a loaded
  machine does not fail articles); a watchdog thread interrupts the extractor's Python code
  (:mod:`graph.ingest.extraction`, shared with the Dask executor).
- Validation: ``graph.validate.run.validate_sources`` runs over the articles stored in this call
  (and those an interrupted batch stored without validating), its result goes into the report,
  and the contradictions found and the sources validated are recorded in the validation graph
  (:mod:`graph.validate.record`).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from rdflib import Literal as RdfLiteral
from rdflib import URIRef

from graph import iris
from graph.config import extract_budget as configured_budget
from graph.errors import InputError, NewsgraphError
from graph.ingest.distributed import dask_address, extract_on_dask
from graph.ingest.entities import write_article
from graph.ingest.extraction import extract_one, init_worker
from graph.ingest.readers import Overrides, ReadError, check_article, read_inputs
from graph.ingest.reference import load_reference
from graph.model import Article, ExtractionResult
from graph.namespace import NG
from graph.sparql.terms import sparql_term
from graph.store import Store
from graph.validate.record import mark_validated, never_validated, record_contradictions
from graph.validate.results import ValidationResult
from graph.validate.run import validate_sources

PARALLEL_MIN = 8  # fewer articles to extract than this: extract in-process
Status = Literal["stored", "unchanged", "error"]


@dataclass
class ArticleOutcome:
    """What happened to one article (or one unreadable input)."""

    name: str
    origin: str
    status: Status
    message: str = ""
    source: str | None = None  # the source IRI, when the article was read
    stats: dict[str, int] = field(default_factory=dict)


@dataclass
class IngestReport:
    """Per-article outcomes, counts, and the validation summary when validation ran."""

    outcomes: list[ArticleOutcome] = field(default_factory=list)
    validation: ValidationResult | None = None  # what graph.validate.run.validate_sources returned
    validation_error: str | None = None
    seconds: float = 0.0

    def _count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def stored(self) -> int:
        return self._count("stored")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def failed(self) -> int:
        return self._count("error")

    @property
    def ok(self) -> bool:
        """True when every article was stored or was already stored unchanged."""
        return self.failed == 0

    @property
    def errors(self) -> list[ArticleOutcome]:
        return [o for o in self.outcomes if o.status == "error"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "articles": [asdict(o) for o in self.outcomes],
            "validation": _jsonable(self.validation),
            "validation_error": self.validation_error,
        }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "to_dict"):
        return _jsonable(value.to_dict())
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


# ---------------------------------------------------------------------------------------------
# Extraction (in-process or in workers)
# ---------------------------------------------------------------------------------------------


def _mp_context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    # fork shares the already-imported modules (cheap start); the workers never touch the store
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


HARD_LIMIT_FACTOR = 10.0  # a worker busy with one article for this many budgets of wall-clock time ...
HARD_LIMIT_MIN_S = 120.0  # ... and at least this long is stopped (code the budget cannot interrupt)


def _hard_limit(budget: float | None) -> float | None:
    return None if not budget else max(HARD_LIMIT_MIN_S, budget * HARD_LIMIT_FACTOR)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    procs = pool._processes or {}  # None once the pool is shut down
    for proc in list(procs.values()):
        with suppress(OSError, AttributeError):
            proc.terminate()


def _extract_all(
    articles: list[Article], workers: int, budget: float | None = None
) -> Iterator[tuple[Article, ExtractionResult | None, str]]:
    """Extraction results in input order; each article within ``budget`` seconds (None: no limit).

    In worker processes there is also a wall-clock backstop (:func:`_hard_limit`) for what the
    budget cannot interrupt (a call stuck in C code): the article is reported failed, the workers
    are stopped and the rest of the batch goes on in fresh ones."""
    if workers <= 1 or len(articles) < PARALLEL_MIN:
        if budget and articles:
            init_worker()  # load spaCy before the first article's clock starts
        for art in articles:
            res, msg = extract_one(art, budget)
            yield art, res, msg
        return
    one = functools.partial(extract_one, budget=budget)
    hard = _hard_limit(budget)
    pending = list(articles)
    while pending:
        done = 0
        stopped = False
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=init_worker)
        try:
            futures = [pool.submit(one, art) for art in pending]
            for art, fut in zip(pending, futures, strict=True):
                try:
                    res, msg = fut.result(timeout=hard)
                except FuturesTimeout:
                    _stop_workers(pool)
                    stopped = True
                    done += 1
                    yield (
                        art,
                        None,
                        (
                            f"extraction did not finish within {hard:g} s of wall-clock time "
                            "(the hard limit per article); its worker process was stopped"
                        ),
                    )
                    break
                done += 1
                yield art, res, msg
        except BrokenProcessPool as exc:
            for art in pending[done:]:
                yield art, None, f"extraction failed: a worker process died ({exc})"
            done = len(pending)
        finally:
            pool.shutdown(wait=not stopped, cancel_futures=True)
        pending = pending[done:] if stopped else []


# ---------------------------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------------------------


def stored_hashes(store: Store, source_iris: list[URIRef]) -> dict[str, str]:
    """Content hash of each given source already in the store, by source IRI."""
    found: dict[str, str] = {}
    for i in range(0, len(source_iris), 200):
        chunk = source_iris[i : i + 200]
        values = " ".join(sparql_term(s) for s in chunk)
        res = store.select(
            f"SELECT ?s ?h WHERE {{ VALUES ?s {{ {values} }} ?s {sparql_term(NG.contentHash)} ?h }}"
        )
        for row in res.rows:
            s, h = row["s"], row["h"]
            if isinstance(s, URIRef) and isinstance(h, RdfLiteral):
                found[str(s)] = str(h)
    return found


def _write(store: Store, res: ExtractionResult) -> None:
    # the article graph replaced, its entity descriptions merged (one name, types by rule): one update
    write_article(store, res.article.graph_iri, res.article_graph, res.entity_graph, res.article.source_iri)


def _validate(store: Store, sources: list[URIRef], report: IngestReport) -> None:
    """Check what the new articles touch, and record the contradictions found as data."""
    if not sources:
        return
    try:
        report.validation = validate_sources(store, sources)
        record_contradictions(store, report.validation, sources)
        mark_validated(store, sources)
    except NewsgraphError as exc:
        report.validation_error = str(exc)
    except Exception as exc:  # validation must not undo or hide a successful ingest
        report.validation_error = f"{type(exc).__name__}: {exc}"


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def ensure_reference(store: Store) -> bool:
    """Load the reference data into a store that has none; True when it was loaded now."""
    if store.ask(f"ASK {{ GRAPH {sparql_term(iris.reference_graph_iri())} {{ ?s ?p ?o }} }}"):
        return False
    load_reference(store)
    return True


def ingest(
    inputs: Iterable[str | os.PathLike[str] | Article],
    store: Store,
    workers: int | None = None,
    progress: bool = False,
    overrides: Overrides | None = None,
    validate: bool = True,
    reference: bool = True,
    extract_budget: float | None = None,
    executor: str | None = None,
) -> IngestReport:
    """Read, extract and store every article in ``inputs``; report what happened to each.

    ``reference``: load the reference data first when the store has none yet, so entity names,
    offices and validation against the world work from the first article on.

    ``inputs`` mixes paths (files, folders, globs, URLs) and ready Article objects.  ``workers``:
    extraction processes for large batches (default: up to 4, one per CPU).  ``progress``: a tqdm
    bar on stderr, shown only when stderr is a terminal.  ``extract_budget``: seconds of extraction
    one article may take before it is reported failed (None: ``NEWSGRAPH_EXTRACT_BUDGET`` or its
    default; 0: no limit).  ``executor``: where extraction runs: None or "local" for this machine's
    process pool, or a Dask scheduler address (``tcp://host:8786``, see graph/ingest/distributed.py);
    writing always happens here, through ``store``."""
    from tqdm import tqdm

    started = time.monotonic()
    report = IngestReport()
    workers = default_workers() if workers is None else max(1, workers)
    budget = configured_budget() if extract_budget is None else (extract_budget or None)

    items: list[Article | ReadError] = []
    paths: list[str | os.PathLike[str]] = []

    def flush_paths() -> None:
        if paths:
            items.extend(read_inputs(paths, overrides))
            paths.clear()

    for given in inputs:
        if isinstance(given, Article):
            flush_paths()
            try:
                items.append(check_article(given))
            except InputError as exc:
                items.append(ReadError(given.origin or given.name, str(exc), given.name))
        else:
            paths.append(given)
    flush_paths()

    if reference:
        ensure_reference(store)
    outcomes: list[ArticleOutcome | None] = [None] * len(items)
    bar = tqdm(
        total=len(items), unit="article", file=sys.stderr, disable=not (progress and sys.stderr.isatty())
    )
    try:
        articles: list[tuple[int, Article]] = []
        for i, item in enumerate(items):
            if isinstance(item, ReadError):
                outcomes[i] = ArticleOutcome(item.name, item.origin, "error", item.message)
                bar.update(1)
            else:
                articles.append((i, item))

        # skip what the store (or this batch) already holds with the same text
        known = stored_hashes(store, sorted({a.source_iri for _, a in articles}))
        to_extract: list[tuple[int, Article]] = []
        batch_hash: dict[str, str] = {}
        for i, art in articles:
            key = str(art.source_iri)
            if batch_hash.get(key, known.get(key)) == art.content_hash:
                outcomes[i] = ArticleOutcome(
                    art.name, art.origin, "unchanged", "same text already stored", key
                )
                bar.update(1)
            else:
                batch_hash[key] = art.content_hash
                to_extract.append((i, art))

        stored_sources: dict[URIRef, None] = {}
        address = dask_address(executor if executor is not None else os.environ.get("NEWSGRAPH_EXECUTOR"))
        if address is not None:
            extracted = extract_on_dask([a for _, a in to_extract], address, budget)
        else:
            extracted = _extract_all([a for _, a in to_extract], workers, budget)
        for (i, _), (art, res, msg) in zip(to_extract, extracted, strict=True):
            key = str(art.source_iri)
            if res is None:
                outcomes[i] = ArticleOutcome(art.name, art.origin, "error", msg, key)
            else:
                try:
                    _write(store, res)
                except NewsgraphError as exc:
                    outcomes[i] = ArticleOutcome(art.name, art.origin, "error", f"cannot store: {exc}", key)
                else:
                    outcomes[i] = ArticleOutcome(art.name, art.origin, "stored", "", key, dict(res.stats))
                    stored_sources[art.source_iri] = None
            bar.update(1)
    finally:
        bar.close()

    report.outcomes = [o for o in outcomes if o is not None]
    if validate:
        # and what an interrupted batch stored but did not validate (it comes back "unchanged")
        unchanged = [URIRef(o.source) for o in report.outcomes if o.status == "unchanged" and o.source]
        for s in never_validated(store, unchanged) if unchanged else []:
            stored_sources.setdefault(s, None)
        _validate(store, list(stored_sources), report)
    report.seconds = time.monotonic() - started
    return report
