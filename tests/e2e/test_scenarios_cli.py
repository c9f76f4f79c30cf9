"""The opt-in trans scenarios, driven through the CLI only (issue 16, DOMAIN MED-13, COR-10, COR-11)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PIL import Image

from tests.helpers import PASS, init_vault, spravka

VALID_TRACK = "80085193123453"


def _cli(vault: Path, *args: str) -> Any:
    res = spravka(*args, "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, (args, res.err)
    return res.json()


def _doc(vault: Path, tmp: Path, name: str, kind: str, *fields: str) -> int:
    path = tmp / name
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (len(name) * 7 % 255, 90, 160)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    [item] = _cli(vault, "import", str(path), "--kind", kind)
    if fields:
        _cli(vault, "doc", "set", str(item["document_id"]), *fields)
    return int(item["document_id"])


def _gaps(vault: Path, as_of: date) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for gap in _cli(vault, "gaps", "--as-of", as_of.isoformat()):
        out.setdefault(gap["code"], []).append(gap)
    return out


def test_afab_male_marker_cor11_escalates_at_day_15_and_kit(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    changed = date(2026, 3, 1)
    _cli(vault, "profile", "set", "gender_scenario=afab-male-marker", f"marker_changed_on={changed}")
    day10 = _gaps(vault, changed + timedelta(days=10))
    assert [g["severity"] for g in day10["COR-11"]] == ["high"]
    assert day10["COR-11"][0]["due"] == "2026-03-15"
    assert [g["severity"] for g in _gaps(vault, changed + timedelta(days=14))["COR-11"]] == ["high"]
    day15 = _gaps(vault, changed + timedelta(days=15))
    assert [g["severity"] for g in day15["COR-11"]] == ["blocker"]
    # The kit: endocrinologist and surgeon certificates are missing, then present.
    assert "MED-13" in day15 and "endocrinologist" in day15["MED-13"][0]["message_en"]
    _doc(vault, tmp_path, "endo.png", "medical_certificate", "issued=2026-02-01", "specialty=эндокринолог",
         "diagnosis=Пожизненная заместительная гормональная терапия")
    half = _gaps(vault, changed + timedelta(days=15))
    assert "surgeon" in half["MED-13"][0]["message_en"]
    assert "endocrinologist's" not in half["MED-13"][0]["message_en"].split("Optional")[0]
    _doc(vault, tmp_path, "surgeon.png", "medical_certificate", "issued=2026-02-10", "specialty=хирург")
    assert "MED-13" not in _gaps(vault, changed + timedelta(days=15))


def test_registration_letter_in_time_clears_cor11(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    _cli(vault, "profile", "set", "gender_scenario=afab-male-marker", "marker_changed_on=2026-03-01")
    receipt = _doc(vault, tmp_path, "r.png", "postal_receipt", "issued=2026-03-10", f"tracking={VALID_TRACK}")
    _cli(vault, "letter", "add", "--purpose", "register", "--sent", "2026-03-10", "--receipt", str(receipt),
         "--tracking", VALID_TRACK)
    assert "COR-11" not in _gaps(vault, date(2026, 4, 1))


def test_amab_female_marker_deregistration_letter_with_receipt(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    _cli(vault, "profile", "set", "gender_scenario=amab-female-marker")
    before = _gaps(vault, date(2026, 4, 1))
    assert [g["severity"] for g in before["COR-10"]] == ["high"]
    assert "MED-13" not in before  # this scenario has no medical kit
    receipt = _doc(vault, tmp_path, "r.png", "postal_receipt", "issued=2026-03-10", f"tracking={VALID_TRACK}")
    _cli(vault, "letter", "add", "--purpose", "deregister", "--sent", "2026-03-10", "--receipt", str(receipt),
         "--tracking", VALID_TRACK)
    assert "COR-10" not in _gaps(vault, date(2026, 4, 1))


def test_f64_kit_missing_then_present_and_scenario_off_by_default(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    assert not {"MED-13", "COR-10", "COR-11"} & set(_gaps(vault, date(2026, 4, 1)))
    _cli(vault, "profile", "set", "gender_scenario=f64")
    missing = _gaps(vault, date(2026, 4, 1))
    assert "psychiatrist" in missing["MED-13"][0]["message_en"]
    _doc(vault, tmp_path, "psy.png", "medical_certificate", "issued=2026-03-01", "specialty=психиатр",
         "icd10=F64.0", "diagnosis=Транссексуализм")
    assert "MED-13" not in _gaps(vault, date(2026, 4, 1))
    res = spravka("profile", "set", "gender_scenario=maybe", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert res.code == 9 and len(res.err.strip().splitlines()) == 1
    assert _cli(vault, "profile", "show")["gender_scenario"] == "f64"  # nothing stored is lost


def test_new_fields_reject_bad_values_in_one_line(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    doc = _doc(vault, tmp_path, "d.png", "medical_certificate", "issued=2026-02-01")
    letter = _cli(vault, "letter", "add", "--purpose", "ags", "--sent", "2026-03-01")["id"]
    summons = _cli(vault, "summons", "add", "--appear-on", "2026-03-10")["id"]
    cases = [
        (("doc", "set", str(doc), "ocr_confidence=91,abc"), 9),
        (("doc", "set", str(doc), "findings=pressure high"), 9),
        (("doc", "set", str(doc), "has_stamp=perhaps"), 9),
        (("letter", "set", str(letter), "attachments=poem"), 9),
        (("letter", "set", str(letter), "encloses=999"), 14),
        (("summons", "set", str(summons), "extract=999"), 14),
        (("board", "set", "2026-04-01", "--category", "X"), 9),
        (("profile", "set", "marker_changed_on=2026-02-30"), 9),
    ]
    for args, code in cases:
        res = spravka(*args, "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
        assert res.code == code and len(res.err.strip().splitlines()) == 1, (args, res.code, res.err)
    shown = _cli(vault, "doc", "show", str(doc))
    assert shown["ocr_confidence"] == "" and shown["findings"] == "" and shown["has_stamp"] is None
    _cli(vault, "doc", "set", str(doc), "ocr_confidence=91,45", "findings=bp=185/112", "has_stamp=no")
    _cli(vault, "letter", "set", str(letter), f"encloses={doc}", "attachments=autobiography,reference")
    assert _cli(vault, "letter", "list")[0]["encloses"] == [doc]
    board = _cli(vault, "board", "set", "2026-04-01", "category=б-3", "referred=yes")
    assert board["category"] == "Б-3" and board["referred"] is True
    assert _cli(vault, "board", "set", "2026-04-01", "--decided", "2026-04-02")["id"] == board["id"]
    found = _gaps(vault, date(2026, 5, 1))
    assert {"DOC-02", "DOC-09", "MED-15", "NA-12"} <= set(found)
