"""The inspection queue ahead of the writer: in order, bounded, cancellable."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from vault.importing.lookahead import LookAhead


class _Manual(Executor):
    """Runs nothing until told to: what was queued, and when, is then plain to see."""

    def __init__(self) -> None:
        self.queued: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.queued.append((future, fn, args))
        return future

    def run_all(self) -> None:
        for future, fn, args in self.queued:
            if future.set_running_or_notify_cancel():
                future.set_result(fn(*args))

    def names(self) -> list[str]:
        return [args[0].name for _, _, args in self.queued]


def _items(*names: str) -> list[object]:
    return [Path(n) if n.endswith(".jpg") else n for n in names]


def test_results_in_order_each_file_once_and_rejections_skipped() -> None:
    pool = _Manual()
    items = _items("a.jpg", "not a file", "b.jpg", "c.jpg")
    ahead = LookAhead(pool, items, lambda p: p.name.upper(), depth=8)
    pool.run_all()
    assert [ahead.result(0), ahead.result(2), ahead.result(3)] == ["A.JPG", "B.JPG", "C.JPG"]
    assert pool.names() == ["a.jpg", "b.jpg", "c.jpg"]


def test_queue_is_bounded() -> None:
    pool = _Manual()
    items = _items(*(f"{i}.jpg" for i in range(10)))
    ahead = LookAhead(pool, items, lambda p: p.name, depth=3)
    assert pool.names() == ["0.jpg", "1.jpg", "2.jpg"]
    pool.run_all()
    assert ahead.result(0) == "0.jpg"
    assert pool.names()[3:] == ["3.jpg"]  # one taken, one more queued: never more than three


def test_cancel_drops_what_has_not_started() -> None:
    pool = _Manual()
    ran: list[str] = []

    def work(path: Path) -> str:
        ran.append(path.name)
        return path.name

    ahead = LookAhead(pool, _items("a.jpg", "b.jpg", "c.jpg"), work, depth=8)
    ahead.cancel()
    pool.run_all()
    assert ran == [] and all(future.cancelled() for future, _, _ in pool.queued)
