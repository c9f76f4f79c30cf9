"""Summonses, letters to the enlistment office and board dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput
from vault.records.conditions import (
    LETTER_FIELDS,
    SUMMONS_FIELDS,
    _columns,
    _get,
    validate,
)
from vault.records.documents import get_row
from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault

_LETTER_COLUMNS = {"receipt": "receipt_document_id", "notice": "notice_document_id",
                   "document": "document_id", "summons": "related_summons_id"}


def add_summons(vault: Vault, values: Mapping[str, str],
                covering: tuple[int, ...] = ()) -> dict[str, Any]:
    from vault.storage.models import SummonsRow

    data = validate(SUMMONS_FIELDS, values)
    if not data.get("appear_on"):
        raise InvalidInput("a summons needs --appear-on DATE")
    with vault.session() as s:
        row = SummonsRow(**data)
        s.add(row)
        s.flush()
        _cover(s, row.id, covering)
        audit.append(s, "summons.added", {"summons": row.id})
        return summons_json(row, s)


def _cover(s: Session, summons_id: int, covering: tuple[int, ...]) -> None:
    from vault.storage.models import SummonsDocumentRow

    for doc_id in covering:
        get_row(s, doc_id)
        s.merge(SummonsDocumentRow(summons_id=summons_id, document_id=doc_id))


def set_summons(vault: Vault, summons_id: int, values: Mapping[str, str],
                covering: tuple[int, ...] = ()) -> dict[str, Any]:
    from vault.storage.models import SummonsRow

    data = validate(SUMMONS_FIELDS, values)
    with vault.session() as s:
        row = _get(s, SummonsRow, summons_id, "summons")
        for key, value in data.items():
            if key == "appear_on" and value is None:
                raise InvalidInput("appear_on cannot be empty")
            setattr(row, key, value if value is not None or key != "notes" else "")
        _cover(s, summons_id, covering)
        audit.append(s, "summons.edited", {"summons": summons_id, "fields": sorted(data)})
        return summons_json(row, s)


def summons_json(row: Any, s: Session) -> dict[str, Any]:
    from sqlalchemy import select

    from vault.storage.models import SummonsDocumentRow

    covering = list(s.scalars(select(SummonsDocumentRow.document_id)
                              .where(SummonsDocumentRow.summons_id == row.id)))
    attended = None if row.attended is None else bool(row.attended)
    return {"id": row.id, "appear_on": row.appear_on, "purpose": row.purpose,
            "channel": row.channel, "placed": row.placed, "received": row.received,
            "attended": attended, "covering_document_ids": covering, "notes": row.notes}


def list_summonses(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import SummonsRow

    with vault.session() as s:
        return [summons_json(r, s) for r in s.scalars(select(SummonsRow).order_by(SummonsRow.appear_on))]


def add_letter(vault: Vault, values: Mapping[str, str]) -> dict[str, Any]:
    from vault.storage.models import LetterRow

    data = validate(LETTER_FIELDS, values)
    if not data.get("purpose") or not data.get("sent"):
        raise InvalidInput("a letter needs --purpose and --sent DATE")
    with vault.session() as s:
        _check_refs(s, data)
        cols = _columns(data, _LETTER_COLUMNS)
        if cols.get("delivered") and not cols.get("status"):
            cols["status"] = "delivered"
        row = LetterRow(**{k: v for k, v in cols.items() if v is not None})
        s.add(row)
        s.flush()
        audit.append(s, "letter.added", {"letter": row.id})
        return letter_json(row)


def _check_refs(s: Session, data: Mapping[str, Any]) -> None:
    from vault.storage.models import SummonsRow

    for key in ("receipt", "notice", "document"):
        if data.get(key) is not None:
            get_row(s, int(data[key]))
    if data.get("summons") is not None:
        _get(s, SummonsRow, int(data["summons"]), "summons")


def set_letter(vault: Vault, letter_id: int, values: Mapping[str, str]) -> dict[str, Any]:
    from vault.storage.models import LetterRow

    data = validate(LETTER_FIELDS, values)
    with vault.session() as s:
        row = _get(s, LetterRow, letter_id, "letter")
        _check_refs(s, data)
        for key, value in _columns(data, _LETTER_COLUMNS).items():
            if key in ("purpose", "sent", "status") and value is None:
                raise InvalidInput(f"{key} cannot be empty")
            setattr(row, key, "" if value is None and key in ("tracking", "text", "notes") else value)
        audit.append(s, "letter.edited", {"letter": letter_id, "fields": sorted(data)})
        return letter_json(row)


def letter_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "purpose": row.purpose, "sent": row.sent, "tracking": row.tracking,
            "receipt": row.receipt_document_id, "notice": row.notice_document_id,
            "document": row.document_id, "delivered": row.delivered, "status": row.status,
            "text": row.text, "ags_period": row.ags_period, "summons": row.related_summons_id,
            "notes": row.notes}


def list_letters(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import LetterRow

    with vault.session() as s:
        return [letter_json(r) for r in s.scalars(select(LetterRow).order_by(LetterRow.sent))]


def set_board_date(vault: Vault, on: str, decision: str | None = None,
                   category: str | None = None) -> dict[str, Any]:
    from vault.records.values import parse_date
    from vault.storage.models import BoardDateRow

    parsed = parse_date(on, "board date")
    if parsed is None:
        raise InvalidInput("board date: a date is required")
    with vault.session() as s:
        row = BoardDateRow(on_date=parsed.isoformat(), decision=decision, category=category)
        s.add(row)
        s.flush()
        audit.append(s, "board.set", {"board": row.id, "on": row.on_date})
        return board_json(row)


def board_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "on": row.on_date, "decision": row.decision, "category": row.category}


def list_board_dates(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import BoardDateRow

    with vault.session() as s:
        return [board_json(r) for r in s.scalars(select(BoardDateRow).order_by(BoardDateRow.on_date))]
