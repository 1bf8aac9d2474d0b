"""Messages between a process and its worker processes: length-prefixed pickles over pipes.

Each message is an 8-byte big-endian length, then the pickle.  Both ends are this project's code
(the query workers of graph/serve, the validation pool), so unpickling trusts its input."""

from __future__ import annotations

import os
import pickle
import struct
from typing import IO, Any, BinaryIO


def send(stream: BinaryIO | IO[bytes], obj: Any) -> None:
    """Write one message and flush it."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)) + data)
    stream.flush()


def read_exact(fd: int, n: int) -> bytes:
    """Exactly ``n`` bytes from a file descriptor; EOFError when the other end closed it first."""
    chunks = bytearray()
    while len(chunks) < n:
        chunk = os.read(fd, min(n - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError("worker closed its pipe")
        chunks += chunk
    return bytes(chunks)


def recv_fd(fd: int) -> Any:
    """Read one message from a file descriptor (unbuffered, so ``select`` on it stays truthful)."""
    (n,) = struct.unpack(">Q", read_exact(fd, 8))
    return pickle.loads(read_exact(fd, n))
