"""Append-only, hash-chained audit log inside the encrypted database.

Each entry stores the SHA-256 of the previous entry's hash and its own
canonical content, so deleting, reordering or editing any row breaks the
chain from that row on. Triggers in the schema refuse UPDATE and DELETE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from vault.errors import IntegrityError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    action: str
    detail: dict[str, Any]
    hash: str


def _digest(prev: str, seq: int, at: str, action: str, detail: str) -> str:
    body = json.dumps([prev, seq, at, action, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def append(session: Session, action: str, detail: dict[str, Any] | None = None,
           *, now: datetime | None = None) -> AuditEntry:
    """Add an entry in the caller's transaction (so it commits with the change).

    Plain SQL rather than the ORM: it runs on every write, including the
    time-padded unlock paths.
    """
    from sqlalchemy import text as sql

    last = session.execute(sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    prev = last[1] if last else GENESIS
    seq = (last[0] + 1) if last else 1
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = _digest(prev, seq, at, action, text)
    session.execute(sql("INSERT INTO audit_log (seq, at, action, detail, prev_hash, hash) "
                        "VALUES (:seq, :at, :action, :detail, :prev, :hash)"),
                    {"seq": seq, "at": at, "action": action, "detail": text, "prev": prev,
                     "hash": digest})
    return AuditEntry(seq, at, action, detail or {}, digest)


def entries(session: Session) -> list[AuditEntry]:
    from sqlalchemy import select

    from vault.storage.models import AuditRow

    rows = session.scalars(select(AuditRow).order_by(AuditRow.seq))
    return [AuditEntry(r.seq, r.at, r.action, json.loads(r.detail), r.hash) for r in rows]


def verify_chain(session: Session) -> int:
    """Return the number of entries; raise IntegrityError at the first broken link."""
    from sqlalchemy import select

    from vault.storage.models import AuditRow

    prev, expected_seq, count = GENESIS, 1, 0
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
        if row.seq != expected_seq or row.prev_hash != prev:
            raise IntegrityError(f"audit log broken at entry {row.seq}: entries missing or reordered")
        if _digest(prev, row.seq, row.at, row.action, row.detail) != row.hash:
            raise IntegrityError(f"audit log broken at entry {row.seq}: content was changed")
        prev, expected_seq, count = row.hash, expected_seq + 1, count + 1
    return count
