"""Extracted text and full-text search, inside the encrypted database.

Paperless-ngx dropped at-rest encryption because its search index lived in
plaintext; here the FTS5 index is a table in the same SQLCipher file. Text is
indexed case-folded with ё -> е, and queries match word stems by prefix, so
"обострение" finds "обострения".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vault.documents import now_iso

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault

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
    from sqlalchemy import text as sql

    from vault.models import DocumentTextRow

    session.merge(DocumentTextRow(document_id=doc_id, source=source, text=text, updated=now_iso()))
    session.execute(sql("DELETE FROM text_index WHERE rowid = :id"), {"id": doc_id})
    session.execute(sql("INSERT INTO text_index(rowid, body) VALUES (:id, :body)"),
                    {"id": doc_id, "body": normalise(text)})


def get_text(session: Session, doc_id: int) -> str:
    from vault.models import DocumentTextRow

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
