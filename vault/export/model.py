"""Values the export engine consumes and returns; the database layer fills them in.

Kept free of pikepdf/pyrage imports so the UI can build them without paying for
heavy imports (house style #15).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Literal

from vault.errors import ExportError

MediaType = Literal[
    "application/pdf", "image/jpeg", "image/png", "image/heic", "image/tiff", "image/webp"
]
SUPPORTED_MEDIA_TYPES: frozenset[str] = frozenset(
    {"application/pdf", "image/jpeg", "image/png", "image/heic", "image/tiff", "image/webp"}
)
ProgressFn = Callable[[int, int], None]
"""Called as ``progress(done_bytes, total_bytes)``; must be cheap."""


@dataclass(frozen=True)
class ExportItem:
    """One stored document; ``open_original`` streams the decrypted original once per call."""

    document_id: int
    kind: str
    kind_label: str
    issued: date | None
    title: str
    original_name: str | None
    media_type: str
    size: int
    sha256: str
    open_original: Callable[[], BinaryIO] = field(repr=False, compare=False)
    rotation: tuple[tuple[int, int], ...] = ()
    """(page index, clockwise degrees) the user set as a view transform; the export turns those pages."""


@dataclass(frozen=True)
class Person:
    name: str
    birth_date: date | None = None


@dataclass(frozen=True)
class VaultSummary:
    documents: int
    conditions: int
    summonses: int = 0
    letters: int = 0


@dataclass(frozen=True)
class EvidenceCell:
    """One element of a condition's matrix: status is 'ok', 'weak' or 'missing'."""

    status: str
    document_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConditionRow:
    name: str
    icd10: str | None
    history: EvidenceCell
    current: EvidenceCell
    dispensary: EvidenceCell
    article: str | None = None


@dataclass(frozen=True)
class Gap:
    code: str
    severity: str
    message: str
    fix: str
    source: str

    @classmethod
    def from_mapping(cls, data: Mapping[str, str]) -> Gap:
        """Accept the evidence engine's dicts as they are."""
        return cls(
            code=str(data.get("code", "")),
            severity=str(data.get("severity", "")),
            message=str(data.get("message", "")),
            fix=str(data.get("fix", "")),
            source=str(data.get("source", "")),
        )


@dataclass(frozen=True)
class TimelineRow:
    when: date
    what: str
    tracking_number: str | None = None


@dataclass(frozen=True)
class CoverData:
    language: Literal["ru", "en"]
    person: Person | None
    summary: VaultSummary
    board_date: date | None
    conditions: tuple[ConditionRow, ...]
    gaps: tuple[Gap, ...]
    timeline: tuple[TimelineRow, ...]
    generated_at: datetime
    scenario: str | None = None  # None: off; "on": on, not disclosed; else the scenario (ticked)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    action: str
    detail: str
    hash: str

    def to_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "action": self.action,
            "detail": self.detail,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class SigningKey:
    """Raw Ed25519 private key (32 bytes) derived by the vault; never printed."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise ExportError("signing key must be 32 bytes of Ed25519 private key")


@dataclass(frozen=True)
class ExportResult:
    path: str
    format: Literal["pdf", "age"]
    password: str | None = field(repr=False)
    sha256: str
    document_ids: tuple[int, ...]
    manifest: Mapping[str, object] = field(repr=False, compare=False)


@dataclass(frozen=True)
class ExportRequest:
    out: Path
    fmt: Literal["pdf", "age"] = "pdf"
    condition_ids: tuple[int, ...] = ()
    document_ids: tuple[int, ...] = ()
    recipient: str | None = None
    include_originals: bool = False
    show_names: bool = False
    include_person: bool = False
    lang: Literal["ru", "en"] = "ru"
    include_scenario: bool = False
