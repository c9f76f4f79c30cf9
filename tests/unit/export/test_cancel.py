"""Cancel and failure leave nothing behind: no partial file, no scratch shard."""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from tests.unit.export import factories as f
from vault.errors import Cancelled, IntegrityError
from vault.export import export_age, export_pdf


def _cancel_after(fraction: float) -> tuple[threading.Event, object]:
    event = threading.Event()

    def progress(done: int, total: int) -> None:
        if done >= total * fraction:
            event.set()

    return event, progress


@pytest.mark.parametrize("fraction", [0.1, 0.75])
def test_pdf_cancel_leaves_nothing(tmp_path: Path, fraction: float) -> None:
    event, progress = _cancel_after(fraction)
    seen: list[tuple[int, int]] = []

    def both(done: int, total: int) -> None:
        seen.append((done, total))
        progress(done, total)  # type: ignore[operator]

    with pytest.raises(Cancelled):
        export_pdf(f.sample_items(), f.cover(), tmp_path / "b.pdf", signing_key=f.KEY,
                   include_originals=True, progress=both, cancel=event)
    assert list(tmp_path.iterdir()) == []
    assert seen and all(0 <= d <= t for d, t in seen)


def test_age_cancel_leaves_nothing(tmp_path: Path) -> None:
    from pyrage import x25519

    event, progress = _cancel_after(0.5)
    recipient = str(x25519.Identity.generate().to_public())
    with pytest.raises(Cancelled):
        export_age(f.sample_items(), f.cover(), tmp_path / "b.age", signing_key=f.KEY,
                   recipient=recipient, progress=progress, cancel=event)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_corrupt_store_is_an_integrity_error(tmp_path: Path) -> None:
    good = f.sample_items()
    bad = replace(good[1], open_original=lambda: io.BytesIO(b"tampered" * 10),
                  sha256=hashlib.sha256(b"x").hexdigest())
    with pytest.raises(IntegrityError):
        export_pdf([good[0], bad], f.cover(), tmp_path / "b.pdf", signing_key=f.KEY)
    assert list(tmp_path.iterdir()) == []
