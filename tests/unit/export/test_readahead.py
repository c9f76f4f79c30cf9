"""The PDF export's read-ahead: in order, two readers at once for small documents, and a
memory bound (one document ahead) for large ones."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import Any

import pytest

from tests.unit.export.factories import item
from vault.export import pdf_bundle
from vault.export.model import ExportItem

MB = 1 << 20


def _items(sizes: list[int]) -> list[ExportItem]:
    return [replace(item(n, b"x", "image/jpeg", f"doc {n}"), size=size)
            for n, size in enumerate(sizes, 1)]


def _run(monkeypatch: pytest.MonkeyPatch, items: list[ExportItem],
         prepare: Any = None) -> tuple[list[int], int]:
    """Yielded ids and the most documents ever started ahead of the one being written."""
    started: list[int] = []
    lock = threading.Lock()

    def fake(it: ExportItem, *_: object) -> int:
        with lock:
            started.append(it.document_id)
        if prepare is not None:
            prepare(it)
        return it.document_id

    monkeypatch.setattr(pdf_bundle, "_prepare", fake)
    order, most = [], 0
    with pdf_bundle._Documents(items, False, False, None) as docs:
        for n, (it, ready) in enumerate(docs, 1):
            assert ready == it.document_id
            order.append(it.document_id)
            time.sleep(0.05)  # writing: the readers run as far ahead as they may
            with lock:
                most = max(most, len(started) - n)
    return order, most


def test_small_documents_two_ahead_and_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    order, most = _run(monkeypatch, _items([4 * MB] * 8))
    assert order == list(range(1, 9))
    assert most == 2


def test_large_documents_one_ahead_only(monkeypatch: pytest.MonkeyPatch) -> None:
    big = pdf_bundle._AHEAD_BYTES // 2 + 1  # two of them ahead would pass the budget
    order, most = _run(monkeypatch, _items([big] * 5))
    assert order == list(range(1, 6))
    assert most == 1


def test_two_readers_really_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    both = threading.Barrier(2, timeout=10)  # breaks (and fails the test) with one reader

    def meet(it: ExportItem) -> None:
        if it.document_id <= 2:
            both.wait()

    order, _ = _run(monkeypatch, _items([MB] * 4), meet)
    assert order == [1, 2, 3, 4]
