"""Evidence records in the vault: conditions, links, summonses, letters, board dates.

Values are validated here (before any write) so the CLI and the TUI share one
set of rules and one-line errors; ``snapshot()`` reads everything once into
the frozen values the pure gap engine works on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput, NotFound
from vault.records.documents import get_row
from vault.records.values import now_iso, parse_date
from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault

ELEMENTS = ("history", "current", "dispensary")
SUMMONS_PURPOSES = ("records", "medical", "board", "dispatch")
CHANNELS = ("paper", "mail", "registry")
LETTER_PURPOSES = ("ags", "medical", "valid-reason", "complaint", "other", "deregister", "register")
AGS_ATTACHMENTS = ("autobiography", "reference", "witnesses")
LETTER_STATUSES = ("sent", "delivered", "returned", "expired")


def _choice(options: tuple[str, ...]) -> Callable[[str, str], str | None]:
    def check(field: str, raw: str) -> str | None:
        if raw == "":
            return None
        if raw not in options:
            raise InvalidInput(f"{field}: '{raw}' is not one of {', '.join(options)}")
        return raw
    check.choices = options  # type: ignore[attr-defined]  # read by vault.records.fieldspec
    return check


def _date(field: str, raw: str) -> str | None:
    parsed = parse_date(raw, field)
    return parsed.isoformat() if parsed else None


def _yesno(field: str, raw: str) -> int | None:
    if raw == "":
        return None
    if raw.lower() in ("yes", "y", "true", "1", "да"):
        return 1
    if raw.lower() in ("no", "n", "false", "0", "нет"):
        return 0
    raise InvalidInput(f"{field}: expected yes or no, got '{raw}'")


def _text(field: str, raw: str) -> str:
    return raw.strip()


def _int_or_none(field: str, raw: str) -> int | None:
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{field}: expected a number, got '{raw}'") from None


def _icd(field: str, raw: str) -> str:
    from vault.evidence import icd10

    return icd10.parse(raw)


def _article(field: str, raw: str) -> int:
    value = _int_or_none(field, raw)
    if value is None or not 1 <= value <= 88:
        raise InvalidInput(f"{field}: the Schedule of Diseases has articles 1-88, got '{raw}'")
    return value


def _subitem(field: str, raw: str) -> str | None:
    raw = raw.strip().lower()
    if not raw:
        return None
    latin = {"a": "а", "b": "б", "v": "в", "g": "г", "d": "д"}
    raw = latin.get(raw, raw)
    if raw not in ("а", "б", "в", "г", "д"):
        raise InvalidInput(f"{field}: sub-item must be one of а, б, в, г, д (or a, b, v, g, d)")
    return raw


CONDITION_FIELDS: dict[str, Callable[[str, str], Any]] = {
    "icd10": _icd, "article": _article, "subitem": _subitem, "primary": _yesno, "notes": _text,
}
def _attachments(field: str, raw: str) -> str:
    items = [p.strip() for p in raw.split(",") if p.strip()]
    bad = [p for p in items if p not in AGS_ATTACHMENTS]
    if bad:
        raise InvalidInput(f"{field}: '{bad[0]}' is not one of {', '.join(AGS_ATTACHMENTS)}")
    return ",".join(dict.fromkeys(items))


def _ids(field: str, raw: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in raw.split(",") if p.strip())
    except ValueError:
        raise InvalidInput(f"{field}: expected comma-separated document ids, got '{raw}'") from None


SUMMONS_FIELDS: dict[str, Callable[[str, str], Any]] = {
    "appear_on": _date, "received": _date, "placed": _date, "channel": _choice(CHANNELS),
    "purpose": _choice(SUMMONS_PURPOSES), "attended": _yesno, "notes": _text,
    "cabinet": _yesno, "address": _text, "issuer": _text, "signed": _yesno, "sealed": _yesno,
    "extract": _int_or_none, "followup": _text,
}
LETTER_FIELDS: dict[str, Callable[[str, str], Any]] = {
    "purpose": _choice(LETTER_PURPOSES), "sent": _date, "tracking": _text,
    "receipt": _int_or_none, "notice": _int_or_none, "document": _int_or_none,
    "delivered": _date, "status": _choice(LETTER_STATUSES), "text": _text,
    "ags_period": _text, "summons": _int_or_none, "notes": _text,
    "valued": _yesno, "contents": _int_or_none, "answered": _date, "hearing": _date, "refused": _date,
    "attachments": _attachments, "encloses": _ids,
}
_LETTER_COLUMNS = {"receipt": "receipt_document_id", "notice": "notice_document_id",
                   "document": "document_id", "summons": "related_summons_id",
                   "contents": "contents_document_id"}


def validate(fields: Mapping[str, Callable[[str, str], Any]], values: Mapping[str, str]) -> dict[str, Any]:
    out = {}
    for name, raw in values.items():
        if name not in fields:
            raise InvalidInput(f"unknown field '{name}'; known: {', '.join(fields)}")
        out[name] = fields[name](name, raw)
    return out


def _columns(values: dict[str, Any], renames: Mapping[str, str]) -> dict[str, Any]:
    return {renames.get(k, k): v for k, v in values.items()}


def _check_docs(s: Session, values: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        if values.get(key) is not None:
            get_row(s, int(values[key]))


def add_condition(vault: Vault, values: Mapping[str, str]) -> dict[str, Any]:
    from vault.storage.models import ConditionRow

    data = validate(CONDITION_FIELDS, values)
    if "icd10" not in data or "article" not in data:
        raise InvalidInput("a condition needs --icd10 and --article")
    with vault.session() as s:
        if data.get("primary"):
            _clear_primary(s)
        row = ConditionRow(**_columns({**data, "primary": data.get("primary") or 0},
                                      {"primary": "is_primary"}))
        s.add(row)
        s.flush()
        audit.append(s, "condition.added", {"condition": row.id})
        return condition_json(row)


def _clear_primary(s: Session) -> None:
    from sqlalchemy import update

    from vault.storage.models import ConditionRow

    s.execute(update(ConditionRow).values(is_primary=0))


def set_condition(vault: Vault, cond_id: int, values: Mapping[str, str]) -> dict[str, Any]:
    from vault.storage.models import ConditionRow

    data = validate(CONDITION_FIELDS, values)
    with vault.session() as s:
        row = _get(s, ConditionRow, cond_id, "condition")
        if data.get("primary"):
            _clear_primary(s)
        for key, value in _columns(data, {"primary": "is_primary"}).items():
            setattr(row, key, value if value is not None or key != "is_primary" else 0)
        audit.append(s, "condition.edited", {"condition": cond_id, "fields": sorted(data)})
        return condition_json(row)


def condition_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "icd10": row.icd10, "article": row.article, "subitem": row.subitem,
            "primary": bool(row.is_primary), "notes": row.notes}


def _get(s: Session, model: Any, key: int, what: str) -> Any:
    row = s.get(model, key)
    if row is None:
        raise NotFound(f"no {what} with id {key}")
    return row


def list_conditions(vault: Vault) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from vault.storage.models import ConditionRow

    with vault.session() as s:
        return [condition_json(r) for r in s.scalars(select(ConditionRow).order_by(ConditionRow.id))]


def link(vault: Vault, doc_id: int, cond_id: int, element: str, *, remove: bool = False) -> None:
    """Link (or unlink) a document to a condition as one evidence element."""
    from vault.storage.models import ConditionRow, LinkRow

    if element not in ELEMENTS:
        raise InvalidInput(f"element must be one of {', '.join(ELEMENTS)}")
    with vault.session() as s:
        get_row(s, doc_id)
        _get(s, ConditionRow, cond_id, "condition")
        existing = s.get(LinkRow, (doc_id, cond_id, element))
        if remove:
            if existing is None:
                raise NotFound("no such link")
            s.delete(existing)
        elif existing is None:
            s.add(LinkRow(document_id=doc_id, condition_id=cond_id, element=element,
                          source="user", created=now_iso()))
        audit.append(s, "link.removed" if remove else "link.added",
                     {"document": doc_id, "condition": cond_id, "element": element})
