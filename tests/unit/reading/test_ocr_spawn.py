"""Tesseract starts before the page is prepared, and never outlives a page that fails."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from tests.unit.reading.conftest import needs_tesseract
from tests.unit.reading.gen import Sample
from vault.reading import ocr


@needs_tesseract
def test_a_page_that_cannot_be_prepared_leaves_no_tesseract_running(
        sample: Sample, monkeypatch: pytest.MonkeyPatch) -> None:
    spawned: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def spy(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        spawned.append(real(*args, **kwargs))
        return spawned[-1]

    def broken(image: object) -> object:
        assert spawned and spawned[0].poll() is None  # already loading its models
        raise MemoryError("page too large")

    monkeypatch.setattr(subprocess, "Popen", spy)
    monkeypatch.setattr(ocr, "preprocess", broken)
    with pytest.raises(MemoryError):
        ocr.ocr_image(sample.image)
    assert len(spawned) == 1 and spawned[0].returncode is not None
