"""The Gap value: one problem in the evidence, in both languages, with its source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Severity = Literal["blocker", "high", "medium", "low", "info"]
SEVERITIES: tuple[Severity, ...] = ("blocker", "high", "medium", "low", "info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Gap:
    """One finding. ``source`` names the published guidance it follows (DOMAIN.md §G)."""

    code: str
    severity: Severity
    message_ru: str
    message_en: str
    fix_ru: str
    fix_en: str
    source: str
    document_ids: tuple[int, ...] = ()
    summons_ids: tuple[int, ...] = ()
    letter_ids: tuple[int, ...] = ()
    due: date | None = None

    def to_json(self) -> dict[str, object]:
        """Plain JSON-ready dict with exactly the dataclass fields (dates ISO)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "message_ru": self.message_ru,
            "message_en": self.message_en,
            "fix_ru": self.fix_ru,
            "fix_en": self.fix_en,
            "source": self.source,
            "document_ids": list(self.document_ids),
            "summons_ids": list(self.summons_ids),
            "letter_ids": list(self.letter_ids),
            "due": self.due.isoformat() if self.due else None,
        }

    def sort_key(self) -> tuple[int, date, str, tuple[int, ...], tuple[int, ...], tuple[int, ...], str]:
        """Severity first, then the nearest due date (undated last), then code."""
        return (
            _RANK[self.severity],
            self.due or date.max,
            self.code,
            self.summons_ids,
            self.letter_ids,
            self.document_ids,
            self.message_en,
        )
