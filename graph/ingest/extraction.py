"""Extracting one article within a time budget: in this process, in a worker of the local process
pool (graph/ingest/pipeline.py) or on a Dask worker (graph/ingest/distributed.py), the same
function, ``extract_one``, which never raises.

The budget counts the CPU time of the extracting thread (a loaded machine does not fail articles);
a watchdog thread interrupts the extractor's Python code.  graph.extract (and with it spaCy) is
imported on first use, so that reading this module costs nothing.
"""

from __future__ import annotations

import ctypes
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import NewsgraphError
from graph.model import Article, ExtractionResult


def _extractor() -> Callable[[Article], ExtractionResult]:
    from graph.extract import extract_article

    return extract_article


def init_worker() -> None:
    """Load the extractor (and with it spaCy) once per worker process."""
    from graph.extract.nlp import load_nlp

    load_nlp()


class _OverBudget(BaseException):
    """Raised into an extraction that ran past its time budget.  A BaseException, so that an
    extractor's ``except Exception`` cannot swallow it."""


def _cpu_clock() -> Callable[[], float]:
    """The calling thread's CPU clock (seconds it has run), else the wall clock."""
    try:
        clock_id = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(clock_id)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


@contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_OverBudget` in the calling thread once it has spent more than ``seconds`` of
    CPU time in the block (so a busy machine does not fail articles that a quiet one extracts).

    A watchdog thread reads the caller's CPU clock and, over budget, raises the exception into the
    caller (``PyThreadState_SetAsyncExc``): this works in any thread, in the main process and in
    worker processes alike, and needs no signal handler.  The exception arrives when the caller
    next runs Python code, which covers every loop of the extractors' own code."""
    if not seconds or seconds <= 0:
        yield
        return
    clock = _cpu_clock()
    started = clock()
    target = threading.get_ident()
    lock = threading.Lock()
    done = threading.Event()
    finished = False

    def watch() -> None:
        interval = min(0.05, max(0.001, seconds / 4))
        while not done.wait(interval):
            if clock() - started > seconds:
                with lock:
                    if not finished:
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(
                            ctypes.c_ulong(target), ctypes.py_object(_OverBudget)
                        )
                return

    watchdog = threading.Thread(target=watch, name="extract-budget", daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        with lock:
            finished = True
        done.set()


def over_budget_message(seconds: float) -> str:
    """The outcome message of an article over its time budget."""
    return (
        f"extraction took longer than {seconds:g} s of CPU time (the time budget per article); "
        "nothing of it was stored"
    )


def extract_one(article: Article, budget: float | None = None) -> tuple[ExtractionResult | None, str]:
    """Extract one article within ``budget`` seconds; never raises, so a bad article cannot break a
    worker pool."""
    try:
        with _time_limit(budget):
            result = _extractor()(article)
        return result, ""
    except _OverBudget:
        return None, over_budget_message(budget or 0)
    except NewsgraphError as exc:
        return None, f"extraction failed: {exc}"
    except Exception as exc:  # an extractor bug must cost one article, not the batch
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" ({Path(last.filename).name}:{last.lineno})" if last else ""
        return None, f"extraction failed: {type(exc).__name__}: {exc}{where}"
