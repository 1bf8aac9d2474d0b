"""A full validation pass over several processes (the SPARQL engine on an embedded store).

pyoxigraph keeps Python's GIL while it produces results, so threads do not run two queries at
once; processes do.  A full pass is a list of independent jobs (the core constraints of one node
shape, or its SPARQL constraints), so:

1. the store is checkpointed (``Store.backup``: hard links, milliseconds) into
   ``<store>/.snapshots/<pid>-validate-<n>/`` (reading a store another process writes is undefined);
2. ``workers - 1`` child processes (``python -m graph.validate.pool``: nothing of this process is
   copied or re-run) open the checkpoint read-only; this process goes on reading its own store;
3. all of them take jobs from one queue, heaviest kind first (SPARQL constraints, then core), until
   it is empty; the results are merged and deduplicated as in a one-process pass, so the result is
   the same set of issues in the same order (tests/test_validate_batch.py checks this);
4. the checkpoint is deleted.

A remote store (a SPARQL 1.1 server) gets ``workers`` threads instead, each sending its own
queries: the server runs them at once.  An embedded store of fewer than ``MIN_TRIPLES`` triples is
checked in one process (starting a child costs more than it saves there).  Anything that prevents
this (a store in memory, a checkpoint that cannot be written, a child that cannot start) falls back
to the one-process pass, which gives the same results.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.config import project_root
from graph.ipc import recv_fd, send
from graph.store import OxigraphStore, RemoteStore
from graph.validate.engine import SparqlEngine
from graph.validate.results import Issue, dedupe
from graph.validate.shapes import Shapes, parse_shapes

log = logging.getLogger(__name__)

Job = tuple[int, str]  # (index of the node shape, "sparql" or "core")

_IDS = itertools.count(1)

# -- the child side (python -m graph.validate.pool) ---------------------------------------------


def _shapes_payload(shapes: Shapes) -> tuple[list[str], str | None]:
    """What a child needs to rebuild ``shapes``: its files, or (built in memory) its triples."""
    if shapes.files:
        return [str(f) for f in shapes.files], None
    return [], shapes.graph.serialize(format="nt")


def _rebuild_shapes(files: list[str], triples: str | None) -> Shapes:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    if triples is not None:
        g.parse(data=triples, format="nt")
    return parse_shapes(g, [Path(f) for f in files])


def child_main() -> None:  # pragma: no cover - runs in the child process
    """Messages: {"op": "init", snapshot, files, triples, batch}, then {"op": "run", job}, each
    answered {"ok": True, "issues": [...]} or {"ok": False, "message": ...}; EOF ends it."""
    stdin_fd = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the message pipe
    engine: SparqlEngine | None = None
    while True:
        try:
            msg = recv_fd(stdin_fd)
        except EOFError:
            return
        try:
            if msg["op"] == "init":
                shapes = _rebuild_shapes(msg["files"], msg["triples"])
                store = OxigraphStore(msg["snapshot"], read_only=True)
                engine = SparqlEngine(store, shapes, batch=msg["batch"])
                send(out, {"ok": True})
            elif msg["op"] == "run" and engine is not None:
                send(out, {"ok": True, "issues": engine.run_job(msg["job"])})
            else:
                send(out, {"ok": False, "message": f"unexpected message {msg.get('op')!r}"})
        except Exception as exc:  # report it; the parent re-runs the job itself
            send(out, {"ok": False, "message": f"{type(exc).__name__}: {exc}"})


class _Child:
    """One worker process and its pipes."""

    def __init__(self, init: dict[str, Any], started: Callable[[_Child], None] | None = None) -> None:
        """Start the process, call ``started`` with it (so that it can be stopped while it loads),
        then send it ``init`` and wait until it is ready."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project_root()), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.validate.pool"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        if started is not None:
            started(self)
        self.call(init)

    def call(self, msg: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        send(self.proc.stdin, msg)
        reply: dict[str, Any] = recv_fd(self.proc.stdout.fileno())
        if not reply.get("ok"):
            raise RuntimeError(reply.get("message", "the validation worker failed"))
        return reply

    def kill(self) -> None:
        """Stop it now (it is reaped by ``close``)."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.proc.kill()

    def close(self) -> None:
        """End it (EOF on its stdin) and reap it; a stopped child's pipes may be broken."""
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


# -- the parent side ---------------------------------------------------------------------------


def full_pass_jobs(shapes: Shapes) -> list[Job]:
    """Every job of a full pass, the longest first (so that the last one to end is a short one):
    the SPARQL rules with a batch text (the pair rules, seconds at 1M triples), longest text
    first; then the core constraints, the shape with most property shapes first; then the other
    SPARQL rules (target-bound, tenths of a second)."""
    nodes = shapes.node_shapes
    heavy = [(i, "sparql") for i, ns in enumerate(nodes) if any(c.batch for c in ns.sparql)]
    heavy.sort(key=lambda j: -max(len(c.batch or "") for c in nodes[j[0]].sparql))
    core = [(i, "core") for i, ns in enumerate(nodes) if ns.properties]
    core.sort(key=lambda j: -len(nodes[j[0]].properties))
    light = [(i, "sparql") for i, ns in enumerate(nodes) if ns.sparql and not any(c.batch for c in ns.sparql)]
    return heavy + core + light


def _share_jobs(
    local: SparqlEngine, all_jobs: list[Job], init: dict[str, Any], n_children: int
) -> list[Issue]:
    """Run ``all_jobs`` here and in ``n_children`` child processes; their issues in job order.

    Each child is started and fed by a thread of this process, which waits on its pipe (without the
    GIL) while this thread runs jobs itself.  When no job is left, this thread waits only for the
    jobs children are running; a child still loading is stopped (on a small store this process may
    have done everything meanwhile).  A job a failed child held is run here.  However this ends
    (an error or KeyboardInterrupt here included), every child is stopped and reaped before it
    returns, and no job is handed out any more."""
    jobs = deque(all_jobs)
    lock = threading.Lock()
    results: dict[Job, list[Issue]] = {}
    busy: dict[int, Job] = {}  # feeder thread id -> the job its child is running
    children: list[_Child] = []
    failures: list[BaseException] = []
    state = {"done": False}

    def take() -> Job | None:
        with lock:
            busy.pop(threading.get_ident(), None)
            if not jobs:
                return None
            job = jobs.popleft()
            if threading.get_ident() != here:
                busy[threading.get_ident()] = job
            return job

    def started(child: _Child) -> None:
        with lock:
            children.append(child)
            if state["done"]:  # started after the pass ended: nothing for it to do
                child.kill()

    def feed() -> None:
        mine: list[_Child] = []  # also a child whose start failed half-way: it is reaped below

        def started_here(child: _Child) -> None:
            mine.append(child)
            started(child)

        try:
            t0 = time.perf_counter()
            child = _Child(init, started_here)
            log.debug("validation worker ready in %.2f s", time.perf_counter() - t0)
            while (job := take()) is not None:
                found = child.call({"op": "run", "job": job})["issues"]
                with lock:
                    results[job] = found
        except Exception as exc:  # whatever it is (a broken pipe, a reply that cannot be unpickled):
            with lock:  # the job it held is run here, and it is logged below
                if not state["done"]:  # not the stop below
                    failures.append(exc)
        finally:
            with lock:
                busy.pop(threading.get_ident(), None)
            for c in mine:
                c.close()

    here = threading.get_ident()
    feeders = [threading.Thread(target=feed, daemon=True) for _ in range(n_children)]
    for t in feeders:
        t.start()
    try:
        while (job := take()) is not None:
            found = local.run_job(job)
            with lock:
                results[job] = found
        for t in feeders:
            with lock:
                running = t.ident in busy
            if running:
                t.join()
    finally:
        with lock:
            state["done"] = True
            jobs.clear()  # after an error here, nothing more is handed out
            stop = list(children)
        for c in stop:  # idle or still loading (or busy, after an error here): nothing more to do
            c.kill()
        for t in feeders:  # each reaps its child; a stopped child ends its feeder at once
            t.join(timeout=30)
    missing = [job for job in all_jobs if job not in results]
    if failures:
        log.warning(
            "a validation worker failed (%s); the %d job(s) left undone ran in this process",
            failures[0],
            len(missing),
            exc_info=failures[0],
        )
    out: list[Issue] = []
    for job in all_jobs:
        out += results[job] if job in results else local.run_job(job)
    return out


def can_parallelise(store: object) -> bool:
    """A remote store (threads), or an embedded store on disk that this process may write (the
    checkpoint goes into its folder)."""
    return isinstance(store, RemoteStore) or (
        isinstance(store, OxigraphStore)
        and store.location not in (None, "", ":memory:")
        and not store.read_only
    )


#: Below this many triples a full pass takes a fraction of a second, less than starting a child
#: process costs: it runs in one process.
MIN_TRIPLES = 200_000


def _has_at_least(store: OxigraphStore, n: int) -> bool:
    """Whether the store holds ``n`` triples, reading at most ``n`` (~0.4 µs each)."""
    if n <= 0:
        return True
    rows = store.select(
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n} }} }}"
    ).rows
    return bool(rows) and int(str(rows[0]["n"])) >= n


def _remove_stale_checkpoints(parent: Path) -> None:
    """Delete the checkpoints of full passes whose process is gone (killed mid-pass): nothing else
    removes them unless a server starts on the store, and they keep old SST files on disk."""
    if os.name == "nt" or not parent.is_dir():  # there os.kill(pid, 0) would end the process
        return
    for folder in parent.iterdir():
        pid, _, rest = folder.name.partition("-")
        if not pid.isdigit() or not rest.startswith("validate-") or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass  # alive (another user's process, say)


def _remote_full_pass(engine: SparqlEngine, workers: int) -> list[Issue]:
    """A SPARQL server answers several queries at once: ``workers`` threads (waiting on HTTP, not
    holding the GIL), each with its own engine over the same store, share the jobs."""

    class PerThread(threading.local):
        def __init__(self) -> None:  # runs in each thread on its first use
            self.engine = SparqlEngine(engine.store, engine.shapes, batch=engine.batch)

    local = PerThread()

    def run(job: Job) -> list[Issue]:
        return local.engine.run_job(job)

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="validate") as pool:
        found = list(pool.map(run, full_pass_jobs(engine.shapes)))  # in job order
    return dedupe([issue for issues in found for issue in issues])


def parallel_full_pass(engine: SparqlEngine, workers: int) -> list[Issue] | None:
    """The issues of a full pass run by ``workers`` processes (threads for a remote store); None
    when it cannot be run that way or is too small to gain from it (the caller then runs it in one
    process)."""
    store = engine.store
    if workers < 2 or not can_parallelise(store):
        return None
    if isinstance(store, RemoteStore):
        return _remote_full_pass(engine, workers)
    assert isinstance(store, OxigraphStore)
    if not _has_at_least(store, MIN_TRIPLES):
        return None
    snapshot = Path(store.location) / ".snapshots" / f"{os.getpid()}-validate-{next(_IDS)}"
    try:  # the checkpoint is removed however this ends (KeyboardInterrupt right after it included)
        try:
            snapshot.parent.mkdir(parents=True, exist_ok=True)
            _remove_stale_checkpoints(snapshot.parent)
            shutil.rmtree(snapshot, ignore_errors=True)
            store.raw.backup(str(snapshot))
        except (OSError, RuntimeError) as exc:  # RocksDB's non-I/O errors are RuntimeError
            log.warning("full pass in one process: cannot checkpoint the store (%s)", exc)
            return None
        files, triples = _shapes_payload(engine.shapes)
        init: dict[str, Any] = {"op": "init", "snapshot": str(snapshot), "files": files, "triples": triples}
        init["batch"] = engine.batch
        # this process reads the store it has open (its caches are warm); like a one-process pass,
        # it sees writes made meanwhile, the children see the checkpoint
        return dedupe(_share_jobs(engine, full_pass_jobs(engine.shapes), init, workers - 1))
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    child_main()
