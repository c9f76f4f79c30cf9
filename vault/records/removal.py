"""Deleting a document properly: say first what it is linked to, then remove it whole.

The row, its chunks, its text and index row and its links go in one
transaction; the store runs with ``secure_delete`` so the freed pages are
zeroed. The audit entry keeps the hash (chain of custody), and the dashboard
counts the deletion as a change since the last lawyer's copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault


@dataclass(frozen=True)
class DocumentLinks:
    """What refers to a document: shown in the confirmation, reported after deletion."""

    document_id: int
    sha256: str
    conditions: tuple[tuple[int, str], ...] = ()  # (condition id, element)
    summonses: tuple[int, ...] = ()
    letters: tuple[int, ...] = ()
    chunks: int = 0
    has_text: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "sha256": self.sha256,
                "links": [{"condition_id": c, "element": e} for c, e in self.conditions],
                "summonses": list(self.summonses), "letters": list(self.letters),
                "chunks": self.chunks, "text": self.has_text}


def _links(s: Session, doc_id: int) -> DocumentLinks:
    from sqlalchemy import func, or_, select

    from vault.records.documents import get_row
    from vault.storage.models import (
        ChunkRow,
        DocumentTextRow,
        LetterRow,
        LinkRow,
        SummonsDocumentRow,
    )

    row = get_row(s, doc_id)
    conds = tuple((c, e) for c, e in s.execute(
        select(LinkRow.condition_id, LinkRow.element).where(LinkRow.document_id == doc_id)
        .order_by(LinkRow.condition_id, LinkRow.element)))
    summ = tuple(s.scalars(select(SummonsDocumentRow.summons_id)
                           .where(SummonsDocumentRow.document_id == doc_id)))
    letters = tuple(s.scalars(select(LetterRow.id).where(or_(
        LetterRow.receipt_document_id == doc_id, LetterRow.notice_document_id == doc_id,
        LetterRow.document_id == doc_id)).order_by(LetterRow.id)))
    chunks = s.scalar(select(func.count()).select_from(ChunkRow).where(ChunkRow.document_id == doc_id))
    return DocumentLinks(doc_id, row.sha256, conds, summ, letters, int(chunks or 0),
                         s.get(DocumentTextRow, doc_id) is not None)


def links_of(vault: Vault, doc_id: int) -> DocumentLinks:
    with vault.session() as s:
        return _links(s, doc_id)


def delete_document(vault: Vault, doc_id: int) -> DocumentLinks:
    """Remove one document and everything that is only its own; return what went."""
    from sqlalchemy import text as sql

    with vault.session() as s:
        found = _links(s, doc_id)
        # Chunks first, explicitly: the cascade would do it, but this states the intent.
        s.execute(sql("DELETE FROM chunks WHERE document_id = :id"), {"id": doc_id})
        s.execute(sql("DELETE FROM text_index WHERE rowid = :id"), {"id": doc_id})
        s.execute(sql("DELETE FROM documents WHERE id = :id"), {"id": doc_id})
        audit.append(s, "document.deleted", {
            "document": doc_id, "sha256": found.sha256, "chunks": found.chunks,
            "links": len(found.conditions), "summonses": list(found.summonses),
            "letters": list(found.letters)})
    return found
