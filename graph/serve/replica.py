"""An in-memory copy of an embedded store for the read models (``newsgraph serve --memory-replica``).

On disk (RocksDB) every index look-up of a query costs 5-20 µs; in memory about a fifth of that,
and an entity lookup of the REST API is hundreds of look-ups (docs/api.md).  A server whose data
changes rarely (a corpus ingested in batches, then read) can keep a copy of the whole store in
memory and answer its read models from it.

Reads are never stale: the copy is tagged with the server's write counter (``generation()``: the
store's version as the read caches see it, ``graph.read.cache.store_version``, which is the counter
bumped after every write has committed) as read *before* the copy was taken, and :meth:`reader` hands it
out only while the counter still has that value; otherwise it hands out the store on disk and wakes
the refresher.  A copy may hold a write made while it was being taken; that write's counter bump
comes after, so the copy is then already out of use.

The refresher is one background thread: after a write it waits until no write has come for
``delay_s``, then dumps the store (N-Quads, a RocksDB snapshot) and bulk-loads it into a new
in-memory store (pyoxigraph releases the GIL meanwhile: ~11 s for 1M quads on 2 cores), and swaps
it in.  Memory: about 1 GB per million quads while copying, half of that afterwards.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable

import pyoxigraph as ox

from graph.read.cache import set_version_source
from graph.store import OxigraphStore, Store

log = logging.getLogger(__name__)


class MemoryReplica:
    """An in-memory copy of ``source`` used only while ``generation()`` has not moved since."""

    def __init__(
        self, source: OxigraphStore, generation: Callable[[], Hashable], delay_s: float = 1.0
    ) -> None:
        if source.location == ":memory:":
            raise ValueError("the store is already in memory")
        self.source = source
        self.generation = generation
        self.delay_s = delay_s
        self._current: tuple[OxigraphStore, Hashable] | None = None  # swapped whole: atomic to read
        self._swap = threading.Lock()  # a copy is put in place only while not closed
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self.copies = 0  # copies made (for tests and the stats)
        self.last_copy_s: float | None = None
        self._thread = threading.Thread(target=self._run, name="memory-replica", daemon=True)
        self._wake.set()  # the first copy
        self._thread.start()

    # -- readers
    def reader(self) -> Store:
        """The in-memory copy when it is up to date, else the store on disk."""
        current = self._current
        if current is not None and current[1] == self.generation():
            return current[0]
        self._wake.set()
        return self._on_disk()

    def _on_disk(self) -> Store:
        """The store read while the copy is out of date."""
        return self.source

    def fresh(self) -> bool:
        current = self._current
        return current is not None and current[1] == self.generation()

    def status(self) -> dict[str, object]:
        """For ``/stats``: whether the copy is in use, how many were made, the last one's time."""
        return {"upToDate": self.fresh(), "copies": self.copies, "lastCopySeconds": self.last_copy_s}

    def wait_fresh(self, timeout: float) -> bool:
        """Wait until the copy is up to date (tests, benchmarks); whether it is."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.fresh():
                return True
            self._wake.set()
            time.sleep(0.05)
        return self.fresh()

    # -- the refresher
    def _run(self) -> None:
        failures = 0  # copies failed in a row: the next try waits longer each time
        wasted = 0  # copies in a row that a write had made stale before they were in place
        while not self._stopped.is_set():
            self._wake.wait()
            if self._stopped.is_set():
                return
            self._wake.clear()
            # let a burst of writes end first
            seen = self.generation()
            first = self.copies == 0 and failures == 0
            # under a steady stream of writes a copy is stale before it is in place: ask for a longer
            # quiet spell each time that happens, so the copies do not burn a core for nothing
            quiet = self.delay_s
            if wasted:
                quiet = max(self.delay_s, self.last_copy_s or 0.0) * 2 ** min(wasted - 1, 5)
            while not self._stopped.wait(0 if first else quiet):
                now = self.generation()
                if now == seen:
                    break
                seen = now
            if self._stopped.is_set():
                return
            current = self._current
            if current is not None and current[1] == seen:
                continue
            # the counter has moved past this copy's tag, and never comes back: it is out of use
            # for good, so let it go before the next is made (else both are in memory meanwhile)
            del current
            with self._swap:
                self._current = None
            try:
                self._copy(seen)
                failures = 0
                wasted = wasted + 1 if self.generation() != seen else 0
            except Exception:  # the disk store keeps serving; try again on a later read
                failures += 1
                # a copy that keeps failing (e.g. out of memory) is not retried back to back
                pause = min(self.delay_s * 2 ** min(failures, 20), max(self.delay_s, 300.0))
                log.exception(
                    "memory replica: copying the store failed (%d in a row); next try in %.1f s at the earliest",
                    failures,
                    pause,
                )
                self._stopped.wait(pause)

    def _dump(self) -> bytes:
        """The whole store as N-Quads (from a RocksDB snapshot)."""
        data = self.source.raw.dump(format=ox.RdfFormat.N_QUADS)
        assert data is not None  # no output given: the bytes are returned
        return data

    def _copy(self, generation: Hashable) -> None:
        t0 = time.perf_counter()
        data = self._dump()
        if self._stopped.is_set():  # closing: the store may be closed next
            return
        copy = OxigraphStore(None)
        copy.raw.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        del data
        copy.read_only = True  # a write through it would be lost: refused instead
        # a copy never changes: the read models' per-version indexes need no fingerprint queries
        set_version_source(copy, lambda: ("memory-replica", generation))
        # the old copy is not closed: a request may still be reading it (it goes with its last reference)
        with self._swap:
            if self._stopped.is_set():  # closed meanwhile: not kept past close()
                return
            self._current = (copy, generation)
        self.copies += 1
        self.last_copy_s = time.perf_counter() - t0
        log.info("memory replica: copied the store in %.1f s (write %s)", self.last_copy_s, generation)

    def close(self) -> None:
        self._stopped.set()
        self._wake.set()
        self._thread.join(timeout=60)
        if self._thread.is_alive():
            log.warning(
                "memory replica: the copy under way did not end within 60 s; it is dropped when it does"
            )
        with self._swap:
            self._current = None


class CheckpointReplica(MemoryReplica):
    """The in-memory copy of a read process of ``serve --read-processes`` (api/processes.py).

    ``generation()`` is the writer's write counter (shared memory); the copy is made from the
    checkpoint the process reads, moved first to one holding every write counted so far, so a copy
    tagged with the counter read before it holds at least those writes (it may hold later ones: it
    is then out of use one write early, never late).  ``checkpoint()`` moves to such a checkpoint
    and pins it: ``(store, release)``; ``on_disk()`` is the checkpoint read while the copy is stale."""

    def __init__(
        self,
        checkpoint: Callable[[], tuple[OxigraphStore, Callable[[], None]]],
        on_disk: Callable[[], Store],
        generation: Callable[[], Hashable],
        delay_s: float = 1.0,
    ) -> None:
        self._checkpoint = checkpoint
        self._disk = on_disk
        store, release = checkpoint()
        release()
        super().__init__(store, generation, delay_s)

    def _on_disk(self) -> Store:
        return self._disk()

    def _dump(self) -> bytes:
        store, release = self._checkpoint()
        try:
            data = store.raw.dump(format=ox.RdfFormat.N_QUADS)
            assert data is not None
            return data
        finally:
            release()
