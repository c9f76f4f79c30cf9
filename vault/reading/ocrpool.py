"""Tesseract on every core: one single-threaded process per core, fed in order.

``ocr_many`` takes an iterable of page jobs, runs ``ocr_image`` on up to
``workers`` of them at once (each its own ``tesseract stdin stdout`` process
with ``OMP_THREAD_LIMIT=1``: one thread each measured fastest, see ``ocr``)
and yields the outcomes in input order. Jobs are pulled lazily, so at most
``2 × workers`` rendered pages are held; cancelling (or the caller stopping
early) kills the processes in flight within a fraction of a second.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from PIL import Image

T = TypeVar("T")


def default_workers() -> int:
    """One tesseract per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class LinkedCancel(threading.Event):
    """Set by its owner, or whenever the caller's ``parent`` event is set."""

    def __init__(self, parent: threading.Event | None) -> None:
        super().__init__()
        self._parent = parent

    def is_set(self) -> bool:
        return super().is_set() or (self._parent is not None and self._parent.is_set())


class Outcome(Generic[T]):
    """A job's tag and either its text or the exception its page raised."""

    def __init__(self, tag: T, text: str = "", error: Exception | None = None) -> None:
        self.tag, self.text, self.error = tag, text, error


def ocr_many(
    jobs: Iterable[tuple[T, Image.Image | None]],
    ocr: Callable[[Image.Image, threading.Event], str],
    *,
    workers: int | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[Outcome[T]]:
    """OCR ``(tag, image)`` jobs in parallel; ``None`` images pass straight through.

    ``ocr(image, cancel)`` is ``ocr.ocr_image`` in production. A page's
    exception comes back in its ``Outcome`` and does not stop the others.
    """
    count = workers or default_workers()
    stop = LinkedCancel(cancel)
    pending: deque[tuple[T, Future[str] | None]] = deque()
    with ThreadPoolExecutor(count, thread_name_prefix="tesseract") as pool:
        try:
            for tag, image in jobs:
                future = pool.submit(ocr, image, stop) if image is not None else None
                del image
                pending.append((tag, future))
                while len(pending) > count:
                    yield _outcome(*pending.popleft())
            while pending:
                yield _outcome(*pending.popleft())
        finally:
            stop.set()  # kills what is still running when the caller stops early
            for _, future in pending:
                if future is not None:
                    future.cancel()


def _outcome(tag: T, future: Future[str] | None) -> Outcome[T]:
    if future is None:
        return Outcome(tag)
    try:
        return Outcome(tag, future.result())
    except Exception as exc:  # noqa: BLE001 - handed to the caller with its page
        return Outcome(tag, error=exc)
