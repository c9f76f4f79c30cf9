"""Read the whole evidence picture from the vault into frozen values, in one transaction.

Speed (``gap_report_1000_docs_ms``): one query per table on the raw SQLCipher
cursor, explicit columns, tuples instead of SQLAlchemy rows (whose per-attribute
lookup and the frozen dataclass ``__init__`` were most of the ~45 ms read on
1,000 documents). OCR text comes in the documents query (``LEFT JOIN``): the
wording checks read it. Every field of :class:`Document` is still filled, so
export and the TUI see the same values as before; ``test_snapshot_read`` holds
the fast path equal to ``to_document``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from sys import intern
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.snapshot import Document, Link, Snapshot

PROFILE_KEY = "profile"
SETTINGS_KEY = "evidence_settings"

_DOC_SQL = (
    "SELECT d.id, d.kind, d.issued, d.added, d.page_count, d.sha256, d.facility, d.doctor,"
    " d.specialty, d.icd10, d.diagnosis, d.wording, d.period_start, d.period_end, d.tracking,"
    " d.notes, COALESCE(t.text, ''), d.original_name, COALESCE(d.form_no, ''),"
    " COALESCE(d.patient_name, ''), d.patient_dob, d.has_stamp, d.has_signature, d.electronic,"
    " d.e_signature, d.ocr_confidence, d.pages_expected, d.original_held, d.handed_in,"
    " COALESCE(d.findings, '')"
    " FROM documents d LEFT JOIN document_text t ON t.document_id = d.id ORDER BY d.id"
)


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _b(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def _documents(cur: Any) -> tuple[Document, ...]:
    """Documents from ``_DOC_SQL`` rows, positional (the select lists Document's fields in order).

    Built like ``copy``/``pickle`` do (instance dict filled directly from a dict
    display): the generated frozen ``__init__`` costs ~6 us a document. Document has
    no ``__post_init__`` to skip; a test checks that it stays so, and that every
    field and value equals the ORM conversion's. ``effective_date`` is filled in
    too, as the cached property would fill it on first read. A vault repeats a few
    ICD-10 lists and OCR confidence lists, so each distinct text is parsed once.
    """
    from vault.evidence.snapshot import Document, effective_date_of

    new, fromiso, stamp = object.__new__, date.fromisoformat, datetime.fromisoformat
    codes: dict[str, tuple[str, ...]] = {"": ()}
    confidences: dict[str, tuple[int, ...]] = {"": ()}
    out = []
    for (i, kind, issued, added, pages, sha, facility, doctor, specialty, icd10, diagnosis,
         wording, start, end, tracking, notes, text, name, form, patient, dob, stamp_,
         signature, electronic, e_sig, conf, expected, held, handed, findings) in cur:
        icd10, conf = icd10 or "", conf or ""
        if icd10 not in codes:
            codes[icd10] = tuple(filter(None, icd10.split(",")))
        if conf not in confidences:
            confidences[conf] = tuple(map(int, filter(None, conf.split(","))))
        issued = fromiso(issued) if issued else None
        start = fromiso(start) if start else None
        end = fromiso(end) if end else None
        doc = new(Document)
        doc.__dict__.update({
            "effective_date": effective_date_of(issued, start, end), "id": i, "kind": intern(kind), "issued": issued,
            "added": stamp(added), "page_count": pages, "sha256": sha, "facility": facility,
            "doctor": doctor, "specialty": specialty, "icd10": codes[icd10], "diagnosis": diagnosis,
            "wording": wording, "period_start": start, "period_end": end, "tracking": tracking,
            "notes": notes, "text": text, "original_name": name, "form_no": form,
            "patient_name": patient, "patient_dob": fromiso(dob) if dob else None,
            "has_stamp": None if stamp_ is None else bool(stamp_),
            "has_signature": None if signature is None else bool(signature),
            "electronic": None if electronic is None else bool(electronic),
            "e_signature": None if e_sig is None else bool(e_sig),
            "ocr_confidence": confidences[conf], "pages_expected": expected,
            "original_held": None if held is None else bool(held),
            "handed_in": fromiso(handed) if handed else None, "findings": findings})
        out.append(doc)
    return tuple(out)


def _links(rows: Any) -> tuple[Link, ...]:
    """Links built like documents (``_documents``): one per linked document and element."""
    from vault.evidence.snapshot import Link

    new = object.__new__
    out = []
    for document_id, condition_id, element, source in rows:
        link = new(Link)
        link.__dict__.update({"document_id": document_id, "condition_id": condition_id,
                              "element": intern(element), "source": intern(source)})
        out.append(link)
    return tuple(out)


def _named(cur: Any, sql: str) -> Iterator[dict[str, Any]]:
    """Rows of a small table as dicts by column name (read by name, not position)."""
    rows = cur.execute(sql)
    cols = [c[0] for c in rows.description]
    for row in rows.fetchall():
        yield dict(zip(cols, row, strict=True))


def _grouped(cur: Any, sql: str) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for key, value in cur.execute(sql).fetchall():
        out.setdefault(key, []).append(value)
    return out


def read_snapshot(vault: Vault) -> Snapshot:
    from vault.evidence import snapshot as sn

    with vault.session() as s:
        cur = s.connection().connection.driver_connection.cursor()
        try:
            docs = _documents(cur.execute(_DOC_SQL))
            conditions = tuple(sn.Condition(r["id"], r["icd10"], r["article"], r["subitem"],
                                            bool(r["is_primary"]), r["notes"])
                               for r in _named(cur, "SELECT * FROM conditions"))
            links = _links(cur.execute("SELECT document_id, condition_id, element, source FROM links"))
            covering = _grouped(cur, "SELECT summons_id, document_id FROM summons_documents")
            summonses = tuple(_summons(r, covering) for r in _named(cur, "SELECT * FROM summonses"))
            enclosed = _grouped(cur, "SELECT letter_id, document_id FROM letter_documents")
            letters = tuple(_letter(r, enclosed) for r in _named(cur, "SELECT * FROM letters"))
            boards = tuple(sn.BoardDate(r["id"], date.fromisoformat(r["on_date"]), r["decision"],
                                        r["category"], decided=_d(r["decided"]),
                                        referred=_b(r["referred"]))
                           for r in _named(cur, "SELECT * FROM board_dates"))
            stored = dict(cur.execute("SELECT key, value FROM settings WHERE key IN (?, ?)",
                                      (PROFILE_KEY, SETTINGS_KEY)).fetchall())
        finally:
            cur.close()
    settings = (sn.Settings(**json.loads(stored[SETTINGS_KEY])) if SETTINGS_KEY in stored
                else sn.Settings())
    return sn.Snapshot(docs, conditions, links, summonses, letters, boards,
                       _profile(stored.get(PROFILE_KEY)), settings)


def _summons(r: dict[str, Any], covering: dict[int, list[int]]) -> Any:
    from vault.evidence import snapshot as sn

    return sn.Summons(r["id"], date.fromisoformat(r["appear_on"]), r["purpose"], r["channel"],
                      _d(r["placed"]), _d(r["received"]), _b(r["attended"]),
                      tuple(covering.get(r["id"], ())), r["notes"], cabinet=_b(r["cabinet"]),
                      address=r["address"], issuer=r["issuer"], signed=_b(r["signed"]),
                      sealed=_b(r["sealed"]), extract_document_id=r["extract_document_id"],
                      followup=r["followup"])


def _letter(r: dict[str, Any], enclosed: dict[int, list[int]]) -> Any:
    from vault.evidence import snapshot as sn

    return sn.Letter(r["id"], r["purpose"], date.fromisoformat(r["sent"]), r["tracking"],
                     r["receipt_document_id"], r["notice_document_id"], _d(r["delivered"]),
                     r["status"], r["text"], r["document_id"], r["ags_period"],
                     r["related_summons_id"], notes=r["notes"],
                     enclosed_document_ids=tuple(sorted(enclosed.get(r["id"], ()))),
                     attachments=tuple(a for a in (r["attachments"] or "").split(",") if a),
                     valued=_b(r["valued"]), contents_document_id=r["contents_document_id"],
                     answered=_d(r["answered"]), hearing=_d(r["hearing"]), refused=_d(r["refused"]))


def _profile(value: str | None) -> Any:
    from vault.evidence import snapshot as sn

    if not value:
        return sn.Profile()
    raw = json.loads(value)
    scenario = raw.get("gender_scenario") or "none"
    return sn.Profile(raw.get("name", ""), _d(raw.get("birth_date")),
                      scenario if scenario in sn.GENDER_SCENARIOS else "none",
                      _d(raw.get("marker_changed_on")), raw.get("file_lacks_records"),
                      raw.get("student"))


def board_date_for(snap: Snapshot, today: date) -> date | None:
    """The next board date on or after today, else the most recent past one."""
    upcoming = snap.next_board_date(today)
    if upcoming:
        return upcoming
    past = [b.on for b in snap.board_dates]
    return max(past) if past else None
