"""Reads served by several processes over one store: ``newsgraph serve --read-processes N``.

One Python process and its GIL answer every request of ``newsgraph serve``; with many clients the
requests queue.  With ``--read-processes N`` the server is N+1 processes (docs/api.md, "Several
read processes"):

* **The writer** (the process ``newsgraph serve`` runs in) holds the one writable embedded store
  (RocksDB allows one writer) and serves the full app on a private Unix socket only.  Every write
  (SPARQL Update, Graph Store writes, ``POST /sources``) runs there.  After a write has committed it
  bumps a **write counter** in a small shared-memory file (``executor.on_change``).
* **N read processes** share the public listening socket (the kernel hands each new connection to
  one of them) and run the same app over **checkpoints** of the store: ``Store.backup``, a RocksDB
  checkpoint of hard links, taken by the writer into ``<store>/.snapshots/<pid>-serve/ckpt-<g>``
  (``g``: the write counter it holds).  Nobody writes a checkpoint, so opening it read-only from
  another process is well defined.  A request that is not a read (anything but GET/HEAD/OPTIONS and
  SPARQL queries sent by POST) is forwarded, headers and body unchanged, to the writer's socket.
* **No read is older than the last committed write.**  Before a read, a read process compares the
  write counter with its checkpoint's; when a write has committed since, it opens the newest
  checkpoint, asking the writer to take one first when none is new enough.  A write's response
  leaves the writer after its counter bump, so a client that reads after its write has answered
  always sees it, whichever process answers.
* A checkpoint is deleted by the writer once no read process can still use it: each read process
  publishes in its slot of the shared file the oldest checkpoint it may still read (its current
  one, those its requests and query workers have open), and only ever moves to newer ones.

SPARQL queries in a read process run in its own killable query workers
(:class:`graph.serve.executor.CheckpointExecutor`) over the same checkpoints, so the time limit holds.

With a remote SPARQL store there is nothing to share: the N processes are identical, stateless
servers, each talking to the remote store (which serialises the writes itself).

The shared file holds signed 64-bit little-endian integers: slot 0 the write counter, slot 1 the
newest checkpoint, slot 2+i the oldest checkpoint read process i may still use.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import mmap
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

from starlette.requests import Request  # resolved by FastAPI from this module's names

if TYPE_CHECKING:  # imported where used: a read process starts without them
    from api.app import AppState
    from api.settings import ApiSettings
    from graph.serve.executor import CheckpointExecutor
    from graph.store import OxigraphStore

log = logging.getLogger("newsgraph.serve")

SLOT_WRITE = 0
SLOT_CHECKPOINT = 1
SLOT_READERS = 2
POOL_HEADER = "x-newsgraph-pool"
PID_HEADER = b"x-newsgraph-pid"
NOTHING_HELD = 1 << 62  # the slot of a read process that holds no checkpoint


class SharedCounters:
    """Slots of 64-bit integers in a small memory-mapped file, readable and writable by every process
    that maps it (aligned 8-byte stores: a reader sees the old or the new value, never a mix)."""

    def __init__(self, path: Path, slots: int, create: bool = False) -> None:
        self.path = path
        self.slots = slots
        if create:
            with open(path, "wb") as fh:
                fh.write(b"\0" * 8 * slots)
        self._fh = open(path, "r+b")  # noqa: SIM115 - kept open with the mapping
        self._mm = mmap.mmap(self._fh.fileno(), 8 * slots)

    def get(self, slot: int) -> int:
        return int(struct.unpack_from("<q", self._mm, 8 * slot)[0])

    def set(self, slot: int, value: int) -> None:
        struct.pack_into("<q", self._mm, 8 * slot, value)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._mm.close()
        with contextlib.suppress(Exception):
            self._fh.close()


def checkpoint_path(root: Path, generation: int) -> Path:
    return root / f"ckpt-{generation}"


# ---------------------------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------------------------


class PoolWriter:
    """The writing process's side: the shared counters, checkpoints on request, their deletion."""

    def __init__(self, state: AppState, readers: int) -> None:
        from graph.store import OxigraphStore

        store = state.store
        if not isinstance(store, OxigraphStore) or store.location == ":memory:":
            raise ValueError("read processes need an embedded store on disk")
        self.store = store
        self.executor = state.executor
        self.readers = readers
        self.root = Path(store.location) / ".snapshots" / f"{os.getpid()}-serve"
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self.counters = SharedCounters(self.root / "counters", SLOT_READERS + readers, create=True)
        for i in range(readers):
            self.counters.set(SLOT_READERS + i, 0)
        self._lock = threading.Lock()
        self._taken = False
        self.counters.set(SLOT_WRITE, self.executor.generation)
        self.checkpoint()
        self.executor.on_change(lambda generation: self.counters.set(SLOT_WRITE, generation))

    def checkpoint(self) -> int:
        """A checkpoint holding every write committed so far (taken now unless the newest does)."""
        from graph.errors import StoreError

        with self._lock:
            # read before the checkpoint: a write committing meanwhile may be in it too, and its own
            # counter bump then makes the readers ask again (a checkpoint is never older than its tag)
            generation = self.executor.generation
            if self._taken and self.counters.get(SLOT_CHECKPOINT) >= generation:
                return self.counters.get(SLOT_CHECKPOINT)
            path = checkpoint_path(self.root, generation)
            shutil.rmtree(path, ignore_errors=True)
            try:
                self.store.raw.backup(str(path))
            except OSError as exc:
                raise StoreError(f"cannot checkpoint the store for the read processes: {exc}") from exc
            self.counters.set(SLOT_CHECKPOINT, generation)
            self._taken = True
            self._cleanup(generation)
            return generation

    def _cleanup(self, newest: int) -> None:
        oldest_used = min(self.counters.get(SLOT_READERS + i) for i in range(self.readers))
        for child in self.root.glob("ckpt-*"):
            try:
                generation = int(child.name.rsplit("-", 1)[-1])
            except ValueError:
                continue
            if generation < oldest_used and generation != newest:
                shutil.rmtree(child, ignore_errors=True)

    def reader_restarting(self, index: int) -> None:
        """A read process died: its replacement starts holding nothing newer than the oldest."""
        self.counters.set(SLOT_READERS + index, 0)

    def router(self, secret: str) -> Any:
        """The private route the read processes ask for a checkpoint on (with the pool's secret)."""
        import hmac

        from fastapi import APIRouter, HTTPException

        router = APIRouter(include_in_schema=False)

        @router.post("/_pool/checkpoint")
        def take_checkpoint(request: Request) -> dict[str, int]:
            given = request.headers.get(POOL_HEADER, "")
            if not hmac.compare_digest(given.encode(), secret.encode()):
                raise HTTPException(404, "Not Found")
            return {"generation": self.checkpoint()}

        return router

    def close(self) -> None:
        self.counters.close()
        shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# A read process
# ---------------------------------------------------------------------------------------------


class PoolReader:
    """A read process's side: the checkpoint it reads, moved forward when a write has committed."""

    def __init__(self, root: Path, index: int, readers: int, writer_socket: str, secret: str) -> None:
        import httpx

        self.root = root
        self.slot = SLOT_READERS + index
        self.counters = SharedCounters(root / "counters", SLOT_READERS + readers)
        self.counters.set(self.slot, 0)
        self.secret = secret
        self._client = httpx.Client(
            transport=httpx.HTTPTransport(uds=writer_socket), base_url="http://writer", timeout=120
        )
        self._refresh_lock = threading.Lock()
        self._pins_lock = threading.Lock()
        self._pins: Counter[int] = Counter()
        self._current: tuple[int, OxigraphStore, Path] | None = None  # (generation, store, path)
        self.executor: CheckpointExecutor | None = None  # once made
        self.refreshes = 0

    # -- what requests see
    def stale(self) -> bool:
        current = self._current
        return current is None or current[0] < self.counters.get(SLOT_WRITE)

    def current(self) -> tuple[int, OxigraphStore, Path]:
        current = self._current
        if current is None:
            self.refresh()
            current = self._current
            assert current is not None
        return current

    def current_store(self) -> OxigraphStore:
        return self.current()[1]

    def current_path(self) -> tuple[Path, int]:
        generation, _store, path = self.current()
        return path, generation

    def pin(self, generation: int | None = None) -> int:
        """Keep a checkpoint (the current one by default) from deletion until :meth:`unpin`."""
        if generation is None:
            # outside the lock: current() may refresh, which publishes under it.  Should a refresh
            # move past this generation meanwhile, the request reads the newer store (state.store)
            generation = self.current()[0]
        with self._pins_lock:
            self._pins[generation] += 1
            return generation

    def pinned_fresh(self) -> tuple[OxigraphStore, Callable[[], None]]:
        """(store, release): a checkpoint holding every write committed before this call, kept from
        deletion until ``release()`` (for the in-memory copy, graph.serve.replica.CheckpointReplica)."""
        self.refresh()
        with self._pins_lock:  # the current checkpoint and its pin together (it is set: refreshed)
            current = self._current
            assert current is not None
            generation, store, _path = current
            self._pins[generation] += 1
        return store, lambda: self.unpin(generation)

    def write_generation(self) -> int:
        return self.counters.get(SLOT_WRITE)

    def unpin(self, generation: int) -> None:
        with self._pins_lock:
            self._pins[generation] -= 1
            if self._pins[generation] <= 0:
                del self._pins[generation]
        self._publish()

    def _publish(self) -> None:
        with self._pins_lock:
            used = set(self._pins)
            if self._current is not None:
                used.add(self._current[0])
        if self.executor is not None:
            used |= self.executor.worker_generations()
        self.counters.set(self.slot, min(used) if used else NOTHING_HELD)

    # -- moving to a newer checkpoint
    def refresh(self) -> None:
        """Open a checkpoint holding every write committed before this call."""
        from graph.errors import StoreError
        from graph.read.cache import set_version_source
        from graph.store import OxigraphStore

        with self._refresh_lock:
            wanted = self.counters.get(SLOT_WRITE)
            current = self._current
            if current is not None and current[0] >= wanted:
                return
            last_error: Exception | None = None
            for attempt in range(50):
                newest = self.counters.get(SLOT_CHECKPOINT)
                if newest < wanted:
                    newest = self._ask_writer()
                path = checkpoint_path(self.root, newest)
                try:
                    store = OxigraphStore(path, read_only=True)
                except StoreError as exc:  # deleted meanwhile for a newer one: take that
                    last_error = exc
                    time.sleep(0.01 * attempt)
                    continue
                # a checkpoint never changes: the per-version read models need no fingerprint queries
                set_version_source(store, _constant(("checkpoint", newest)))
                self._current = (newest, store, path)
                self.refreshes += 1
                self._publish()
                return
            raise StoreError(f"cannot open a checkpoint of the store: {last_error}")

    def _ask_writer(self) -> int:
        import httpx

        from graph.errors import StoreError

        deadline = time.monotonic() + 60
        while True:
            try:
                r = self._client.post("/_pool/checkpoint", headers={POOL_HEADER: self.secret})
                r.raise_for_status()
                return int(r.json()["generation"])
            except httpx.TransportError as exc:  # the writer is still starting
                if time.monotonic() > deadline:
                    raise StoreError(f"the writing process does not answer: {exc}") from exc
                time.sleep(0.1)
            except httpx.HTTPStatusError as exc:
                raise StoreError(f"the writing process refused a checkpoint: {exc}") from exc

    def close(self) -> None:
        self._client.close()
        self._current = None
        with contextlib.suppress(Exception):
            self.counters.set(self.slot, NOTHING_HELD)
        self.counters.close()


def _constant(value: Hashable) -> Callable[[], Hashable]:
    return lambda: value


def reader_state(settings: ApiSettings, reader: PoolReader) -> AppState:
    """The app state of a read process: the store is the current checkpoint, queries run in killable
    workers over the checkpoints, and the read caches are keyed on the checkpoint's write counter."""
    from api.app import AppState
    from graph.read.cache import BodyCache
    from graph.serve.executor import CheckpointExecutor, ExecutorLimits
    from graph.store import Store

    class ReaderState(AppState):
        def __init__(self) -> None:  # noqa: D107 - AppState's opening of the store is not wanted
            self.settings = settings
            self.owns_store = False
            self.reader = reader
            self.executor = CheckpointExecutor(
                reader.current_path,
                reader.pin,
                reader.unpin,
                ExecutorLimits(
                    timeout_s=settings.query_timeout_s,
                    max_result_bytes=settings.max_result_bytes,
                    workers=settings.query_workers,
                ),
            )
            reader.executor = self.executor
            self.closed = False
            self.server_file_store = None
            self.replica = None
            if settings.memory_replica:  # a copy per read process, of the checkpoints it reads
                from graph.serve.replica import CheckpointReplica

                self.replica = CheckpointReplica(
                    reader.pinned_fresh, reader.current_store, reader.write_generation
                )
            # every checkpoint has its own store object and a constant write counter, registered with
            # the read caches when it is opened (PoolReader.refresh)
            self.read_cache = BodyCache()
            self.on_close: list[Any] = []

        @property
        def store(self) -> Store:
            store: Store = reader.current_store()
            return store

        def close(self) -> None:
            if self.closed:
                return
            self.closed = True
            if self.replica is not None:
                self.replica.close()
            self.executor.close()
            reader.close()

    return ReaderState()


# ---------------------------------------------------------------------------------------------
# ASGI pieces
# ---------------------------------------------------------------------------------------------

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_read(method: str, path: str, headers: dict[bytes, bytes], body: bytes) -> bool:
    """Whether a request only reads: GET/HEAD/OPTIONS, and SPARQL queries sent by POST."""
    if method in READ_METHODS:
        return True
    if method != "POST" or path.rstrip("/") != "/sparql":
        return False
    media = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
    if media == b"application/sparql-query":
        return True
    if media == b"application/x-www-form-urlencoded":
        try:
            keys = {k for k, _ in parse_qsl(body.decode("utf-8"), keep_blank_values=True)}
        except UnicodeDecodeError:
            return False
        return "update" not in keys
    return False


class PidHeader:
    """Adds ``X-Newsgraph-Pid`` (the answering process) to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.pid = str(os.getpid()).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_pid(message: Any) -> None:
            if message["type"] == "http.response.start":
                message = dict(message)
                message["headers"] = [*message.get("headers", []), (PID_HEADER, self.pid)]
            await send(message)

        await self.app(scope, receive, with_pid)


class ReadProcessApp:
    """The ASGI app of a read process: reads on the current checkpoint, other requests forwarded to
    the writer over its Unix socket."""

    def __init__(self, app: Any, reader: PoolReader, writer_socket: str, max_body_bytes: int) -> None:
        import httpx

        self.app = PidHeader(app)
        self.reader = reader
        self.max_body_bytes = max_body_bytes
        self.client = httpx.AsyncClient(
            transport=httpx.AsyncHTTPTransport(uds=writer_socket), base_url="http://writer", timeout=None
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method in READ_METHODS:
            await self._read(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_body_bytes:
                from api.app import _send_json

                await _send_json(
                    send, 413, {"error": f"request body larger than {self.max_body_bytes} bytes"}
                )
                return
        data = bytes(body)
        if is_read(method, scope["path"], headers, data):
            sent = False

            async def replay() -> Any:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": data, "more_body": False}
                return await receive()

            await self._read(scope, replay, send)
        else:
            await self._forward(scope, data, send)

    async def _read(self, scope: Any, receive: Any, send: Any) -> None:
        from starlette.concurrency import run_in_threadpool

        if self.reader.stale():
            await run_in_threadpool(self.reader.refresh)
        generation = self.reader.pin()
        try:
            await self.app(scope, receive, send)
        finally:
            self.reader.unpin(generation)

    async def _forward(self, scope: Any, body: bytes, send: Any) -> None:
        import httpx

        hop = {b"content-length", b"transfer-encoding", b"connection", b"keep-alive"}
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in scope.get("headers", [])
            if k.lower() not in hop
        ]
        url = scope.get("raw_path") or scope["path"].encode()
        target = url.decode("latin-1")
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        try:
            resp = await self.client.request(scope["method"], target, headers=headers, content=body)
        except httpx.HTTPError as exc:
            from api.app import _send_json

            await _send_json(send, 503, {"error": f"the writing process did not answer: {exc}"})
            return
        # httpx has decoded any content-encoding (the app sets none): the body goes out as it is
        out = [(k, v) for k, v in resp.headers.raw if k.lower() not in hop | {b"content-encoding"}]
        out.append((b"content-length", str(len(resp.content)).encode()))
        await send({"type": "http.response.start", "status": resp.status_code, "headers": out})
        await send({"type": "http.response.body", "body": resp.content})


# ---------------------------------------------------------------------------------------------
# Starting and stopping the processes
# ---------------------------------------------------------------------------------------------


def listen(host: str, port: int) -> socket.socket:
    """The public listening socket, shared by the read processes."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


class Supervisor:
    """Starts the read processes, starts again one that dies, stops them all."""

    def __init__(
        self, sock: socket.socket, spec: dict[str, Any], count: int, writer: PoolWriter | None
    ) -> None:
        self.sock = sock
        self.spec = spec
        self.count = count
        self.writer = writer
        self.procs: list[subprocess.Popen[bytes] | None] = [None] * count
        self.started_at = [0.0] * count
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="read-process-supervisor", daemon=True)

    def start(self) -> None:
        for i in range(self.count):
            self._spawn(i)
        self._thread.start()

    def _spawn(self, index: int) -> None:
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.processes"],
            stdin=subprocess.PIPE,
            pass_fds=(self.sock.fileno(),),
            env=env,
        )
        assert proc.stdin is not None
        spec = {**self.spec, "index": index, "fd": self.sock.fileno(), "parent": os.getpid()}
        proc.stdin.write(json.dumps(spec).encode())  # tokens go by pipe, never on the command line
        proc.stdin.close()
        self.procs[index] = proc
        self.started_at[index] = time.monotonic()

    def _watch(self) -> None:
        while not self._stopping.wait(0.5):
            for i, proc in enumerate(self.procs):
                if proc is None or proc.poll() is None or self._stopping.is_set():
                    continue
                log.warning("read process %d (pid %d) ended with status %s", i, proc.pid, proc.returncode)
                # dying at start: do not spin
                if time.monotonic() - self.started_at[i] < 5 and self._stopping.wait(5):
                    return
                if self.writer is not None:
                    self.writer.reader_restarting(i)
                self._spawn(i)

    def pids(self) -> list[int]:
        return [p.pid for p in self.procs if p is not None]

    def stop(self, timeout: float = 15.0) -> None:
        self._stopping.set()
        for proc in self.procs:
            if proc is not None and proc.poll() is None:
                with contextlib.suppress(OSError):
                    proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for proc in self.procs:
            if proc is None:
                continue
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if self._thread.is_alive():
            self._thread.join(timeout=2)


def serve_processes(settings: ApiSettings, host: str, port: int, processes: int, log_level: str) -> None:
    """Run ``newsgraph serve`` as one writer and ``processes`` read processes (see module doc);
    returns when the server is stopped (SIGINT/SIGTERM)."""
    import uvicorn

    from api.app import create_app, write_server_file
    from graph.config import StoreSettings

    embedded = not StoreSettings(location=settings.store).is_remote
    sock = listen(host, port)
    private = Path(tempfile.mkdtemp(prefix="ng-serve-"))
    os.chmod(private, 0o700)
    writer_socket = str(private / "writer.sock")
    secret = secrets.token_urlsafe(24)
    spec: dict[str, Any] = {
        "settings": {k: v for k, v in vars(settings).items()},
        "embedded": embedded,
        "readers": processes,
        "writer_socket": writer_socket,
        "secret": secret,
        "log_level": log_level,
    }
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    url = f"http://{'[' + shown_host + ']' if ':' in shown_host else shown_host}:{port}"
    try:
        if not embedded:
            supervisor = Supervisor(sock, spec, processes, None)
            supervisor.start()
            _wait_for_signal()
            supervisor.stop()
            return
        # the writer answers no reads: no in-memory copy there (each read process makes its own)
        app = create_app(dataclasses.replace(settings, memory_replica=False))
        state = app.state.ng
        writer = PoolWriter(state, processes)
        spec["root"] = str(writer.root)
        app.include_router(writer.router(secret))
        supervisor = Supervisor(sock, spec, processes, writer)
        # stopped from the app's shutdown: uvicorn re-raises SIGTERM after it, so code after
        # server.run() may never run
        state.on_close.append(writer.close)
        state.on_close.append(supervisor.stop)
        if settings.owner_token:
            write_server_file(settings.store, url, settings.owner_token)
            state.server_file_store = settings.store
        supervisor.start()
        config = uvicorn.Config(PidHeader(app), uds=writer_socket, log_level=log_level, lifespan="on")
        uvicorn.Server(config).run()
    finally:
        sock.close()
        shutil.rmtree(private, ignore_errors=True)


def _wait_for_signal() -> None:
    stop = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    while not stop.wait(1):
        pass


def reader_main() -> None:  # pragma: no cover - runs in the read processes
    """One read process: the spec comes as JSON on stdin (see :class:`Supervisor`)."""
    import uvicorn

    from api.app import create_app
    from api.settings import ApiSettings

    spec = json.loads(sys.stdin.buffer.read())
    sys.stdin.close()
    settings = ApiSettings(**spec["settings"])
    parent = int(spec["parent"])
    app: Any
    if spec["embedded"]:
        reader = PoolReader(
            Path(spec["root"]),
            int(spec["index"]),
            int(spec["readers"]),
            spec["writer_socket"],
            spec["secret"],
        )
        state = reader_state(settings, reader)
        app = ReadProcessApp(
            create_app(settings, state=state), reader, spec["writer_socket"], settings.max_body_bytes
        )
    else:
        app = PidHeader(create_app(settings))
    server = uvicorn.Server(uvicorn.Config(app, log_level=spec["log_level"], lifespan="on"))

    def watch_parent() -> None:  # a writer that is gone (even killed) takes its read processes along
        while True:
            time.sleep(1)
            if os.getppid() != parent:
                server.should_exit = True
                return

    threading.Thread(target=watch_parent, daemon=True).start()
    sock = socket.socket(fileno=int(spec["fd"]))
    server.run(sockets=[sock])


if __name__ == "__main__":  # pragma: no cover
    reader_main()
