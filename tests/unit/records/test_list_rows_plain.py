"""``list_rows`` reads plain DB-API tuples (issue 18: ``docs --json`` start-up); it must give
exactly what ``row_json`` gives for the ORM rows, field by field and in the same order."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

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


def test_the_json_text_is_json_dumps_of_the_rows(tmp_path: Path) -> None:
    from vault.records.documents import list_json

    vault = make_vault(tmp_path / "v")
    try:
        assert list_json(vault) == "[]" and list_rows(vault) == []
        with vault.session() as s:
            s.add(DocumentRow(kind="outpatient_record", added=now_iso(), media_type="image/png",
                              size=4, sha256="a" * 64, issued="2025-03-12", notes="a\nb \"c\" \\",
                              icd10="J45.0", rotation='{"0": 90}', has_stamp=0))
            s.add(DocumentRow(kind="other", added=now_iso(), media_type="image/jpeg", size=1,
                              sha256="b" * 64, title="Своё\u2028название\x85"))
        text = list_json(vault)
        assert text == json.dumps(list_rows(vault), ensure_ascii=False, default=str)
        assert json.loads(text) == list_rows(vault)
    finally:
        vault.lock()


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
_FLAG = st.none() | st.integers(0, 1)
_DATE = st.none() | st.dates().map(lambda d: d.isoformat())


@st.composite
def _row(draw: st.DrawFn, id_: int) -> tuple[object, ...]:
    from vault.records.documents import _JSON_FIELDS

    value = {
        "id": id_, "kind": draw(st.sampled_from(["other", "outpatient_record", "нет такого"])),
        "issued": draw(_DATE), "size": draw(st.integers(0, 2**40)),
        "page_count": draw(st.integers(0, 500)), "pages_expected": draw(st.none() | st.integers(0, 9)),
        "icd10": draw(st.sampled_from(["", "J45.0", "J45.0,,F32.1", ","]) | _TEXT),
        "reviewed": draw(st.integers(0, 1)),
        "rotation": draw(st.sampled_from(["", '{"0": 90}', '{"1": 360, "2": 270}', "junk"]) | _TEXT),
        **{k: draw(_FLAG) for k in ("has_stamp", "has_signature", "electronic", "e_signature",
                                    "original_held")},
    }
    return tuple(value[c] if c in value else draw(st.none() | _TEXT) if c in (
        "updated", "period_start", "period_end", "patient_dob", "handed_in") else draw(_TEXT)
        for _key, c in _JSON_FIELDS)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 6).flatmap(lambda n: st.tuples(*(_row(i + 1) for i in range(n)))))
def test_column_wise_json_is_the_encoders_own(rows: tuple[tuple[object, ...], ...]) -> None:
    """documents.json_text builds the text a column at a time; it must be json.dumps of
    the same rows as dicts, byte for byte, whatever the values hold."""
    from vault.records.documents import _as_dicts, _columns, json_text

    columns = _columns(list(rows), kind_labels()) if rows else [[] for _ in KEYS]
    assert json_text(columns) == json.dumps(_as_dicts(columns), ensure_ascii=False, default=str)
