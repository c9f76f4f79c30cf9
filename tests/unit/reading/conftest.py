"""Fixtures for the OCR tests: generated certificates imported into a fresh vault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_vault
from tests.unit.reading.gen import Sample, make_sample
from vault.reading.ocr import available

needs_tesseract = pytest.mark.skipif(not available(), reason="tesseract with rus+eng not installed")


def write_png(sample: Sample, path: Path) -> Path:
    sample.image.save(path, format="PNG")
    return path


def import_paths(vault: Any, paths: list[Path]) -> list[int]:
    from vault.importing.pipeline import import_files

    results = list(import_files(vault, paths))
    assert all(r.status == "imported" for r in results), results
    return [r.document_id for r in results if r.document_id is not None]


@pytest.fixture()
def vault(tmp_path: Path) -> Iterator[Any]:
    v = make_vault(tmp_path / "v")
    try:
        yield v
    finally:
        v.lock()


@pytest.fixture(scope="session")
def sample() -> Sample:
    return make_sample(1001)
