"""Extracted text and full-text search, inside the encrypted database.

Paperless-ngx dropped at-rest encryption because its search index lived in
plaintext; here the FTS5 index is a table in the same SQLCipher file. Text is
indexed case-folded with ё -> е, and queries match word stems by prefix, so
"обострение" finds "обострения".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vault.records.values import now_iso

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault
    from vault.storage.models import DocumentRow

_WORD = re.compile(r"\w+", re.UNICODE)
# Longest first: Russian inflection endings stripped to reach a searchable stem.
_ENDINGS = sorted(
    "ами ями ого его ому ему ыми ими иях ях ах ов ев ей ой ий ый ая яя ое ее ую юю ом ем ам ям "
    "ия ие ии ию ья ье ьи ью ы и а я о е у ю ь".split(),
    key=len, reverse=True,
)


def normalise(text: str) -> str:
    return text.lower().replace("ё", "е")


def stem(word: str) -> str:
    word = normalise(word)
    if not re.search("[а-я]", word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def save_text(session: Session, doc_id: int, text: str, *, source: str) -> None:
    """Store (or replace) a document's text and keep the index in step."""
    from vault.storage.models import DocumentTextRow

    session.merge(DocumentTextRow(document_id=doc_id, source=source, text=text, updated=now_iso()))
    session.flush()
    reindex(session, doc_id)


def field_text(row: DocumentRow) -> str:
    """The typed fields that search covers, one per line (empty ones skipped)."""
    values = (row.title, row.original_name, row.diagnosis, row.wording, row.facility, row.doctor,
              row.specialty, row.notes, row.icd10.replace(",", " "), row.tracking)
    return "\n".join(v for v in values if v)


def reindex(session: Session, doc_id: int) -> None:
    """Rebuild one document's index row from its text *and* its typed fields.

    Call after anything that changes either (``save_text`` does; the lead wires
    ``vault.records.documents.set_fields`` to it), inside the same transaction.
    """
    from sqlalchemy import text as sql

    from vault.storage.models import DocumentRow, DocumentTextRow

    row = session.get(DocumentRow, doc_id)
    text_row = session.get(DocumentTextRow, doc_id)
    body = "\n".join(x for x in (text_row.text if text_row else "", field_text(row) if row else "") if x)
    session.execute(sql("DELETE FROM text_index WHERE rowid = :id"), {"id": doc_id})
    if body.strip():
        session.execute(sql("INSERT INTO text_index(rowid, body) VALUES (:id, :body)"),
                        {"id": doc_id, "body": normalise(body)})


def reindex_all(vault: Vault) -> int:
    """Rebuild every index row (for vaults indexed before fields were searchable)."""
    from sqlalchemy import select

    from vault.storage.models import DocumentRow

    with vault.session() as s:
        ids = list(s.scalars(select(DocumentRow.id)))
        for doc_id in ids:
            reindex(s, doc_id)
    return len(ids)


def get_text(session: Session, doc_id: int) -> str:
    from vault.storage.models import DocumentTextRow

    row = session.get(DocumentTextRow, doc_id)
    return row.text if row else ""


def fts_query(query: str) -> str:
    words = [stem(w) for w in _WORD.findall(query)]
    return " AND ".join(f'"{w}"*' for w in words if w)


def search(vault: Vault, query: str, limit: int = 100) -> list[int]:
    """Document ids whose text (or fields) match every word of ``query``."""
    from sqlalchemy import text as sql

    match = fts_query(query)
    if not match:
        return []
    with vault.session() as s:
        rows = s.execute(sql("SELECT rowid FROM text_index WHERE text_index MATCH :q "
                             "ORDER BY rank LIMIT :n"), {"q": match, "n": limit})
        return [int(r[0]) for r in rows]


@dataclass(frozen=True)
class SearchHit:
    """One found document, with a short excerpt around the first matching word."""

    document_id: int
    kind: str
    issued: str | None
    snippet: str

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "kind": self.kind, "issued": self.issued,
                "snippet": self.snippet}


def snippet(text: str, query: str, width: int = 120) -> str:
    """About ``width`` characters of ``text`` around the first word matching a query stem.

    The index is contentless (FTS5 ``snippet()`` needs stored content), so the
    excerpt is cut here from the decrypted text instead.
    """
    stems = [stem(w) for w in _WORD.findall(query)]
    flat = " ".join(text.split())
    start = 0
    for m in _WORD.finditer(flat):
        if any(normalise(m.group()).startswith(s) for s in stems if s):
            start = m.start()
            break
    lo = max(0, start - width // 3)
    hi = min(len(flat), lo + width)
    return ("…" if lo else "") + flat[lo:hi].strip() + ("…" if hi < len(flat) else "")


def search_hits(vault: Vault, query: str, limit: int = 100) -> list[SearchHit]:
    """Like :func:`search`, with each document's kind, issued date and a snippet."""
    from vault.storage.models import DocumentRow, DocumentTextRow

    ids = search(vault, query, limit)
    hits: list[SearchHit] = []
    with vault.session() as s:
        for doc_id in ids:
            row = s.get(DocumentRow, doc_id)
            if row is None:
                continue
            text_row = s.get(DocumentTextRow, doc_id)
            body = "\n".join(x for x in (field_text(row), text_row.text if text_row else "") if x)
            hits.append(SearchHit(doc_id, row.kind, row.issued, snippet(body, query)))
    return hits
