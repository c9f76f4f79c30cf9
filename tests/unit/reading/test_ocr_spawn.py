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
    ocr.tesseract()  # the cached probe runs `tesseract --list-langs` once per process: not the page's spawn
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


@needs_tesseract
@pytest.mark.parametrize(("first", "expected", "reads"), [
    ("Шифр МКБ-10 Е84.5.", "Шифр МКБ-10 F84.5.", ["rus+eng", "eng"]),  # Cyrillic Е for Latin F
    ("Диагноз: астма (]45.1)", "Диагноз: астма (]45.1)", ["rus+eng"]),  # the words settle J
    ("Шифр МКБ-10 J45.1.", "Шифр МКБ-10 J45.1.", ["rus+eng"]),
])
def test_a_lost_code_letter_gets_one_latin_only_read(sample: Sample, monkeypatch: pytest.MonkeyPatch,
                                                     first: str, expected: str, reads: list[str]) -> None:
    langs: list[str] = []

    def spawn(exe: str, lang: str, psm: int) -> str:
        langs.append(lang)
        return lang

    def finish(proc: str, data: bytes, cancel: object, timeout: float) -> str:
        assert data.startswith(b"P5")  # the same prepared page for both reads
        return first if proc == ocr.LANGS else "Iludp MKB-10 F84.5."

    monkeypatch.setattr(ocr, "_spawn", spawn)
    monkeypatch.setattr(ocr, "_finish", finish)
    assert ocr.ocr_image(sample.image) == expected
    assert langs == reads
