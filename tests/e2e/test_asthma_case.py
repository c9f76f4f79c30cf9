"""A realistic case built through the CLI only; the exact gap codes for three board dates.

Asthma J45, article 52: childhood and adult records, an old and a fresh
specialist conclusion, a dispensary certificate, two summonses (one covered
by an ambulance certificate, one not), an AGS application sent by registered
mail with a valid and an invalid tracking number.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from tests.helpers import PASS, init_vault, spravka

VALID_TRACK = "80085193123453"  # RPO-14 with a correct check digit
INVALID_TRACK = "80085193123454"


def _cli(vault: Path, *args: str) -> dict:  # type: ignore[type-arg]
    res = spravka(*args, "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, (args, res.err)
    return res.json()  # type: ignore[no-any-return]


def _scan(folder: Path, name: str, shade: int) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (shade, 255 - shade, 128)).save(buf, "PNG")
    path = folder / name
    path.write_bytes(buf.getvalue())
    return path


DOCS = [
    # name, kind, fields
    ("child.png", "child_record", ["issued=2012-05-10", "icd10=J45.0",
                                   "diagnosis=Бронхиальная астма, частые обострения"]),
    ("adult.png", "outpatient_record", ["issued=2024-03-01", "icd10=J45.0",
                                        "diagnosis=Бронхиальная астма средней степени тяжести"]),
    ("old_conclusion.png", "specialist_conclusion", ["issued=2025-01-15", "icd10=J45.0",
                                                     "diagnosis=Бронхиальная астма"]),
    ("fresh_conclusion.png", "specialist_conclusion", [
        "issued=2026-09-20", "icd10=J45.0", "specialty=пульмонолог",
        "diagnosis=Бронхиальная астма, персистирующая, средней степени тяжести, частые обострения",
        "wording=Бронхиальная астма средней степени тяжести с частыми обострениями"]),
    ("dispensary.png", "dispensary_certificate", [
        "issued=2026-09-25", "icd10=J45.0", "period_start=2022-02-01",
        "diagnosis=Бронхиальная астма средней степени тяжести, частые обострения"]),
    ("ambulance.png", "ambulance_certificate", [
        "issued=2026-10-05", "icd10=J45.0", "diagnosis=Приступ бронхиальной астмы, нетрудоспособен"]),
    ("receipt_ok.png", "postal_receipt", ["issued=2026-03-20", f"tracking={VALID_TRACK}"]),
    ("receipt_bad.png", "postal_receipt", ["issued=2026-03-21", f"tracking={INVALID_TRACK}"]),
]


def build_case(tmp_path: Path) -> Path:
    vault = tmp_path / "v"
    init_vault(vault)
    scans = tmp_path / "scans"
    scans.mkdir()
    ids = {}
    for shade, (name, kind, fields) in enumerate(DOCS):
        [item] = _cli(vault, "import", str(_scan(scans, name, shade * 20)), "--kind", kind)
        ids[name] = item["document_id"]
        _cli(vault, "doc", "set", str(ids[name]), *fields)
    cond = _cli(vault, "condition", "add", "--icd10", "J45.0", "--article", "52", "--subitem", "в",
                "--primary")["id"]
    for name, element in [("child.png", "history"), ("adult.png", "history"),
                          ("old_conclusion.png", "current"), ("fresh_conclusion.png", "current"),
                          ("dispensary.png", "dispensary")]:
        _cli(vault, "link", str(ids[name]), "--condition", str(cond), "--element", element)
    _cli(vault, "summons", "add", "--appear-on", "2026-10-05", "--received", "2026-09-28",
         "--channel", "paper", "--purpose", "medical", "--attended", "no")
    _cli(vault, "summons", "add", "--appear-on", "2026-11-10", "--placed", "2026-11-01",
         "--channel", "registry", "--purpose", "medical", "--attended", "no")
    _cli(vault, "letter", "add", "--purpose", "ags", "--sent", "2026-03-20", "--tracking", VALID_TRACK,
         "--receipt", str(ids["receipt_ok.png"]), "--ags-period", "2026-autumn")
    _cli(vault, "letter", "add", "--purpose", "ags", "--sent", "2026-03-21", "--tracking",
         INVALID_TRACK, "--receipt", str(ids["receipt_bad.png"]), "--ags-period", "2027-spring")
    return vault


def codes(vault: Path, as_of: str) -> set[str]:
    gaps = _cli(vault, "gaps", "--as-of", as_of)
    for gap in gaps:
        assert set(gap) == {"code", "severity", "message_ru", "message_en", "fix_ru", "fix_en",
                            "source", "document_ids", "summons_ids", "letter_ids", "due"}
        assert gap["source"].startswith("[")
    return {g["code"] for g in gaps}


def test_asthma_case_three_board_dates(tmp_path: Path) -> None:
    vault = build_case(tmp_path)
    results = {}
    for board in ("2027-06-01", "2027-03-01", "2026-12-15"):  # the earliest upcoming one counts
        _cli(vault, "board", "set", board)
        results[board] = codes(vault, "2026-11-22")
    assert results == EXPECTED


COMMON = {
    "NA-01",   # the 10 Nov summons is not covered by any document
    "NA-03",   # the 5 Oct ambulance certificate was never sent to the office within 20 days
    # (no NA-04: the 10 Nov summons was placed on 1 Nov, so its 20 days ran out on
    # 21 Nov, counted from placement, the earlier reading; NA-03 covers it)
    "NA-10",   # registry summons not attended: exit ban active
    "AGS-02",  # one AGS letter's receipt carries an invalid tracking number
    "COR-01",  # ... which fails the checksum
    "COR-03",  # delivery of the letters is not proven
    "WRD-01",  # the fresh documents lack the article 52 «в» qualifiers
    "WRD-05",  # Schedule edition not chosen
    # second release
    "MED-10",  # no spirometry in the fresh conclusion (art. 52)
    "MED-12",  # "частые обострения" backed by one dated attack
    "MED-14",  # no proof the medical documents reached the voyenkomat
    "AGS-04",  # no autobiography or character reference attached
    "COR-06",  # no copy or text of the letters stored
    "DOC-02",  # facilities not recorded
    "DOC-03",  # doctors not recorded
    "NA-09",   # summons details (address, issuer, seal …) not recorded
    "NA-11",   # which delivery model was applied
}
EXPECTED: dict[str, set[str]] = {
    "2027-06-01": COMMON | {"MED-04", "MED-05", "MED-07"},  # no fresh conclusion then; last visit too old
    "2027-03-01": COMMON | {"MED-05"},             # conclusion expires within 30 days after
    "2026-12-15": COMMON,
}
