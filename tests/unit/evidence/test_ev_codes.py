"""Every code of DOMAIN.md §C: the registry matches DOMAIN, and each code has a case
where it fires (with DOMAIN's severity) and a neighbouring case where it does not."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest
from domain_codes import DOMAIN_SEVERITY
from ev_factory import (
    BOARD,
    TODAY,
    clean,
    doc,
    gaps,
    med,
    receipt,
    sent_letter,
    with_letters,
    with_summons,
    without_links,
)

from vault.evidence.gaps import CHECKS
from vault.evidence.rules import Rules
from vault.evidence.snapshot import (
    BoardDate,
    Condition,
    Document,
    Letter,
    Profile,
    Settings,
    Snapshot,
    Summons,
)

D = date(2026, 4, 20)
SUMMONS = {"purpose": "medical", "address": "ул. Ленина, 1", "issuer": "Военкомат", "followup": "ответил письменно"}


def _domain_md() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        for candidate in (parent / "shared" / "DOMAIN.md", parent.parent / "shared" / "DOMAIN.md"):
            if candidate.is_file():
                return candidate
    return None


def domain_checks() -> dict[str, str]:
    """code → severity cell, from the §C tables of DOMAIN.md."""
    path = _domain_md()
    if path is None:
        pytest.skip("shared/DOMAIN.md not found next to the repository")
    text = path.read_text(encoding="utf-8")
    section = text[text.index("## C. Gap checks"): text.index("## D. ")]
    rows = re.findall(r"^\| ((?:MED|NA|COR|AGS|DOC|WRD)-\d\d) \|(.*)\|\s*$", section, re.M)
    return {code: rest.split("|")[-1].strip().lower() for code, rest in rows}


def test_registry_is_exactly_domain_section_c() -> None:
    assert set(CHECKS) == set(DOMAIN_SEVERITY)
    assert len(CHECKS) == len(set(CHECKS)) == 63


def test_the_copy_of_section_c_matches_domain_md() -> None:
    assert domain_checks() == DOMAIN_SEVERITY


def docs(snap: Snapshot, *extra: Document) -> Snapshot:
    return replace(snap, documents=snap.documents + extra)


def edit(snap: Snapshot, doc_id: int, **kw: object) -> Snapshot:
    return replace(snap, documents=tuple(replace(d, **kw) if d.id == doc_id else d for d in snap.documents))


def missed(id: int = 1, day: date = D, **kw: object) -> Summons:
    return Summons(id, day, **{"attended": False, **SUMMONS, **kw})  # type: ignore[arg-type]


def sick(id: int, start: date, end: date | None) -> Document:
    return doc(id, "sick_leave", start, period_start=start, period_end=end, doctor="Сидоров В. В.")


def posted(snap: Snapshot, *letters: Letter, receipt_day: date = date(2026, 4, 1)) -> Snapshot:
    return with_letters(docs(snap, receipt(20, receipt_day)), *letters)


def letter(purpose: str = "medical", sent: date = date(2026, 4, 1), **kw: object) -> Letter:
    return sent_letter(1, purpose, sent, 20, **kw)


def profile(**kw: object) -> Snapshot:
    return replace(clean(), profile=Profile(**kw))  # type: ignore[arg-type]


def board(**kw: object) -> Snapshot:
    return replace(clean(), board_dates=(BoardDate(1, date(2026, 4, 1), **kw),))  # type: ignore[arg-type]


def covered(snap: Snapshot, end: date) -> Snapshot:
    return docs(with_summons(snap, missed()), sick(30, D, end))


def ags_case(sent: date = date(2026, 3, 20), **kw: object) -> Snapshot:
    base = replace(clean(), settings=Settings(ags_target_period="2026-autumn", schedule_edition="565-2013"))
    fields = {"ags_period": "2026-autumn", "attachments": ("autobiography", "reference"), **kw}
    return posted(base, letter("ags", sent, **fields), receipt_day=sent)


@dataclass(frozen=True)
class Case:
    fires: Callable[[], Snapshot]
    quiet: Callable[[], Snapshot]
    today: date = TODAY
    board: date | None = BOARD


TRANS_MAN = {"gender_scenario": "afab-male-marker", "marker_changed_on": date(2026, 4, 21)}
PSYCH = (Condition(1, "F41.1", 17, "б", primary=True),)

CASES: dict[str, Case] = {
    "MED-01": Case(lambda: replace(clean(), conditions=(Condition(1, "J45.0", 52, "а"),)), clean),
    "MED-02": Case(lambda: without_links(clean(), "history"), clean),
    "MED-03": Case(lambda: edit(clean(), 1, kind="other"), clean),
    "MED-04": Case(lambda: without_links(clean(), "current"), clean),
    "MED-05": Case(lambda: edit(clean(), 3, issued=date(2025, 12, 20)), clean),
    "MED-06": Case(lambda: without_links(clean(), "dispensary"), clean),
    "MED-07": Case(lambda: edit(clean(), 4, issued=date(2025, 10, 1)), clean),
    "MED-08": Case(lambda: edit(clean(), 3, text="ОФВ1 55 %. Стойкая ремиссия."), clean),
    "MED-09": Case(lambda: edit(clean(), 3, icd10=("J30.1",)), clean),
    "MED-10": Case(lambda: edit(clean(), 3, text=""), clean),
    "MED-11": Case(lambda: replace(clean(), conditions=PSYCH),
                   lambda: edit(edit(replace(clean(), conditions=PSYCH), 3, specialty="психиатр"),
                                4, facility="ПНД № 1")),
    "MED-12": Case(lambda: replace(clean(), documents=clean().documents[:4]), clean),
    "MED-13": Case(lambda: profile(gender_scenario="f64"),
                   lambda: docs(profile(gender_scenario="f64"), med(60, "medical_certificate", D, icd10=("F64.0",)))),
    "MED-14": Case(lambda: posted(edit(clean(), 3, handed_in=None), letter(enclosed_document_ids=(4,))),
                   lambda: posted(edit(clean(), 3, handed_in=None), letter())),
    "MED-15": Case(lambda: board(referred=True),
                   lambda: docs(board(referred=True), med(60, "health_conclusion", date(2026, 4, 10)))),
    "MED-16": Case(lambda: board(category="Г"), lambda: board(category="В")),
    "NA-01": Case(lambda: with_summons(clean(), missed()), clean),
    "NA-02": Case(lambda: docs(with_summons(clean(), missed()), med(30, "ambulance_certificate", D)),
                  lambda: covered(clean(), D)),
    "NA-03": Case(lambda: covered(clean(), D),
                  lambda: posted(covered(clean(), D), letter("valid-reason", date(2026, 5, 2), related_summons_id=1),
                                 receipt_day=date(2026, 5, 2)), today=date(2026, 5, 10)),
    "NA-04": Case(lambda: covered(clean(), D), clean, today=date(2026, 5, 6)),
    "NA-05": Case(lambda: with_summons(clean(), missed(), missed(2, date(2026, 4, 22))),
                  lambda: with_summons(clean(), missed())),
    "NA-06": Case(lambda: docs(with_summons(clean(), missed(followup="")), sick(30, D, D)),
                  lambda: covered(clean(), D), today=date(2026, 4, 25)),
    "NA-07": Case(lambda: with_summons(clean(), missed(channel="registry", placed=date(2026, 3, 1),
                                                      attended=True, extract_document_id=3)),
                  lambda: with_summons(clean(), missed(channel="registry", placed=date(2026, 4, 1),
                                                      attended=True, extract_document_id=3))),
    "NA-08": Case(lambda: with_summons(clean(), missed(channel="paper", received=date(2026, 4, 18),
                                                      signed=True, sealed=True, attended=True)),
                  lambda: with_summons(clean(), missed(channel="paper", received=date(2026, 4, 10),
                                                      signed=True, sealed=True, attended=True))),
    "NA-09": Case(lambda: with_summons(clean(), missed(address="", attended=True)),
                  lambda: with_summons(clean(), missed(attended=True))),
    "NA-10": Case(lambda: with_summons(clean(), missed(day=date(2026, 5, 20), attended=None, channel="registry",
                                                      placed=date(2026, 4, 25), extract_document_id=3)),
                  lambda: with_summons(clean(), missed(day=date(2026, 5, 20), attended=True, channel="registry",
                                                      placed=date(2026, 4, 25), extract_document_id=3))),
    "NA-11": Case(lambda: with_summons(clean(), missed(day=date(2026, 5, 20), attended=None, channel="mail",
                                                      received=date(2026, 4, 25))),
                  lambda: with_summons(clean(), missed(day=date(2026, 5, 20), attended=True, channel="mail",
                                                      received=date(2026, 4, 25)))),
    "NA-12": Case(lambda: board(category="Б-3", decision="призыв"), lambda: board(category="В")),
    "COR-01": Case(lambda: posted(clean(), letter(tracking="60300095123459")), lambda: posted(clean(), letter())),
    "COR-02": Case(lambda: posted(covered(clean(), D), letter("valid-reason", date(2026, 5, 12), related_summons_id=1),
                                  receipt_day=date(2026, 5, 12)),
                   lambda: posted(covered(clean(), D), letter("valid-reason", date(2026, 5, 2), related_summons_id=1),
                                  receipt_day=date(2026, 5, 2)), today=date(2026, 5, 20)),
    "COR-03": Case(lambda: posted(clean(), letter(status="sent", delivered=None)), lambda: posted(clean(), letter())),
    "COR-04": Case(lambda: posted(clean(), letter(valued=True)),
                   lambda: docs(posted(clean(), letter(valued=True, contents_document_id=21)),
                                doc(21, "contents_list", date(2026, 3, 30)))),
    "COR-05": Case(lambda: posted(clean(), letter(status="returned")), lambda: posted(clean(), letter())),
    "COR-06": Case(lambda: posted(clean(), letter(text="")), lambda: posted(clean(), letter())),
    "COR-07": Case(lambda: posted(clean(), letter(answered=None)),
                   lambda: docs(posted(clean(), letter(answered=None)), doc(21, "office_reply", date(2026, 4, 20))),
                   today=date(2026, 5, 10)),
    "COR-08": Case(lambda: profile(file_lacks_records=True),
                   lambda: posted(profile(file_lacks_records=True), letter("complaint"))),
    "COR-09": Case(lambda: posted(clean(), letter(text="Я гей.")), lambda: posted(clean(), letter())),
    "COR-10": Case(lambda: profile(gender_scenario="amab-female-marker"),
                   lambda: posted(profile(gender_scenario="amab-female-marker"), letter("deregister"))),
    "COR-11": Case(lambda: profile(**TRANS_MAN),
                   lambda: posted(profile(**TRANS_MAN), letter("register", date(2026, 4, 28)))),
    "AGS-01": Case(lambda: ags_case(sent=date(2026, 4, 2)), ags_case),
    "AGS-02": Case(lambda: ags_case(tracking="60300095123459"), ags_case),
    "AGS-03": Case(lambda: ags_case(sent=date(2026, 4, 2)), ags_case),
    "AGS-04": Case(lambda: ags_case(attachments=("autobiography",)), ags_case),
    "AGS-05": Case(lambda: ags_case(hearing=date(2026, 5, 20)), lambda: ags_case(hearing=date(2026, 4, 20))),
    "AGS-06": Case(lambda: ags_case(refused=date(2026, 4, 20)),
                   lambda: with_letters(ags_case(refused=date(2026, 4, 20)),
                                        sent_letter(2, "complaint", date(2026, 4, 25), 20))),
    "DOC-01": Case(lambda: edit(clean(), 2, issued=None), clean),
    "DOC-02": Case(lambda: edit(clean(), 2, has_stamp=False), lambda: edit(clean(), 2, has_stamp=True)),
    "DOC-03": Case(lambda: edit(clean(), 2, has_signature=False), lambda: edit(clean(), 2, has_signature=True)),
    "DOC-04": Case(lambda: edit(clean(), 2, diagnosis=""), clean),
    "DOC-05": Case(lambda: edit(clean(), 2, icd10=("J4",)), clean),
    "DOC-06": Case(lambda: edit(profile(name="Иван Петров", birth_date=date(2005, 1, 2)), 2,
                                patient_name="Петров Иван", patient_dob=date(2005, 2, 1)),
                   lambda: edit(profile(name="Иван Петров", birth_date=date(2005, 1, 2)), 2,
                                patient_name="Петров Иван", patient_dob=date(2005, 1, 2))),
    "DOC-07": Case(lambda: docs(clean(), doc(30, "sick_leave", D, doctor="Д")),
                   lambda: docs(clean(), sick(30, D, D))),
    "DOC-08": Case(lambda: edit(clean(), 2, electronic=True), lambda: edit(clean(), 2, electronic=True, e_signature=True)),
    "DOC-09": Case(lambda: edit(clean(), 2, ocr_confidence=(92, 41)), lambda: edit(clean(), 2, ocr_confidence=(92, 88))),
    "DOC-10": Case(lambda: edit(clean(), 2, sha256=clean().documents[0].sha256), clean),
    "DOC-11": Case(lambda: edit(clean(), 2, form_no="086/у"), lambda: edit(clean(), 2, form_no="025/у")),
    "DOC-12": Case(lambda: edit(clean(), 2, original_held=False), lambda: edit(clean(), 2, original_held=True)),
    "WRD-01": Case(lambda: edit(edit(clean(), 3, wording="", diagnosis="Астма"), 4, wording="", diagnosis="Астма"),
                   clean),
    "WRD-02": Case(lambda: edit(clean(), 3, text="ОФВ1 55 %, астма легкой степени"), clean),
    "WRD-03": Case(lambda: edit(clean(), 3, text="Спирометрия: ОФВ1 78 %."), clean),
    "WRD-04": Case(lambda: edit(clean(), 2, diagnosis="Хронический гастрит"), clean),
    "WRD-05": Case(lambda: replace(clean(), settings=Settings()), clean),
    "WRD-06": Case(lambda: edit(clean(), 2, notes="Категория НГИ по статье"), clean),
}


def test_every_code_has_a_case() -> None:
    assert set(CASES) == set(CHECKS)


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_fires_with_domain_severity_and_not_when_fixed(rules: Rules, code: str) -> None:
    case = CASES[code]
    fired = [g for g in gaps(case.fires(), rules, case.board, case.today) if g.code == code]
    assert fired, f"{code} should fire"
    cell = DOMAIN_SEVERITY[code]
    assert all(g.severity in cell for g in fired), (code, [g.severity for g in fired], cell)
    assert not [g for g in gaps(case.quiet(), rules, case.board, case.today) if g.code == code]
