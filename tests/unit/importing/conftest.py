"""Fixtures for the import tests: one generated corpus per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus.make_corpus import Expected, make_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expected]]:
    directory = tmp_path_factory.mktemp("corpus")
    return directory, make_corpus(directory)


@pytest.fixture(scope="session")
def corpus_dir(corpus: tuple[Path, dict[str, Expected]]) -> Path:
    return corpus[0]
