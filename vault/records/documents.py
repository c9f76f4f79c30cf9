"""Documents in the vault: chunked originals, streaming reads, validated field edits.

Originals live in the ``chunks`` table as 1 MiB rows, so a 500 MB scan never
has to fit in memory, and a document, its chunks and its audit entry commit in
one transaction (all or nothing).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput, NotFound
from vault.records.values import now_iso, parse_date
from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault
    from vault.evidence.snapshot import Document
    from vault.storage.models import DocumentRow

CHUNK = 1 << 20
DATE_FIELDS = ("issued", "period_start", "period_end", "patient_dob", "handed_in")
TEXT_FIELDS = ("facility", "doctor", "specialty", "diagnosis", "wording", "tracking", "notes",
               "form_no", "patient_name", "title")
FLAG_FIELDS = ("has_stamp", "has_signature", "electronic", "e_signature", "original_held")
EDITABLE = ("kind", *DATE_FIELDS, *TEXT_FIELDS, "icd10", "reviewed", *FLAG_FIELDS,
            "ocr_confidence", "pages_expected", "findings")


def normalise_fields(values: Mapping[str, str]) -> dict[str, Any]:
    """Validate ``field=value`` edits into column values; raise before touching the DB."""
    from vault.evidence import icd10
    from vault.evidence.snapshot import DOCUMENT_KINDS

    out: dict[str, Any] = {}
    for field, raw in values.items():
        if field not in EDITABLE:
            raise InvalidInput(f"unknown field '{field}'; editable: {', '.join(EDITABLE)}")
        if field == "kind":
            if raw not in DOCUMENT_KINDS:
                raise InvalidInput(f"unknown kind '{raw}'; known: {', '.join(DOCUMENT_KINDS)}")
            out[field] = raw
        elif field in DATE_FIELDS:
            parsed = parse_date(raw, field)
            out[field] = parsed.isoformat() if parsed else None
        elif field == "icd10":
            out[field] = ",".join(icd10.parse_list(raw)) if raw.strip() else ""
        elif field == "reviewed":
            out[field] = 1 if raw.lower() in ("1", "yes", "true") else 0
        elif field in FLAG_FIELDS:
            out[field] = flag(field, raw)
        elif field == "ocr_confidence":
            out[field] = _percents(field, raw)
        elif field == "pages_expected":
            out[field] = _count(field, raw)
        elif field == "findings":
            from vault.evidence.findings import validate_typed

            out[field] = validate_typed(raw)
        else:
            out[field] = raw.strip()
    start, end = out.get("period_start"), out.get("period_end")
    if start and end and start > end:
        raise InvalidInput("period_start is after period_end")
    return out


def flag(field: str, raw: str) -> int | None:
    """yes/no (or да/нет, 1/0) → 1/0; empty clears (unknown)."""
    value = raw.strip().lower()
    if not value:
        return None
    if value in ("yes", "y", "true", "1", "да"):
        return 1
    if value in ("no", "n", "false", "0", "нет"):
        return 0
    raise InvalidInput(f"{field}: expected yes or no, got '{raw}'")


def _percents(field: str, raw: str) -> str:
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not all(p.isdigit() and int(p) <= 100 for p in parts):
        raise InvalidInput(f"{field}: expected per-page percentages 0-100, comma-separated, got '{raw}'")
    return ",".join(str(int(p)) for p in parts)


def _count(field: str, raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) <= 10000:
        raise InvalidInput(f"{field}: expected a page count, got '{raw}'")
    return int(value)


def _flag_value(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def get_row(session: Session, doc_id: int) -> DocumentRow:
    from vault.storage.models import DocumentRow

    row = session.get(DocumentRow, doc_id)
    if row is None:
        raise NotFound(f"no document with id {doc_id}")
    return row


def set_fields(vault: Vault, doc_id: int, values: Mapping[str, str]) -> Document:
    changes = normalise_fields(values)
    with vault.session() as s:
        row = get_row(s, doc_id)
        merged = {"period_start": row.period_start, "period_end": row.period_end, **changes}
        if merged["period_start"] and merged["period_end"] and merged["period_start"] > merged["period_end"]:
            raise InvalidInput("period_start is after period_end")
        for field, value in changes.items():
            setattr(row, field, value)
        row.updated = now_iso()
        audit.append(s, "document.edited", {"document": doc_id, "fields": sorted(changes)})
        s.flush()
        from vault.records.text import reindex

        reindex(s, doc_id)  # typed fields are searchable too
        return to_document(row)


def to_document(row: DocumentRow, text: str = "") -> Document:
    from vault.evidence.snapshot import Document

    return Document(
        id=row.id, kind=row.kind, issued=_d(row.issued), added=datetime.fromisoformat(row.added),
        page_count=row.page_count, sha256=row.sha256, facility=row.facility, doctor=row.doctor,
        specialty=row.specialty, icd10=tuple(c for c in row.icd10.split(",") if c),
        diagnosis=row.diagnosis, wording=row.wording, period_start=_d(row.period_start),
        period_end=_d(row.period_end), tracking=row.tracking, notes=row.notes, text=text,
        original_name=row.original_name, form_no=row.form_no or "", patient_name=row.patient_name or "",
        patient_dob=_d(row.patient_dob), has_stamp=_flag_value(row.has_stamp),
        has_signature=_flag_value(row.has_signature), electronic=_flag_value(row.electronic),
        e_signature=_flag_value(row.e_signature),
        ocr_confidence=tuple(int(p) for p in (row.ocr_confidence or "").split(",") if p),
        pages_expected=row.pages_expected, original_held=_flag_value(row.original_held),
        handed_in=_d(row.handed_in), findings=row.findings or "",
    )


_JSON_FIELDS = (
    ("id", "id"), ("kind", "kind"), ("issued", "issued"), ("added", "added"),
    ("updated", "updated"), ("original_name", "original_name"), ("media_type", "media_type"),
    ("size", "size"), ("sha256", "sha256"), ("page_count", "page_count"),
    ("facility", "facility"), ("doctor", "doctor"), ("specialty", "specialty"),
    ("icd10", "icd10"), ("diagnosis", "diagnosis"), ("wording", "wording"),
    ("period_start", "period_start"), ("period_end", "period_end"), ("tracking", "tracking"),
    ("notes", "notes"), ("reviewed", "reviewed"), ("form_no", "form_no"),
    ("patient_name", "patient_name"), ("patient_dob", "patient_dob"),
    ("has_stamp", "has_stamp"), ("has_signature", "has_signature"),
    ("electronic", "electronic"), ("e_signature", "e_signature"),
    ("ocr_confidence", "ocr_confidence"), ("pages_expected", "pages_expected"),
    ("original_held", "original_held"), ("handed_in", "handed_in"), ("findings", "findings"),
    ("title", "title"), ("title_typed", "title"), ("file_name", "original_name"),
    ("rotation", "rotation"),
)
"""Every key of a document's JSON, in order, and the column it starts from."""
_KEYS = tuple(key for key, _column in _JSON_FIELDS)
_FLAGS = frozenset(("has_stamp", "has_signature", "electronic", "e_signature", "original_held"))
_SELECT = f"SELECT {', '.join(c for _k, c in _JSON_FIELDS)} FROM documents ORDER BY id"
_NESTED = frozenset(("icd10", "rotation"))
_TEMPLATE = "{" + ", ".join(f'"{key}": %s' for key in _KEYS) + "}"  # json.dumps' own spacing


def row_json(row: DocumentRow, label: Callable[[str], str] | None = None) -> dict[str, Any]:
    """Every field; ``title`` is the one shown (typed, else built), ``title_typed`` the typed one."""
    from vault.records.titles import kind_labels

    values = tuple(getattr(row, column) for _key, column in _JSON_FIELDS)
    [doc] = _as_dicts(_columns([values], label or kind_labels()))
    return doc


def _columns(rows: list[tuple[Any, ...]], label: Callable[[str], str]) -> list[list[Any]]:
    """The JSON's values, one list per key of ``_JSON_FIELDS``, from rows of its columns:
    the one place that says what each field becomes."""
    from vault.records.titles import default_title, rotations

    columns = [list(column) for column in zip(*rows, strict=True)]
    by_key = dict(zip(_KEYS, columns, strict=True))
    for key, column in by_key.items():
        if key == "icd10":
            column[:] = [[c for c in codes.split(",") if c] for codes in column]
        elif key == "reviewed":
            column[:] = [bool(v) for v in column]
        elif key in _FLAGS:
            column[:] = [None if v is None else bool(v) for v in column]
        elif key == "rotation":
            column[:] = [{str(p + 1): deg for p, deg in rotations(v).items()} for v in column]
    kinds, issued, facility = by_key["kind"], by_key["issued"], by_key["facility"]
    by_key["title"][:] = [typed or default_title(label(kinds[i]), issued[i], facility[i])
                          for i, typed in enumerate(by_key["title"])]
    return columns


def _as_dicts(columns: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(_KEYS, values, strict=True)) for values in zip(*columns, strict=True)]


def json_text(columns: list[list[Any]]) -> str:
    """``json.dumps(_as_dicts(columns), ensure_ascii=False, default=str)``, the same text
    built a column at a time: the encoder does a list of scalars about four times faster
    than the same values in dicts, and no dict is built (``docs --json`` on 1,000 documents:
    about 2.5 ms less, issue 18). A test holds the two equal on generated documents."""
    if not columns or not columns[0]:
        return "[]"
    rows = [_TEMPLATE % values for values in zip(*map(_encoded, _KEYS, columns), strict=True)]
    rows[0] = "[" + rows[0]  # the brackets on the ends: one copy of the whole text, not three
    rows[-1] += "]"
    return ", ".join(rows)


def _encoded(key: str, column: list[Any]) -> list[str]:
    """Each value's JSON text. Scalars go through one ``dumps`` of the whole column with a
    newline between items: no JSON scalar contains a raw newline (strings escape it)."""
    if key in _NESTED:  # lists and dicts, one at a time; most are empty
        return [_dumps(v) if v else ("[]" if isinstance(v, list) else "{}") for v in column]
    parts = _dumps(column, separators=("\n", ": "))[1:-1].split("\n")
    return parts if len(parts) == len(column) else [_dumps(v) for v in column]


def _dumps(value: Any, **kwargs: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, **kwargs)


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def list_rows(vault: Vault, label: Callable[[str], str] | None = None) -> list[dict[str, Any]]:
    """Every document as ``row_json``, read as plain DB-API tuples: ORM objects cost most
    of ``docs --json`` on 1,000 documents."""
    return _as_dicts(_read_columns(vault, label))


def list_json(vault: Vault, label: Callable[[str], str] | None = None) -> str:
    """``list_rows`` as the JSON text ``spravka docs --json`` prints."""
    return json_text(_read_columns(vault, label))


def _read_columns(vault: Vault, label: Callable[[str], str] | None) -> list[list[Any]]:
    from vault.records.titles import kind_labels
    from vault.storage.store import read_cursor

    label = label or kind_labels()
    with read_cursor(vault.engine) as cur:
        return columns_of(cur, label)


def columns_of(cur: Any, label: Callable[[str], str]) -> list[list[Any]]:
    """Every document's JSON values on an open DB-API cursor, one list per key (also the
    lean ``vault.records.quicklist``); the select lists the columns in ``_JSON_FIELDS`` order."""
    cur.execute(_SELECT)
    rows = cur.fetchall()
    return _columns(rows, label) if rows else [[] for _key in _KEYS]


def show(vault: Vault, doc_id: int) -> dict[str, Any]:
    with vault.session() as s:
        return row_json(get_row(s, doc_id))


def iter_chunks(vault: Vault, doc_id: int) -> Iterator[bytes]:
    """Yield the original's bytes chunk by chunk (one row in memory at a time)."""
    from sqlalchemy import select

    from vault.storage.models import ChunkRow

    with vault.session() as s:
        get_row(s, doc_id)
        seqs = list(s.scalars(select(ChunkRow.seq).where(ChunkRow.document_id == doc_id)
                              .order_by(ChunkRow.seq)))
    for seq in seqs:
        with vault.session() as s:
            yield s.scalars(select(ChunkRow.data).where(
                ChunkRow.document_id == doc_id, ChunkRow.seq == seq)).one()


def read_all(vault: Vault, doc_id: int) -> bytes:
    """Whole original in memory: only for previews and small files."""
    return b"".join(iter_chunks(vault, doc_id))

