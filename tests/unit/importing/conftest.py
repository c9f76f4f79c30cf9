"""Fixtures for the import tests: one generated corpus per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.make_corpus import Expected, make_corpus
from vault.importing import _images


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expected]]:
    directory = tmp_path_factory.mktemp("corpus")
    return directory, make_corpus(directory)


@pytest.fixture(scope="session")
def corpus_dir(corpus: tuple[Path, dict[str, Expected]]) -> Path:
    return corpus[0]


@pytest.fixture
def decodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts full image decodes, to prove a file was accepted on structure alone."""
    calls: list[int] = []
    real = _images.decode

    def counting(im: object) -> None:
        calls.append(1)
        real(im)  # type: ignore[arg-type]

    monkeypatch.setattr(_images, "decode", counting)
    return calls
