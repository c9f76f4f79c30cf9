"""Stream one document's chunk blobs through a plain DB-API cursor.

The export reads every stored byte, so the per-row cost matters: one
statement on one pooled connection, rows in ``seq`` order, no ORM objects
and no transaction per chunk (``iter_chunks`` opens a session, and so a
``BEGIN IMMEDIATE``, for each chunk). SQLCipher decrypts while the cursor
steps with the GIL released, so a reader on its own thread overlaps the
caller's hashing, encryption and writes.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from vault.storage.store import read_cursor

if TYPE_CHECKING:
    from sqlalchemy import Engine

_SELECT = "SELECT data FROM chunks WHERE document_id = ? ORDER BY seq"


def iter_blobs(engine: Engine, doc_id: int) -> Iterator[bytes]:
    """The document's chunks in order, one row in memory at a time."""
    with read_cursor(engine) as cursor:
        for (data,) in cursor.execute(_SELECT, (doc_id,)):
            yield data


class BlobStream(io.RawIOBase):
    """A read-once stream over chunk blobs; ``read`` of a chunk's size or more copies nothing."""

    def __init__(self, blobs: Iterator[bytes]) -> None:
        self._blobs = blobs
        self._view = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._view:
            nxt = next(self._blobs, None)
            if nxt is None:
                return 0
            self._view = memoryview(nxt)
        n = min(len(buffer), len(self._view))
        buffer[:n] = self._view[:n]
        self._view = self._view[n:]
        return n

    def read(self, size: int | None = -1) -> bytes:
        """A whole stored chunk is returned as it came from the cursor, not copied."""
        if size is None or size < 0:
            return self.readall()
        if not self._view:
            nxt = next(self._blobs, None)
            if nxt is None:
                return b""
            if len(nxt) <= size:
                return nxt
            self._view = memoryview(nxt)
        out = bytes(self._view[:size])
        self._view = self._view[size:]
        return out

    def readall(self) -> bytes:
        """Whole rest in one join: the export reads each original whole anyway."""
        rest = [bytes(self._view)] if self._view else []
        self._view = memoryview(b"")
        return b"".join([*rest, *self._blobs])

    def close(self) -> None:
        close = getattr(self._blobs, "close", None)
        if close is not None:
            close()  # ends the generator: its cursor and pooled connection go back now
        super().close()


def open_blobs(engine: Engine, doc_id: int) -> BlobStream:
    return BlobStream(iter_blobs(engine, doc_id))
