"""Lawyer export: an encrypted PDF bundle or an age archive, plus their verifier.

Heavy dependencies (pikepdf, fpdf2, pyrage, Pillow) load only when an export
or a verification actually runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vault.export.model import (
    AuditEntry,
    ConditionRow,
    CoverData,
    EvidenceCell,
    ExportItem,
    ExportResult,
    Gap,
    Person,
    SigningKey,
    TimelineRow,
    VaultSummary,
)

if TYPE_CHECKING:
    from vault.export.age_archive import export_age
    from vault.export.pdf_bundle import export_pdf
    from vault.export.verify import VerifyReport, verify_export

__all__ = [
    "AuditEntry", "ConditionRow", "CoverData", "EvidenceCell", "ExportItem", "ExportResult",
    "Gap", "Person", "SigningKey", "TimelineRow", "VaultSummary", "VerifyReport",
    "export_age", "export_pdf", "verify_export",
]

_LAZY = {
    "export_pdf": "vault.export.pdf_bundle",
    "export_age": "vault.export.age_archive",
    "verify_export": "vault.export.verify",
    "VerifyReport": "vault.export.verify",
}


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
