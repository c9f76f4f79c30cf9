"""Inspections queued ahead of the writer, a fixed number of files deep.

One file of look-ahead left the writer idle whenever the next file was slower to
inspect (a PNG's inflate) than the current one was to store (a small JPEG): the
inspector then ran alone. Two files deep lets a cheap inspection bank time for a
dear one. Deeper is not better on a busy machine: the inspector then does its
work in a burst up front, competing with the writer for the CPU, instead of in
the writer's fsync waits (same-run A/B, 20-file mix on 2 loaded cores, medians of
24: 0.86 of the store ceiling at 2 files, 0.83 at 8, 0.80 at 1).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class LookAhead(Generic[T]):
    """``work(path)`` run on ``pool`` for the paths in ``items`` (others are skipped), in
    order, at most ``depth`` queued (running or done) and not yet taken."""

    def __init__(self, pool: Executor, items: Sequence[object], work: Callable[[Path], T], *,
                 depth: int) -> None:
        self._pool, self._items, self._work, self._depth = pool, items, work, depth
        self._queued: deque[tuple[int, Future[T]]] = deque()
        self._next = 0
        self._fill()

    def result(self, index: int) -> T:
        """The outcome for ``items[index]``, a path; indices must be asked for in order."""
        queued_index, future = self._queued.popleft()
        assert queued_index == index, "results must be taken in order"
        self._fill()
        return future.result()

    def cancel(self) -> None:
        """Drop what has not started (a cancelled import must not keep reading files)."""
        while self._queued:
            self._queued.popleft()[1].cancel()

    def _fill(self) -> None:
        while self._next < len(self._items) and len(self._queued) < self._depth:
            item = self._items[self._next]
            if isinstance(item, Path):
                self._queued.append((self._next, self._pool.submit(self._work, item)))
            self._next += 1
