from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.unit.export import factories as f
from vault.export import ExportResult, export_pdf


@dataclass(frozen=True)
class Bundle:
    path: Path
    result: ExportResult

    @property
    def password(self) -> str:
        assert self.result.password is not None
        return self.result.password


@pytest.fixture(scope="module")
def plain_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """Default export: no originals attached, so nothing of the originals may leak."""
    out = tmp_path_factory.mktemp("plain") / "bundle.pdf"
    return Bundle(out, export_pdf(f.sample_items(), f.cover(), out, signing_key=f.KEY,
                                  audit=f.AUDIT))


@pytest.fixture(scope="module")
def full_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    out = tmp_path_factory.mktemp("full") / "bundle.pdf"
    return Bundle(out, export_pdf(f.sample_items(), f.cover(), out, signing_key=f.KEY,
                                  audit=f.AUDIT, include_originals=True))
