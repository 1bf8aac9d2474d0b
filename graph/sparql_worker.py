"""SPARQL execution that can be cut off: a per-query time limit and a result-size cap.

pyoxigraph cannot cancel a running query, and a thread cannot be killed, so user queries run in
child processes that can be.  The design (see docs/api.md, "Query execution"):

* The server process holds the one writable embedded store (RocksDB allows one writer).  Updates,
  Graph Store writes and ingestion run there, in-process, as transactions.
* Query workers are plain child processes (``python -m graph.sparql_worker``).  They never open the
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
stdout (both ends are this module).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import pickle
import queue
import re
import select
import shutil
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from graph.errors import NewsgraphError, QuerySyntaxError, QueryTimeoutError, StoreError

# ---------------------------------------------------------------------------------------------
# Media types and content negotiation
# ---------------------------------------------------------------------------------------------

RESULT_MEDIA = {  # SELECT / ASK
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_MEDIA = {  # CONSTRUCT / DESCRIBE
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}
ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "text/n3": "text/turtle",
}
DEFAULT_RESULT = "application/sparql-results+json"
DEFAULT_GRAPH = "text/turtle"

# Names a client may give in a ``format=`` parameter instead of an Accept header.
FORMAT_PARAM = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    if not header:
        return [("*/*", 1.0)]
    out: list[tuple[int, str, float]] = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        out.append((i, media, q))
    out.sort(key=lambda t: (-t[2], -_specificity(t[1]), t[0]))
    return [(m, q) for _, m, q in out if q > 0]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    return 1 if media.endswith("/*") else 2


def choose_media(accept: str | None, kind: str) -> str:
    """The media type to answer with: ``kind`` is 'results' (SELECT/ASK) or 'graph'."""
    table = RESULT_MEDIA if kind == "results" else GRAPH_MEDIA
    default = DEFAULT_RESULT if kind == "results" else DEFAULT_GRAPH
    for media, _q in parse_accept(accept):
        media = ALIASES.get(media, media)
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            if default.startswith(major):
                return default
            for m in table:
                if m.startswith(major):
                    return m
    return default  # lenient: an unknown Accept gets the default rather than 406


# ---------------------------------------------------------------------------------------------
# Executing one query on a pyoxigraph store (used in the worker, and in-process for tests)
# ---------------------------------------------------------------------------------------------


class ResultTooLarge(NewsgraphError):
    """The serialized result passed the configured cap."""


class _CappedBuffer(io.RawIOBase):
    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        n = len(b)
        if len(self.buf) + n > self.cap:
            raise OSError(f"result larger than {self.cap} bytes")
        self.buf += b
        return n


def run_query(
    store: Any,
    sparql: str,
    accept: str | None,
    default_graph_uris: list[str] | None,
    named_graph_uris: list[str] | None,
    base_iri: str | None,
    max_bytes: int,
) -> tuple[bytes, str]:
    """Run ``sparql`` on a pyoxigraph store and serialize the answer, at most ``max_bytes``."""
    import pyoxigraph as ox

    kwargs: dict[str, Any] = {}
    try:
        if default_graph_uris:
            kwargs["default_graph"] = [
                ox.DefaultGraph() if u == "" else ox.NamedNode(u) for u in default_graph_uris
            ]
        elif named_graph_uris:
            kwargs["default_graph"] = [ox.DefaultGraph()]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        elif default_graph_uris:
            kwargs["named_graphs"] = []
    except ValueError as exc:
        raise QuerySyntaxError(f"bad graph IRI in the dataset parameters: {exc}") from exc
    if base_iri:
        kwargs["base_iri"] = base_iri
    try:
        res = store.query(sparql, **kwargs)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except ValueError as exc:  # a bad IRI in default-graph-uri and the like
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from exc
    out = _CappedBuffer(max_bytes)
    try:
        if isinstance(res, ox.QueryTriples):
            media = choose_media(accept, "graph")
            rdf_fmt = {
                "turtle": ox.RdfFormat.TURTLE,
                "ntriples": ox.RdfFormat.N_TRIPLES,
                "rdfxml": ox.RdfFormat.RDF_XML,
                "trig": ox.RdfFormat.TRIG,
                "nquads": ox.RdfFormat.N_QUADS,
                "jsonld": ox.RdfFormat.JSON_LD,
            }[GRAPH_MEDIA[media]]
            res.serialize(out, format=rdf_fmt)  # type: ignore[arg-type]
        else:
            media = choose_media(accept, "results")
            fmt = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }[RESULT_MEDIA[media]]
            if isinstance(res, ox.QueryBoolean) and fmt in (
                ox.QueryResultsFormat.CSV,
                ox.QueryResultsFormat.TSV,
            ):
                media, fmt = DEFAULT_RESULT, ox.QueryResultsFormat.JSON  # CSV/TSV cannot carry a boolean
            res.serialize(out, format=fmt)  # type: ignore[arg-type]
            if fmt == ox.QueryResultsFormat.XML and _XML_BAD.search(
                bytes(out.buf).decode("utf-8", "replace")
            ):
                raise NotRepresentable(
                    "the results hold control characters that XML 1.0 cannot carry; "
                    "ask for application/sparql-results+json"
                )
    except OSError as exc:
        if len(out.buf) + 1 > max_bytes or "larger than" in str(exc):
            raise ResultTooLarge(
                f"the result is larger than the cap of {max_bytes} bytes; narrow the query or add a LIMIT"
            ) from exc
        raise StoreError(f"query failed: {exc}") from exc
    return bytes(out.buf), media


class NotRepresentable(NewsgraphError):
    """The results cannot be written in the format asked for (406)."""


MAX_NESTING = 200
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scan(text: str) -> tuple[list[tuple[int, int, str, int]], int]:
    """The one SPARQL lexer here: (start, end, upper-cased word, brace depth) of every keyword outside
    strings, IRIs and comments, and the deepest ( { [ nesting.  '<' opens an IRI when a '>' follows
    with no space in between; otherwise it is a comparison."""
    words: list[tuple[int, int, str, int]] = []
    i, n, braces, depth, deepest = 0, len(text), 0, 0, 0
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<":
            j = text.find(">", i)
            i = j + 1 if j > 0 and not any(ch.isspace() for ch in text[i:j]) else i + 1
        elif c in "({[":
            braces += c == "{"
            depth += 1
            deepest = max(deepest, depth)
            i += 1
        elif c in ")}]":
            braces -= c == "}"
            depth -= 1
            i += 1
        elif c.isalpha() and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in ":_-?$")):
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-:"):
                j += 1
            words.append((i, j, text[i:j].upper(), braces))
            i = j
        else:
            i += 1
    return words, deepest


def check_sparql(text: str, update: bool = False) -> None:
    """Refuse what an open endpoint must not do, before any engine sees it.

    SERVICE (federation) would let any client make the server fetch URLs; LOAD would read URLs
    and local files; nesting deeper than MAX_NESTING overflows the parser's stack."""
    found, deepest = _scan(text)
    words = {w for _, _, w, _ in found}
    if deepest > MAX_NESTING:
        raise QuerySyntaxError(
            f"the query is nested {deepest} levels deep; at most {MAX_NESTING} are accepted"
        )
    if "SERVICE" in words:
        raise QuerySyntaxError("SERVICE (federated query) is disabled on this endpoint")
    if update and "LOAD" in words:
        raise QuerySyntaxError(
            "LOAD is disabled on this endpoint: send the data with the Graph Store Protocol (PUT or "
            "POST /store) or INSERT DATA"
        )


def run_update(store: Any, sparql: str, base_iri: str | None) -> None:
    """Run a SPARQL Update on a writable pyoxigraph store, as one transaction."""
    try:
        store.update(sparql, base_iri=base_iri) if base_iri else store.update(sparql)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except ValueError as exc:
        raise QuerySyntaxError(str(exc)) from exc
    except OSError as exc:
        raise StoreError(f"update failed, nothing was written: {exc}") from exc


# ---------------------------------------------------------------------------------------------
# The worker process
# ---------------------------------------------------------------------------------------------


def _send(stream: BinaryIO | IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def _read_exact(fd: int, n: int) -> bytes:
    chunks = bytearray()
    while len(chunks) < n:
        chunk = os.read(fd, min(n - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError("worker closed its pipe")
        chunks += chunk
    return bytes(chunks)


def _recv_fd(fd: int) -> Any:
    (n,) = struct.unpack(">Q", _read_exact(fd, 8))
    return pickle.loads(_read_exact(fd, n))


def worker_main() -> None:  # pragma: no cover - runs in the child process
    import pyoxigraph as ox

    stdin_fd = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the message pipe
    store: Any = None
    while True:
        try:
            msg = _recv_fd(stdin_fd)
        except EOFError:
            return
        op = msg.get("op")
        try:
            if op == "open":
                store = None
                store = ox.Store.read_only(msg["path"])
                _send(out, {"ok": True})
            elif op == "query":
                if store is None:
                    raise StoreError("the query worker has no snapshot open")
                body, media = run_query(
                    store,
                    msg["sparql"],
                    msg.get("accept"),
                    msg.get("default"),
                    msg.get("named"),
                    msg.get("base"),
                    msg["max_bytes"],
                )
                _send(out, {"ok": True, "body": body, "media": media})
            elif op == "ping":
                _send(out, {"ok": True})
            else:
                _send(out, {"ok": False, "kind": "error", "message": f"unknown op {op!r}"})
        except QuerySyntaxError as exc:
            _send(out, {"ok": False, "kind": "syntax", "message": str(exc)})
        except ResultTooLarge as exc:
            _send(out, {"ok": False, "kind": "too_large", "message": str(exc)})
        except NotRepresentable as exc:
            _send(out, {"ok": False, "kind": "not_representable", "message": str(exc)})
        except Exception as exc:  # report, keep serving
            _send(out, {"ok": False, "kind": "error", "message": str(exc) or type(exc).__name__})


# ---------------------------------------------------------------------------------------------
# Executors used by the server
# ---------------------------------------------------------------------------------------------


@dataclass
class ExecutorLimits:
    timeout_s: float = 30.0
    max_result_bytes: int = 50 * 1024 * 1024
    workers: int = 2


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "graph.sparql_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
        )
        self.snapshot: Path | None = None

    def call(self, msg: dict[str, Any], timeout: float | None) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        _send(self.proc.stdin, msg)
        fd = self.proc.stdout.fileno()
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise TimeoutError
        reply: dict[str, Any] = _recv_fd(fd)
        return reply

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=5)
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(Exception):
                stream.close()  # type: ignore[union-attr]


class Executor:
    """Runs SPARQL for the server; subclasses know the backend."""

    limits: ExecutorLimits
    generation: int = 0  # bumped on every write this server makes, so caches know the store changed

    def query(
        self,
        sparql: str,
        accept: str | None = None,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        base_iri: str | None = None,
    ) -> tuple[bytes, str]:
        raise NotImplementedError

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        raise NotImplementedError

    def changed(self) -> None:
        """Tell the executor the store was written by other code (ingest, Graph Store writes)."""
        self.generation += 1
        self._notify()

    def on_change(self, listener: Callable[[int], None]) -> None:
        """Call ``listener(generation)`` after every write, once the write has committed (``serve
        --read-processes``: the read processes learn of it through shared memory)."""
        self.__dict__.setdefault("_listeners", []).append(listener)

    def _notify(self) -> None:
        for listener in self.__dict__.get("_listeners", ()):
            listener(self.generation)

    def close(self) -> None:
        pass


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


class WorkerPoolExecutor(Executor):
    """Queries in killable child processes over snapshots of an embedded store (see module doc)."""

    def __init__(self, store: Any, limits: ExecutorLimits | None = None) -> None:
        from graph.store import OxigraphStore

        if not isinstance(store, OxigraphStore) or store.location == ":memory:":
            raise StoreError("the worker pool needs an embedded store on disk")
        self.store = store
        self.limits = limits or ExecutorLimits()
        parent = Path(store.location) / ".snapshots"
        _remove_stale_snapshots(parent)
        self.snapshot_root = parent / f"{os.getpid()}-{next(_POOL_IDS)}"
        shutil.rmtree(self.snapshot_root, ignore_errors=True)
        self.snapshot_root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._dirty = True
        self._current: Path | None = None
        self._counter = itertools.count(1)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        self._all: set[_Worker] = set()
        self._closed = False
        self._pins: dict[Path, int] = {}  # snapshots a query is about to open or reading
        for _ in range(max(1, self.limits.workers)):
            self._idle.put(None)  # a slot; the worker starts on first use

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
            self.generation += 1
        self._notify()

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

    def query(self, sparql, accept=None, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        if self._closed:
            raise StoreError("the server is shutting down")
        check_sparql(sparql)
        snapshot = self._snapshot()
        try:
            return self._query_on(snapshot, sparql, accept, default_graph_uris, named_graph_uris, base_iri)
        finally:
            self._unpin(snapshot)

    def _query_on(self, snapshot, sparql, accept, default_graph_uris, named_graph_uris, base_iri):
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

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        check_sparql(sparql, update=True)
        with self._write_lock:
            try:
                run_update(self.store.raw, sparql, base_iri)
            finally:
                self.changed()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
        shutil.rmtree(self.snapshot_root, ignore_errors=True)


class CheckpointExecutor(WorkerPoolExecutor):
    """The query workers of one read process of ``serve --read-processes`` (graph/serve_pool.py).

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
        self.limits = limits or ExecutorLimits()
        self._current_fn = current
        self._pin_fn = pin
        self._unpin_fn = unpin
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._idle = queue.Queue()
        self._all = set()
        self._closed = False
        self._pins = {}
        self._current = None
        for _ in range(max(1, self.limits.workers)):
            self._idle.put(None)

    @property
    def generation(self) -> int:  # type: ignore[override]
        return self._current_fn()[1]

    def _snapshot(self) -> Path:
        path, gen = self._current_fn()
        self._pin_fn(gen)
        return path

    def _unpin(self, path: Path) -> None:
        self._unpin_fn(_checkpoint_generation(path))

    def _cleanup_locked(self) -> None:
        pass

    def worker_generations(self) -> set[int]:
        """Write generations of the checkpoints the workers have open (not to be deleted)."""
        with self._lock:
            return {_checkpoint_generation(w.snapshot) for w in self._all if w.snapshot is not None}

    def changed(self) -> None:
        pass

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        raise StoreError("a read process does not write; the request should have gone to the writer")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


def _checkpoint_generation(path: Path) -> int:
    """``<root>/ckpt-<generation>`` -> generation."""
    return int(Path(path).name.rsplit("-", 1)[-1])


class InProcessExecutor(Executor):
    """For an in-memory store (tests): queries run in the server process and cannot be cut off."""

    def __init__(self, store: Any, limits: ExecutorLimits | None = None) -> None:
        self.store = store
        self.limits = limits or ExecutorLimits()

    def query(self, sparql, accept=None, default_graph_uris=None, named_graph_uris=None, base_iri=None):
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

    def __init__(self, store: Any, limits: ExecutorLimits | None = None) -> None:
        self.store = store
        self.limits = limits or ExecutorLimits()

    def query(self, sparql, accept=None, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        import httpx

        check_sparql(sparql)
        settings = self.store.settings
        params = [("default-graph-uri", u) for u in default_graph_uris or []]
        params += [("named-graph-uri", u) for u in named_graph_uris or []]
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
            from rdflib import URIRef

            from graph.store import sparql_term

            sparql = f"BASE {sparql_term(URIRef(base_iri))}\n{sparql}"
        check_sparql(sparql, update=True)
        try:
            self.store.update(sparql)
        finally:
            self.changed()


def make_executor(store: Any, limits: ExecutorLimits | None = None) -> Executor:
    """The right executor for a store: worker pool (embedded on disk), remote, or in-process."""
    from graph.store import OxigraphStore, RemoteStore

    if isinstance(store, RemoteStore):
        return RemoteExecutor(store, limits)
    if isinstance(store, OxigraphStore) and store.location != ":memory:" and not store.read_only:
        return WorkerPoolExecutor(store, limits)
    return InProcessExecutor(store, limits)


if __name__ == "__main__":  # pragma: no cover
    worker_main()


# ---------------------------------------------------------------------------------------------
# Graph Store HTTP Protocol operations and SPARQL Update helpers (through an Executor)
# ---------------------------------------------------------------------------------------------

PARSE_MEDIA = {  # media type of a Graph Store request body -> rdflib parser
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "text/n3": "n3",
}
_SUFFIX_MEDIA = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
    "jsonld": "application/ld+json",
    "n3": "text/n3",
}
DEFAULT_GRAPH_SENTINEL = ""  # in default_graph_uris: the store's own default graph


def media_from_name(filename: str) -> str | None:
    return _SUFFIX_MEDIA.get(filename.rsplit(".", 1)[-1].lower()) if "." in filename else None


def check_iri(iri: str) -> None:
    from rdflib import URIRef

    from graph.errors import InputError
    from graph.store import to_oxigraph

    try:
        to_oxigraph(URIRef(iri))
    except Exception as exc:
        raise InputError(f"not a valid graph IRI: {iri[:200]!r}") from exc


def _term(iri: str) -> str:
    from rdflib import URIRef

    from graph.store import sparql_term

    return sparql_term(URIRef(iri))


def exists(executor: Executor, iri: str | None) -> bool:
    if iri is None:  # the default graph always exists
        return True
    import json as _json

    body, _ = executor.query(f"ASK {{ GRAPH {_term(iri)} {{ }} }}", "application/sparql-results+json")
    return bool(_json.loads(body).get("boolean"))


def get(executor: Executor, iri: str | None, media: str) -> tuple[bytes, str]:
    """One graph (``iri``) or the store's default graph (None), serialized as ``media``."""
    target = [iri] if iri is not None else [DEFAULT_GRAPH_SENTINEL]
    return executor.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", media, target, None)


def _parse(parts: list[tuple[bytes, str]], base: str | None) -> Any:
    from rdflib import Graph

    from graph.errors import InputError

    g = Graph()
    for data, media in parts:
        fmt = PARSE_MEDIA.get(media)
        if fmt is None:
            raise InputError(f"cannot read {media}")
        try:
            g.parse(data=data, format=fmt, publicID=base)
        except Exception as exc:  # rdflib raises many types; all mean the input is bad
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise InputError(f"cannot parse the {media} body: {first}") from exc
    return g


def _insert(iri: str | None, g: Any) -> str:
    from graph.store import triples_block

    if not len(g):
        return ""
    block = triples_block(g)
    return f"INSERT DATA {{ GRAPH {_term(iri)} {{\n{block}\n}} }}" if iri else f"INSERT DATA {{\n{block}\n}}"


def put(store: Any, executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Replace a graph (or the default graph) with the body, in one update."""
    g = _parse(parts, iri)
    ops = [f"DROP SILENT GRAPH {_term(iri)}" if iri else "DROP SILENT DEFAULT"]
    if iri:
        ops.append(f"CREATE SILENT GRAPH {_term(iri)}")
    if len(g):
        ops.append(_insert(iri, g))
    executor.update(" ;\n".join(ops))


def post(store: Any, executor: Executor, iri: str | None, parts: list[tuple[bytes, str]]) -> None:
    """Add the body to a graph (created when new) or to the default graph."""
    g = _parse(parts, iri)
    ops = [f"CREATE SILENT GRAPH {_term(iri)}"] if iri else []
    if len(g):
        ops.append(_insert(iri, g))
    if ops:
        executor.update(" ;\n".join(ops))


def delete(store: Any, executor: Executor, iri: str | None) -> None:
    executor.update(f"DROP GRAPH {_term(iri)}" if iri else "DROP SILENT DEFAULT")


def new_graph_iri(service_url: str) -> str:
    import uuid

    return f"{service_url}/{uuid.uuid4().hex}"


def service_description(endpoint: str, updates: bool, fmt: str = "turtle") -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint, serialized with rdflib."""
    from rdflib import BNode, Graph, Namespace, URIRef
    from rdflib.namespace import RDF

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service = BNode()
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, URIRef(endpoint)))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    if updates:
        g.add((service, sd.supportedLanguage, sd.SPARQL11Update))
    for f in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    ):
        g.add((service, sd.resultFormat, formats[f]))
    for f in ("Turtle", "N-Triples", "RDF_XML", "JSON-LD"):
        g.add((service, sd.inputFormat, formats[f]))
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    g.add((service, sd.feature, sd.EmptyGraphs))
    g.add((service, sd.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    dataset = BNode()
    default_graph = BNode()
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, sd.Graph))
    return g.serialize(format=fmt).encode("utf-8")


def _top_level_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, upper-cased word) of the keywords outside braces, strings, IRIs and comments."""
    return [(i, j, w) for i, j, w, braces in _scan(text)[0] if braces == 0]


def with_using(update: str, using: list[str], using_named: list[str]) -> str:
    """Apply protocol ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses of each
    DELETE/INSERT ... WHERE operation; an update that has USING or WITH itself is refused."""
    from graph.errors import InputError

    for iri in using + using_named:
        check_iri(iri)
    words = _top_level_words(update)
    if any(w in ("USING", "WITH") for _s, _e, w in words):
        raise InputError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH")
    clause = " ".join([f"USING {_term(u)}" for u in using] + [f"USING NAMED {_term(u)}" for u in using_named])
    out, last = [], 0
    prev, prev_end = "", 0
    for start, end, word in words:
        shorthand = prev == "DELETE" and not update[prev_end:start].strip()  # DELETE WHERE { }
        if word == "WHERE" and not shorthand:
            out.append(update[last:start])
            out.append(clause + " ")
            last = start
        prev, prev_end = word, end
    out.append(update[last:])
    return "".join(out)
