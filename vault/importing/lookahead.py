"""Inspections queued ahead of the writer, bounded by files and by bytes held.

One file of look-ahead left the writer idle whenever the next file was slower to
inspect (a PNG's inflate) than the current one was to store (a small JPEG): the
inspector then ran alone. A deeper queue lets cheap inspections bank time for
the dear ones, while ``max_bytes`` keeps the memory held by read-ahead files
bounded however many small files are queued.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class LookAhead(Generic[T]):
    """``work(path)`` run on ``pool`` for the paths in ``items`` (others are skipped), in order,
    at most ``max_files`` queued and, beyond the first, ``max_bytes`` of ``weight(path)``."""

    def __init__(self, pool: Executor, items: Sequence[object], work: Callable[[Path], T],
                 weight: Callable[[Path], int], *, max_files: int, max_bytes: int) -> None:
        self._pool, self._items, self._work, self._weight = pool, items, work, weight
        self._max_files, self._max_bytes = max_files, max_bytes
        self._queued: deque[tuple[int, Future[T], int]] = deque()
        self._next = 0
        self._fill()

    def result(self, index: int) -> T:
        """The outcome for ``items[index]``, a path; indices must be asked for in order."""
        queued_index, future, _ = self._queued.popleft()
        assert queued_index == index, "results must be taken in order"
        self._fill()
        return future.result()

    def cancel(self) -> None:
        """Drop what has not started (a cancelled import must not keep reading files)."""
        while self._queued:
            self._queued.popleft()[1].cancel()

    def _fill(self) -> None:
        held = sum(weight for _, _, weight in self._queued)
        while self._next < len(self._items) and len(self._queued) < self._max_files:
            item = self._items[self._next]
            if isinstance(item, Path):
                weight = self._weight(item)
                if self._queued and held + weight > self._max_bytes:
                    return
                self._queued.append((self._next, self._pool.submit(self._work, item), weight))
                held += weight
            self._next += 1
