"""Summonses, letters to the enlistment office and board dates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput
from vault.records.conditions import (
    _LETTER_COLUMNS,
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

_SUMMONS_COLUMNS = {"extract": "extract_document_id"}
_TEXT = ("notes", "address", "issuer", "followup", "tracking", "text", "attachments")


def add_summons(vault: Vault, values: Mapping[str, str],
                covering: tuple[int, ...] = ()) -> dict[str, Any]:
    from vault.storage.models import SummonsRow

    data = validate(SUMMONS_FIELDS, values)
    if not data.get("appear_on"):
        raise InvalidInput("a summons needs --appear-on DATE")
    with vault.session() as s:
        if data.get("extract") is not None:
            get_row(s, int(data["extract"]))
        row = SummonsRow(**_columns(data, _SUMMONS_COLUMNS))
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
        if data.get("extract") is not None:
            get_row(s, int(data["extract"]))
        for key, value in _columns(data, _SUMMONS_COLUMNS).items():
            if key == "appear_on" and value is None:
                raise InvalidInput("appear_on cannot be empty")
            setattr(row, key, value if value is not None or key not in _TEXT else "")
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
            "attended": attended, "covering_document_ids": covering, "notes": row.notes,
            "cabinet": _flag(row.cabinet), "address": row.address, "issuer": row.issuer,
            "signed": _flag(row.signed), "sealed": _flag(row.sealed), "extract": row.extract_document_id,
            "followup": row.followup}


def _flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


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
    encloses = data.pop("encloses", None)
    with vault.session() as s:
        _check_refs(s, data)
        cols = _columns(data, _LETTER_COLUMNS)
        if cols.get("delivered") and not cols.get("status"):
            cols["status"] = "delivered"
        row = LetterRow(**{k: v for k, v in cols.items() if v is not None})
        s.add(row)
        s.flush()
        if encloses is not None:
            _enclose(s, row.id, encloses)
        audit.append(s, "letter.added", {"letter": row.id})
        return letter_json(row, s)


def _enclose(s: Session, letter_id: int, doc_ids: tuple[int, ...]) -> None:
    """Replace the list of documents the letter enclosed (MED-14)."""
    from sqlalchemy import delete

    from vault.storage.models import LetterDocumentRow

    for doc_id in doc_ids:
        get_row(s, doc_id)
    s.execute(delete(LetterDocumentRow).where(LetterDocumentRow.letter_id == letter_id))
    for doc_id in dict.fromkeys(doc_ids):
        s.add(LetterDocumentRow(letter_id=letter_id, document_id=doc_id))


def enclosed(s: Session, letter_id: int) -> list[int]:
    from sqlalchemy import select

    from vault.storage.models import LetterDocumentRow

    return sorted(s.scalars(select(LetterDocumentRow.document_id).where(LetterDocumentRow.letter_id == letter_id)))


def _check_refs(s: Session, data: Mapping[str, Any]) -> None:
    from vault.storage.models import SummonsRow

    for key in ("receipt", "notice", "document", "contents"):
        if data.get(key) is not None:
            get_row(s, int(data[key]))
    if data.get("summons") is not None:
        _get(s, SummonsRow, int(data["summons"]), "summons")


def set_letter(vault: Vault, letter_id: int, values: Mapping[str, str]) -> dict[str, Any]:
    from vault.storage.models import LetterRow

    data = validate(LETTER_FIELDS, values)
    encloses = data.pop("encloses", None)
    with vault.session() as s:
        row = _get(s, LetterRow, letter_id, "letter")
        _check_refs(s, data)
        for key, value in _columns(data, _LETTER_COLUMNS).items():
            if key in ("purpose", "sent", "status") and value is None:
                raise InvalidInput(f"{key} cannot be empty")
            setattr(row, key, "" if value is None and key in _TEXT else value)
        if encloses is not None:
            _enclose(s, letter_id, encloses)
        audit.append(s, "letter.edited", {"letter": letter_id, "fields": sorted([*data, *(
            ["encloses"] if encloses is not None else [])])})
        return letter_json(row, s)


def letter_json(row: Any, s: Session) -> dict[str, Any]:
    return {"id": row.id, "purpose": row.purpose, "sent": row.sent, "tracking": row.tracking,
            "receipt": row.receipt_document_id, "notice": row.notice_document_id,
            "document": row.document_id, "delivered": row.delivered, "status": row.status,
            "text": row.text, "ags_period": row.ags_period, "summons": row.related_summons_id,
            "notes": row.notes, "valued": _flag(row.valued), "contents": row.contents_document_id,
            "answered": row.answered, "hearing": row.hearing, "refused": row.refused,
            "attachments": [a for a in (row.attachments or "").split(",") if a],
            "encloses": enclosed(s, row.id)}


def list_letters(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import LetterRow

    with vault.session() as s:
        return [letter_json(r, s) for r in s.scalars(select(LetterRow).order_by(LetterRow.sent))]


BOARD_CATEGORIES = ("А", "Б", "В", "Г", "Д")


def _category(raw: str) -> str | None:
    """"Б-3", "b-3", "Г" … → Cyrillic category (with its index); empty clears."""
    value = raw.strip().upper()
    if not value:
        return None
    latin = {"A": "А", "B": "Б", "V": "В", "G": "Г", "D": "Д"}
    value = latin.get(value[0], value[0]) + value[1:]
    if value[0] not in BOARD_CATEGORIES:
        raise InvalidInput(f"category: expected one of {', '.join(BOARD_CATEGORIES)} (e.g. Б-3), got '{raw}'")
    return value


def board_values(values: Mapping[str, str]) -> dict[str, Any]:
    """Validate decision, category, decided (date) and referred (yes/no)."""
    from vault.records.documents import flag
    from vault.records.values import parse_date

    out: dict[str, Any] = {}
    for key, raw in values.items():
        if key == "decision":
            out[key] = raw.strip() or None
        elif key == "category":
            out[key] = _category(raw)
        elif key == "decided":
            parsed = parse_date(raw, "decided")
            out[key] = parsed.isoformat() if parsed else None
        elif key == "referred":
            out[key] = flag("referred", raw)
        else:
            raise InvalidInput(f"unknown board field '{key}'; known: decision, category, decided, referred")
    return out


def set_board_date(vault: Vault, on: str, decision: str | None = None,
                   category: str | None = None, **more: str) -> dict[str, Any]:
    """Add a board date, or update the decision fields of the one on that day."""
    from sqlalchemy import select

    from vault.records.values import parse_date
    from vault.storage.models import BoardDateRow

    parsed = parse_date(on, "board date")
    if parsed is None:
        raise InvalidInput("board date: a date is required")
    given = {k: v for k, v in {"decision": decision, "category": category, **more}.items() if v is not None}
    data = board_values(given)
    with vault.session() as s:
        row = s.scalars(select(BoardDateRow).where(BoardDateRow.on_date == parsed.isoformat())
                        .order_by(BoardDateRow.id)).first()
        if row is None:
            row = BoardDateRow(on_date=parsed.isoformat())
            s.add(row)
        for key, value in data.items():
            setattr(row, key, value)
        s.flush()
        audit.append(s, "board.set", {"board": row.id, "on": row.on_date, "fields": sorted(data)})
        return board_json(row)


def board_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "on": row.on_date, "decision": row.decision, "category": row.category,
            "decided": row.decided, "referred": _flag(row.referred)}


def list_board_dates(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import BoardDateRow

    with vault.session() as s:
        return [board_json(r) for r in s.scalars(select(BoardDateRow).order_by(BoardDateRow.on_date))]
