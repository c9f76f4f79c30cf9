"""The OCR pool: order kept, both workers busy, bounded look-ahead, errors and cancel per page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from vault.errors import Cancelled, ImportRejected
from vault.reading import ocr
from vault.reading.ocrpool import LinkedCancel, default_workers, ocr_many


class _Fake:
    """Stands in for ``ocr_image``: records how many run at once; ``str(image)`` is the text."""

    def __init__(self, hold: float = 0.05) -> None:
        self.hold = hold
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, image: object, stop: threading.Event) -> str:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            if image == "bad":
                raise ImportRejected("tesseract failed: bad page")
            deadline = time.monotonic() + self.hold
            while time.monotonic() < deadline:  # polls like ocr_image does
                if stop.is_set():
                    raise Cancelled("OCR cancelled")
                time.sleep(0.01)
            return f"text of {image}"
        finally:
            with self.lock:
                self.running -= 1


def test_results_come_in_order_with_every_worker_busy() -> None:
    fake = _Fake()
    jobs = [(n, f"p{n}" if n % 3 else None) for n in range(9)]
    out = list(ocr_many(jobs, fake, workers=2))  # type: ignore[arg-type]
    assert [o.tag for o in out] == list(range(9))
    assert [o.text for o in out] == [("" if n % 3 == 0 else f"text of p{n}") for n in range(9)]
    assert fake.most == 2


def test_jobs_are_pulled_lazily() -> None:
    pulled: list[int] = []

    def jobs() -> Iterator[tuple[int, str]]:
        for n in range(20):
            pulled.append(n)
            yield n, f"p{n}"

    results = ocr_many(jobs(), _Fake(0.01), workers=2)  # type: ignore[arg-type]
    first = next(results)
    assert first.tag == 0 and len(pulled) <= 4  # at most 2 x workers pages held
    results.close()


def test_a_bad_page_does_not_stop_the_others() -> None:
    out = list(ocr_many([(0, "a"), (1, "bad"), (2, "c")], _Fake(), workers=2))  # type: ignore[list-item]
    assert isinstance(out[1].error, ImportRejected) and out[1].text == ""
    assert out[0].text == "text of a" and out[2].text == "text of c"


def test_cancel_and_early_stop_kill_what_is_in_flight() -> None:
    fake = _Fake(hold=30)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    start = time.monotonic()
    out = list(ocr_many([(n, f"p{n}") for n in range(4)], fake, workers=2, cancel=cancel))  # type: ignore[misc]
    assert time.monotonic() - start < 5
    assert all(isinstance(o.error, Cancelled) for o in out[:2])
    results = ocr_many([(n, f"p{n}") for n in range(4)], _Fake(hold=30), workers=2)  # type: ignore[misc]
    start = time.monotonic()
    results.close()  # the caller stops early: nothing left running for 30 s
    assert time.monotonic() - start < 5


def test_linked_cancel_follows_its_parent() -> None:
    parent = threading.Event()
    linked = LinkedCancel(parent)
    assert not linked.is_set()
    parent.set()
    assert linked.is_set() and LinkedCancel(None).is_set() is False
    assert default_workers() >= 1


@pytest.mark.skipif(not ocr.available(), reason="tesseract with rus+eng not installed")
def test_two_real_tesseracts_read_the_same_as_one() -> None:
    from tests.unit.reading.gen import make_sample

    images = [make_sample(7000 + n, dpi=150).image for n in range(2)]

    def run(image: object, stop: threading.Event) -> str:
        return ocr.ocr_image(image, cancel=stop)  # type: ignore[arg-type]

    one = [o.text for o in ocr_many(enumerate(images), run, workers=1)]
    two = [o.text for o in ocr_many(enumerate(images), run, workers=2)]
    assert one == two and all(one)
