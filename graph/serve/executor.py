"""SPARQL execution that can be cut off: a per-query time limit and a result-size cap.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so user queries run in
child processes that can be.  The design (see docs/api.md, "Query execution"):

* The server process holds the one writable embedded store (RocksDB allows one writer).  Updates,
  Graph Store writes and ingestion run there, in-process, as transactions.
* Query workers are plain child processes (``python -m graph.serve.worker``).  They never open the
  live store: after a write, the server takes a RocksDB checkpoint of it (``Store.backup``: hard
  links, milliseconds) into ``<store>/.snapshots/<n>/``, and a worker re-opens that immutable
  snapshot read-only before its next query.  Nobody writes a snapshot, so reading it from another
  process is well defined (pyoxigraph leaves read-only opening of a store being written undefined).
* A query that runs past its time limit gets its worker killed (SIGKILL) and replaced; the client gets
  :class:`QueryTimeoutError` (HTTP 503).  The other workers, and the REST read models (which run
  bounded queries on the server's own store), keep serving meanwhile.
* The result-size cap is enforced while serializing: the worker writes into a buffer that refuses
  to grow past the cap, which stops the serializer.
* Snapshots no worker uses any more are deleted.

A remote store needs none of this: :class:`RemoteExecutor` hands the query to the server over HTTP
with the time limit as its read timeout.

Messages between the server and a worker are length-prefixed pickles over the child's stdin and
stdout (both ends are this module)."""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import queue
import select
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from graph.errors import QuerySyntaxError, QueryTimeoutError, StoreError
from graph.ipc import recv_fd, send
from graph.sparql.guards import check_sparql
from graph.sparql.run import NotRepresentable, ResultTooLarge, run_query, run_update
from graph.sparql.terms import iri_term
from graph.store import OxigraphStore, RemoteStore, Store

# ---------------------------------------------------------------------------------------------
# The interface
# ---------------------------------------------------------------------------------------------


@dataclass
class ExecutorLimits:
    timeout_s: float = 30.0
    max_result_bytes: int = 50 * 1024 * 1024
    workers: int = 2


class Executor:
    """Runs SPARQL for the server; subclasses know the backend.

    ``generation`` counts the writes this server made, so caches know the store changed."""

    def __init__(self, limits: ExecutorLimits | None = None) -> None:
        self.limits = limits or ExecutorLimits()
        self._generation = 0
        self._listeners: list[Callable[[int], None]] = []

    @property
    def generation(self) -> int:
        return self._generation

    def query(
        self,
        sparql: str,
        accept: str | None = None,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, str]:
        """Run a query; return the serialized answer and its media type (negotiated from ``accept``)."""
        raise NotImplementedError

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        raise NotImplementedError

    def changed(self) -> None:
        """Tell the executor the store was written by other code (ingest, Graph Store writes)."""
        self._generation += 1
        self._notify()

    def on_change(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(generation)`` after every write, once the write has committed (``serve
        --read-processes``: the read processes learn of it through shared memory)."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        for listener in self._listeners:
            listener(self.generation)

    def close(self) -> None:
        pass


# ---------------------------------------------------------------------------------------------
# Query workers
# ---------------------------------------------------------------------------------------------


class _Worker:
    """One query worker process (``python -m graph.serve.worker``) and the snapshot it has open."""

    def __init__(self) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.serve.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
        )
        self.snapshot: Path | None = None

    def call(self, msg: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        send(self.proc.stdin, msg)
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError
        reply: dict[str, Any] = recv_fd(fd)
        return reply

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()


class _WorkerPool(Executor):
    """Queries in killable child processes, each over an immutable snapshot of the store.

    Subclasses say which snapshot a query reads (:meth:`_snapshot`), when it may be deleted
    (:meth:`_unpin`, :meth:`_cleanup_locked`) and how updates are made."""

    def __init__(self, limits: ExecutorLimits | None = None) -> None:
        super().__init__(limits)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._closed = False
        self._pins: dict[Path, int] = {}  # snapshots a query is about to open or reading
        self._current: Path | None = None
        for _ in range(max(1, self.limits.workers)):
            self._idle.put(None)  # a slot; the worker starts on first use

    # -- snapshots (subclasses)
    def _snapshot(self) -> Path:
        """The snapshot the next query reads, pinned until :meth:`_unpin`."""
        raise NotImplementedError

    def _unpin(self, path: Path) -> None:
        raise NotImplementedError

    def _cleanup_locked(self) -> None:
        """Delete snapshots nobody reads (called with ``_lock`` held)."""

    # -- workers
    def _acquire(self) -> _Worker:
        try:
            slot = self._idle.get(timeout=self.limits.timeout_s)
        except queue.Empty:
            raise QueryTimeoutError(
                f"all {self.limits.workers} query workers stayed busy for {self.limits.timeout_s:g} s"
            ) from None
        if slot is None or not slot.alive():
            if slot is not None:
                self._forget(slot)
            try:
                slot = _Worker()
            except OSError as exc:
                self._idle.put(None)
                raise StoreError(f"cannot start a query worker: {exc}") from exc
            with self._lock:
                self._all.add(slot)
        return slot

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            if self._current is not None:
                self._cleanup_locked()

    def _release(self, worker: _Worker | None) -> None:
        self._idle.put(worker)

    def query(
        self,
        sparql: str,
        accept: str | None = None,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, str]:
        if self._closed:
            raise StoreError("the server is shutting down")
        check_sparql(sparql)
        snapshot = self._snapshot()
        try:
            return self._query_on(snapshot, sparql, accept, default_graph_uris, named_graph_uris, base_iri)
        finally:
            self._unpin(snapshot)

    def _query_on(
        self,
        snapshot: Path,
        sparql: str,
        accept: str | None,
        default_graph_uris: list[str] | None,
        named_graph_uris: list[str] | None,
        base_iri: str | None,
    ) -> tuple[bytes, str]:
        worker = self._acquire()
        try:
            if worker.snapshot != snapshot:
                reply = worker.call({"op": "open", "path": str(snapshot)}, timeout=self.limits.timeout_s)
                if not reply.get("ok"):
                    raise StoreError(reply.get("message", "cannot open the query snapshot"))
                worker.snapshot = snapshot
            reply = worker.call(
                {
                    "op": "query",
                    "sparql": sparql,
                    "accept": accept,
                    "default": default_graph_uris,
                    "named": named_graph_uris,
                    "base": base_iri,
                    "max_bytes": self.limits.max_result_bytes,
                },
                timeout=self.limits.timeout_s,
            )
        except TimeoutError:
            self._forget(worker)
            self._release(None)
            raise QueryTimeoutError(
                f"the query ran past the time limit of {self.limits.timeout_s:g} s and was stopped"
            ) from None
        except (EOFError, OSError, pickle.UnpicklingError, struct.error) as exc:
            self._forget(worker)
            self._release(None)
            raise StoreError(f"the query worker died: {exc}") from exc
        except BaseException:
            self._forget(worker)
            self._release(None)
            raise
        self._release(worker)
        if reply.get("ok"):
            return reply["body"], reply["media"]
        kind = reply.get("kind")
        if kind == "syntax":
            raise QuerySyntaxError(reply["message"])
        if kind == "too_large":
            raise ResultTooLarge(reply["message"])
        if kind == "not_representable":
            raise NotRepresentable(reply["message"])
        raise StoreError(reply.get("message", "query failed"))

    def _kill_workers(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# ---------------------------------------------------------------------------------------------
# Executors
# ---------------------------------------------------------------------------------------------

_POOL_IDS = itertools.count(1)


def _remove_stale_snapshots(parent: Path) -> None:
    """Delete snapshot folders left by server processes that are gone."""
    if not parent.is_dir():
        return
    for child in parent.iterdir():
        pid = child.name.split("-", 1)[0]
        alive = False
        if pid.isdigit():
            try:
                os.kill(int(pid), 0)
                alive = True
            except OSError:
                alive = False
        if not alive:
            shutil.rmtree(child, ignore_errors=True)


class WorkerPoolExecutor(_WorkerPool):
    """Queries in killable child processes over snapshots of an embedded store (see module doc)."""

    def __init__(self, store: OxigraphStore, limits: ExecutorLimits | None = None) -> None:
        if store.location == ":memory:":
            raise StoreError("the worker pool needs an embedded store on disk")
        super().__init__(limits)
        self.store = store
        parent = Path(store.location) / ".snapshots"
        _remove_stale_snapshots(parent)
        self.snapshot_root = parent / f"{os.getpid()}-{next(_POOL_IDS)}"
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
        self.snapshot_root.mkdir(parents=True, exist_ok=True)
        self._dirty = True
        self._counter = itertools.count(1)

    # -- snapshots
    def _snapshot(self) -> Path:
        with self._lock:
            if self._dirty or self._current is None:
                with self._write_lock:
                    path = self.snapshot_root / str(next(self._counter))
                    try:
                        self.store.raw.backup(str(path))
                    except OSError as exc:
                        raise StoreError(f"cannot snapshot the store for queries: {exc}") from exc
                    self._current = path
                    self._dirty = False
                self._cleanup_locked()
            self._pins[self._current] = self._pins.get(self._current, 0) + 1
            return self._current

    def _unpin(self, path: Path) -> None:
        with self._lock:
            left = self._pins.get(path, 0) - 1
            if left > 0:
                self._pins[path] = left
            else:
                self._pins.pop(path, None)

    def _cleanup_locked(self) -> None:
        in_use = {w.snapshot for w in self._all} | {self._current} | set(self._pins)
        for child in self.snapshot_root.iterdir():
            if child not in in_use:
                shutil.rmtree(child, ignore_errors=True)

    def changed(self) -> None:
        with self._lock:
            self._dirty = True
            self._generation += 1
        self._notify()

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        check_sparql(sparql, update=True)
        with self._write_lock:
            try:
                run_update(self.store.raw, sparql, base_iri)
            finally:
                self.changed()

    def close(self) -> None:
        self._kill_workers()
        shutil.rmtree(self.snapshot_root, ignore_errors=True)


class CheckpointExecutor(_WorkerPool):
    """The query workers of one read process of ``serve --read-processes`` (api/processes.py).

    The same killable workers as :class:`WorkerPoolExecutor`, but over the checkpoints the writing
    process takes: ``current()`` gives the checkpoint this process reads now (its path and write
    generation), ``pin``/``unpin`` keep it from being deleted while a worker opens it.  It takes no
    snapshots, deletes none and never writes (writes go to the writing process)."""

    def __init__(
        self,
        current: Callable[[], tuple[Path, int]],
        pin: Callable[[int], Any],
        unpin: Callable[[int], None],
        limits: ExecutorLimits | None = None,
    ) -> None:
        super().__init__(limits)
        self._current_fn = current
        self._pin_fn = pin
        self._unpin_fn = unpin

    @property
    def generation(self) -> int:
        return self._current_fn()[1]

    def _snapshot(self) -> Path:
        path, gen = self._current_fn()
        self._pin_fn(gen)
        return path

    def _unpin(self, path: Path) -> None:
        self._unpin_fn(_checkpoint_generation(path))

    def worker_generations(self) -> set[int]:
        """Write generations of the checkpoints the workers have open (not to be deleted)."""
        with self._lock:
            return {_checkpoint_generation(w.snapshot) for w in self._all if w.snapshot is not None}

    def changed(self) -> None:
        pass

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        raise StoreError("a read process does not write; the request should have gone to the writer")

    def close(self) -> None:
        self._kill_workers()


def _checkpoint_generation(path: Path) -> int:
    """``<root>/ckpt-<generation>`` -> generation."""
    return int(Path(path).name.rsplit("-", 1)[-1])


class InProcessExecutor(Executor):
    """For an in-memory or read-only store: queries run in the server process and cannot be cut off."""

    def __init__(self, store: OxigraphStore, limits: ExecutorLimits | None = None) -> None:
        super().__init__(limits)
        self.store = store

    def query(
        self,
        sparql: str,
        accept: str | None = None,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, str]:
        check_sparql(sparql)
        return run_query(
            self.store.raw,
            sparql,
            accept,
            default_graph_uris,
            named_graph_uris,
            base_iri,
            self.limits.max_result_bytes,
        )

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        check_sparql(sparql, update=True)
        try:
            run_update(self.store.raw, sparql, base_iri)
        finally:
            self.changed()


class RemoteExecutor(Executor):
    """A remote SPARQL server runs the query; the time limit is the HTTP read timeout."""

    def __init__(self, store: RemoteStore, limits: ExecutorLimits | None = None) -> None:
        super().__init__(limits)
        self.store = store

    def query(
        self,
        sparql: str,
        accept: str | None = None,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, str]:
        check_sparql(sparql)
        settings = self.store.settings
        params = tuple(("default-graph-uri", u) for u in default_graph_uris or []) + tuple(
            ("named-graph-uri", u) for u in named_graph_uris or []
        )
        url = settings.location.rstrip("/") + settings.query_path
        headers = {"Content-Type": "application/sparql-query", "Accept": accept or "*/*"}
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        try:
            with (
                httpx.Client(timeout=self.limits.timeout_s) as client,
                client.stream(
                    "POST", url, params=params, content=sparql.encode("utf-8"), headers=headers
                ) as resp,
            ):
                body = bytearray()
                for chunk in resp.iter_bytes():
                    body += chunk
                    if len(body) > self.limits.max_result_bytes:
                        raise ResultTooLarge(
                            f"the result is larger than the cap of {self.limits.max_result_bytes} bytes; "
                            "narrow the query or add a LIMIT"
                        )
                media = resp.headers.get("content-type", "application/octet-stream").split(";")[0]
                status = resp.status_code
        except httpx.TimeoutException as exc:
            raise QueryTimeoutError(
                f"the SPARQL server did not answer within {self.limits.timeout_s:g} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL server: {exc}") from exc
        if status == 400:
            raise QuerySyntaxError(bytes(body).decode("utf-8", "replace").strip()[:1000])
        if status >= 300:
            raise StoreError(
                f"the SPARQL server answered {status}: {bytes(body).decode('utf-8', 'replace').strip()[:300]}"
            )
        return bytes(body), media

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        if base_iri:
            sparql = f"BASE {iri_term(base_iri)}\n{sparql}"
        check_sparql(sparql, update=True)
        try:
            self.store.update(sparql)
        finally:
            self.changed()


def make_executor(store: Store, limits: ExecutorLimits | None = None) -> Executor:
    """The right executor for a store: worker pool (embedded on disk), remote, or in-process."""
    if isinstance(store, RemoteStore):
        return RemoteExecutor(store, limits)
    if not isinstance(store, OxigraphStore):
        raise StoreError(f"no executor for a {type(store).__name__}")
    if store.location != ":memory:" and not store.read_only:
        return WorkerPoolExecutor(store, limits)
    return InProcessExecutor(store, limits)
