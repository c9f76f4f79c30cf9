"""Cross-cutting messages posted by thread workers (small dataclasses, past tense).

Workers never touch widgets: they call ``vault.*`` and post one of these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class VaultUnlocked(Message):
    vault: Any
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class UnlockFailed(Message):
    error: str


@dataclass
class VaultCreated(Message):
    vault: Any
    recovery_key: str


@dataclass
class VaultLockedByUser(Message):
    reason: str  # "key", "idle", "panic"


@dataclass
class ReportComputed(Message):
    report: Any
    info: dict[str, Any]


@dataclass
class DocumentsLoaded(Message):
    rows: list[dict[str, Any]]
    links: Any = ()


@dataclass
class DocumentSaved(Message):
    document_id: int
    fields: list[str]


@dataclass
class SuggestionsComputed(Message):
    document_id: int
    suggestions: list[Any]


@dataclass
class SuggestionAccepted(Message):
    document_id: int
    condition_id: int
    element: str


@dataclass
class PageRendered(Message):
    document_id: int
    page: int
    page_count: int
    image: Any


@dataclass
class TextSearched(Message):
    query: str
    hits: dict[int, str]  # document id -> matching line


@dataclass
class ImportPlanned(Message):
    total: int


@dataclass
class ImportProgressed(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ImportProgressed)


@dataclass
class FileImported(Message):
    result: Any


@dataclass
class ImportFinished(Message):
    imported: int
    duplicates: int
    rejected: int
    cancelled: bool
    document_ids: list[int] = field(default_factory=list)


@dataclass
class EventsLoaded(Message):
    summonses: list[dict[str, Any]]
    letters: list[dict[str, Any]]
    boards: list[dict[str, Any]]
    documents: list[dict[str, Any]]


@dataclass
class ExportProgressed(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ExportProgressed)


@dataclass
class ExportFinished(Message):
    result: Any


@dataclass
class SettingsSaved(Message):
    key: str


@dataclass
class OperationFailed(Message):
    what: str
    error: str


@dataclass
class PanicFinished(Message):
    rehearsal: bool
    report: Any
