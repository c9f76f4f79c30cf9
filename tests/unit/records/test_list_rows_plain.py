"""``list_rows`` reads plain DB-API tuples (issue 18: ``docs --json`` start-up); it must give
exactly what ``row_json`` gives for the ORM rows, field by field and in the same order."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import make_vault
from vault.records.documents import list_rows, row_json
from vault.records.titles import kind_labels
from vault.records.values import now_iso
from vault.storage.models import DocumentRow

KEYS = ["id", "kind", "issued", "added", "updated", "original_name", "media_type", "size", "sha256",
        "page_count", "facility", "doctor", "specialty", "icd10", "diagnosis", "wording",
        "period_start", "period_end", "tracking", "notes", "reviewed", "form_no", "patient_name",
        "patient_dob", "has_stamp", "has_signature", "electronic", "e_signature", "ocr_confidence",
        "pages_expected", "original_held", "handed_in", "findings", "title", "title_typed",
        "file_name", "rotation"]


def test_plain_rows_match_the_orm_rows(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        with vault.session() as s:
            s.add(DocumentRow(kind="outpatient_record", added=now_iso(), media_type="image/png",
                              size=4, sha256="a" * 64, issued="2025-03-12", facility=" ГБУЗ № 7 ",
                              icd10="J45.0,J45.1", reviewed=1, has_stamp=1, has_signature=0,
                              rotation='{"0": 90, "2": 270}', original_name="скан.png"))
            s.add(DocumentRow(kind="no_such_kind", added=now_iso(), media_type="application/pdf",
                              size=9, sha256="b" * 64, title="Выписка \x1b]0;x\x07", rotation="junk",
                              electronic=1, pages_expected=3, findings="bp=185/112"))
            s.add(DocumentRow(kind="other", added=now_iso(), media_type="image/jpeg", size=1,
                              sha256="c" * 64))
        label = kind_labels()
        with vault.session() as s:
            expected = [row_json(r, label) for r in s.query(DocumentRow).order_by(DocumentRow.id)]
        plain = list_rows(vault)
        assert plain == expected
        assert [list(r) for r in plain] == [list(r) for r in expected]  # key order: the JSON bytes
        assert json.dumps(plain, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
        assert plain[0]["rotation"] == {"1": 90, "3": 270} and plain[0]["has_signature"] is False
        assert plain[0]["reviewed"] is True and plain[2]["has_stamp"] is None
        assert list(plain[0]) == KEYS  # the public JSON's keys and their order, spelled out
        assert plain[0]["icd10"] == ["J45.0", "J45.1"] and plain[2]["icd10"] == []
        assert plain[0]["title"].endswith(" · 12.03.2025 · ГБУЗ № 7") and plain[0]["title_typed"] == ""
        assert plain[1]["title"] == plain[1]["title_typed"] == "Выписка \x1b]0;x\x07"
        assert plain[1]["rotation"] == {} and plain[1]["electronic"] is True
        assert plain[0]["file_name"] == plain[0]["original_name"] == "скан.png"
    finally:
        vault.lock()
