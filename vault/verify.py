"""``spravka verify``: SQLCipher HMACs, SQLite structure, audit chain, document hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vault.errors import VaultError
from vault.storage import audit

if TYPE_CHECKING:
    from vault.core import Vault


@dataclass
class VerifyReport:
    cipher_integrity: list[str] = field(default_factory=list)
    structure: list[str] = field(default_factory=list)
    audit_entries: int = 0
    audit_problem: str | None = None
    documents: int = 0
    bad_documents: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.cipher_integrity or self.structure or self.audit_problem
                    or self.bad_documents)

    @property
    def problems(self) -> list[str]:
        """What broke, in words: the CLI's one-line error names it (exit 11)."""
        named = [f"encryption MAC: {p}" for p in self.cipher_integrity]
        named += [f"database structure: {p}" for p in self.structure]
        named += [self.audit_problem] if self.audit_problem else []
        named += [f"document {i} does not match its hash" for i in self.bad_documents]
        return named

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "cipher_integrity": self.cipher_integrity or "ok",
            "integrity_check": self.structure or "ok",
            "audit_entries": self.audit_entries,
            "audit_chain": self.audit_problem or "ok",
            "documents": self.documents,
            "bad_documents": self.bad_documents,
        }


def verify_vault(vault: Vault) -> VerifyReport:
    from sqlalchemy import select

    from vault.storage.models import ChunkRow, DocumentRow

    report = VerifyReport()
    with vault.engine.connect() as conn:
        raw = conn.connection.driver_connection
        report.cipher_integrity = [str(r[0]) for r in raw.execute("PRAGMA cipher_integrity_check")]
        if not report.cipher_integrity:
            rows = [str(r[0]) for r in raw.execute("PRAGMA integrity_check")]
            report.structure = [] if rows == ["ok"] else rows
    if report.cipher_integrity:
        return report
    with vault.session() as s:
        try:
            report.audit_entries = audit.verify_chain(s)
        except VaultError as exc:
            report.audit_problem = str(exc)
        for doc_id, expected in s.execute(select(DocumentRow.id, DocumentRow.sha256)):
            report.documents += 1
            digest = hashlib.sha256()
            for (data,) in s.execute(
                select(ChunkRow.data).where(ChunkRow.document_id == doc_id).order_by(ChunkRow.seq)
            ):
                digest.update(data)
            if digest.hexdigest() != expected:
                report.bad_documents.append(doc_id)
    return report
