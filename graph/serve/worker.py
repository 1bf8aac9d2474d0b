"""A query worker process (``python -m graph.serve.worker``): opens a checkpoint read-only and
runs the queries the server sends it.  See graph/serve/executor.py for the design."""

from __future__ import annotations

import sys

import pyoxigraph as ox

from graph.errors import QuerySyntaxError, StoreError
from graph.ipc import recv_fd, send
from graph.sparql.run import NotRepresentable, ResultTooLarge, run_query


def worker_main() -> None:  # pragma: no cover - runs in the child process
    """Serve ``open``, ``query`` and ``ping`` messages on stdin/stdout until the server closes the pipe.

    Errors are sent back as ``{"ok": False, "kind": ...}`` (the executor raises the matching
    exception); the worker keeps serving."""
    stdin_fd = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the message pipe
    store: ox.Store | None = None
    while True:
        try:
            msg = recv_fd(stdin_fd)
        except EOFError:
            return
        op = msg.get("op")
        try:
            if op == "open":
                store = None
                store = ox.Store.read_only(msg["path"])
                send(out, {"ok": True})
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
                send(out, {"ok": True, "body": body, "media": media})
            elif op == "ping":
                send(out, {"ok": True})
            else:
                send(out, {"ok": False, "kind": "error", "message": f"unknown op {op!r}"})
        except QuerySyntaxError as exc:
            send(out, {"ok": False, "kind": "syntax", "message": str(exc)})
        except ResultTooLarge as exc:
            send(out, {"ok": False, "kind": "too_large", "message": str(exc)})
        except NotRepresentable as exc:
            send(out, {"ok": False, "kind": "not_representable", "message": str(exc)})
        except Exception as exc:  # report, keep serving
            send(out, {"ok": False, "kind": "error", "message": str(exc) or type(exc).__name__})


if __name__ == "__main__":  # pragma: no cover
    worker_main()
