from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import clean, codes, doc, linked, med, only, with_summons

from vault.evidence.rules import Rules
from vault.evidence.snapshot import Condition, Document, Settings, Snapshot, Summons


def plus(*docs: Document) -> Snapshot:
    return replace(clean(), documents=clean().documents + docs)


def test_doc01(rules: Rules) -> None:
    assert only(plus(doc(10, "other", None)), rules, "DOC-01")[0].document_ids == (10,)
    assert "later than today" in only(plus(doc(10, "other", date(2026, 5, 2))), rules, "DOC-01")[0].message_en
    assert "DOC-01" not in codes(plus(doc(10, "other", date(2026, 5, 1))), rules)
    future_board = only(plus(doc(10, "other", date(2026, 4, 1))), rules, "DOC-01", board=date(2026, 3, 1))
    assert "after the board" in future_board[0].message_en
    ongoing = doc(10, "sick_leave", None, period_start=date(2026, 4, 28), period_end=date(2026, 5, 5))
    assert "DOC-01" not in codes(plus(ongoing), rules)


def test_doc04_and_doc05(rules: Rules) -> None:
    assert only(plus(doc(10, "specialist_conclusion", date(2026, 1, 1), icd10=("J45.0",))), rules, "DOC-04")
    assert "DOC-04" not in codes(plus(doc(10, "exam_result", date(2026, 1, 1))), rules)
    missing = only(
        plus(doc(10, "specialist_conclusion", date(2026, 1, 1), diagnosis="Астма")), rules, "DOC-05"
    )
    assert "without an ICD-10" in missing[0].message_en
    bad = only(plus(doc(10, "exam_result", date(2026, 1, 1), icd10=("J4S.0",))), rules, "DOC-05")
    assert "Malformed" in bad[0].message_en
    cyr = doc(10, "specialist_conclusion", date(2026, 1, 1), diagnosis="Плоскостопие", icd10=("М21.4",))
    assert "DOC-05" not in codes(plus(cyr), rules)


def test_doc07(rules: Rules) -> None:
    assert only(plus(doc(10, "sick_leave", date(2026, 4, 1))), rules, "DOC-07")[0].document_ids == (10,)
    cert = doc(10, "medical_certificate", date(2026, 4, 1), diagnosis="ОРВИ", icd10=("J06.9",))
    assert "DOC-07" not in codes(plus(cert), rules)
    cited = with_summons(
        plus(cert), Summons(1, date(2026, 4, 1), attended=False, covering_document_ids=(10,))
    )
    assert "DOC-07" in codes(cited, rules)
    amb = doc(11, "ambulance_certificate", date(2026, 4, 1), diagnosis="Приступ астмы")
    cited_amb = with_summons(
        plus(amb), Summons(1, date(2026, 4, 1), attended=False, covering_document_ids=(11,))
    )
    assert "DOC-07" not in codes(cited_amb, rules)


def test_doc10(rules: Rules) -> None:
    twin = replace(clean().documents[2], id=10)
    g = only(plus(twin), rules, "DOC-10")
    assert [x.document_ids for x in g] == [(3, 10)]
    rescan = replace(clean().documents[2], id=10, sha256="f" * 64)
    assert only(plus(rescan), rules, "DOC-10")[0].document_ids == (3, 10)
    assert len(only(plus(twin, replace(twin, id=11)), rules, "DOC-10")) == 1


def test_wrd01_qualifiers(rules: Rules) -> None:
    plain = med(10, "specialist_conclusion", date(2026, 4, 1), diagnosis="Бронхиальная астма", wording="")
    g = only(linked(clean(), plain, "current"), rules, "WRD-01")
    assert g[0].document_ids == (10,)
    inflected = replace(plain, text="Заключение: течение с частыми обострениями.")
    assert "WRD-01" not in codes(linked(clean(), inflected, "current"), rules)
    no_sub = replace(clean(), conditions=(Condition(1, "J45.0", 52, None, primary=True),))
    assert "WRD-01" not in codes(no_sub, rules)


def test_wrd02_weakening(rules: Rules) -> None:
    weak = med(
        10, "specialist_conclusion", date(2026, 4, 1), text="Астма средней степени тяжести, контролируемая"
    )
    g = only(linked(clean(), weak, "current"), rules, "WRD-02")
    assert g[0].document_ids == (10,)
    assert "контролируем" in g[0].message_ru
    phrase = med(10, "dispensary_certificate", date(2026, 4, 1), text="без нарушения функций")
    assert "WRD-02" in codes(linked(clean(), phrase, "dispensary"), rules)


def test_wrd02_target_own_qualifier_not_weakening(rules: Rules) -> None:
    cond = (Condition(1, "J45.0", 52, "в", primary=True),)
    docs = tuple(replace(d, wording="легкой степени") for d in clean().documents)
    assert "WRD-02" not in codes(replace(clean(), conditions=cond, documents=docs), rules)


def test_wrd04(rules: Rules) -> None:
    wrong = doc(
        10, "specialist_conclusion", date(2026, 1, 1), diagnosis="Бронхиальная астма", icd10=("J30.1",)
    )
    assert only(plus(wrong), rules, "WRD-04")[0].document_ids == (10,)
    wrong2 = doc(
        10, "specialist_conclusion", date(2026, 1, 1), diagnosis="Аллергический ринит", icd10=("J45.0",)
    )
    assert "WRD-04" in codes(plus(wrong2), rules)
    both = doc(
        10,
        "specialist_conclusion",
        date(2026, 1, 1),
        diagnosis="Бронхиальная астма; ринит",
        icd10=("J45.0", "J30.1"),
    )
    assert "WRD-04" not in codes(plus(both), rules)
    unknown = doc(10, "specialist_conclusion", date(2026, 1, 1), diagnosis="Гастрит", icd10=("K29.5",))
    assert "WRD-04" not in codes(plus(unknown), rules)


def test_wrd05(rules: Rules) -> None:
    none = replace(clean(), settings=Settings())
    assert only(none, rules, "WRD-05")[0].severity == "info"
    other = replace(clean(), settings=Settings(schedule_edition="565+1314"))
    assert "565+1314" in only(other, rules, "WRD-05")[0].message_en


def test_wrd04_reads_on_past_a_document_without_codes(rules: Rules) -> None:
    odd = med(31, "outpatient_record", date(2025, 3, 1), icd10=("K25.0",))
    found = only(plus(doc(30, "postal_receipt", date(2026, 1, 5)), odd), rules, "WRD-04")
    assert [g.document_ids for g in found] == [(31,)]


def _edited(doc_id: int, **kw: object) -> Snapshot:
    return replace(clean(), documents=tuple(replace(d, **kw) if d.id == doc_id else d for d in clean().documents))


def test_a_term_at_either_end_of_a_documents_typed_text_is_found_in_that_document(rules: Rules) -> None:
    """The typed text of all documents is searched in one pass: a form number that opens a
    document's text, or a mark that ends its file name, belongs to that document alone."""
    assert [g.document_ids for g in only(_edited(2, form_no="086/у"), rules, "DOC-11")] == [(2,)]
    assert [g.document_ids for g in only(_edited(2, original_name="справка для ТЦК"), rules, "WRD-06")] == [(2,)]
    assert [g.document_ids for g in only(_edited(3, original_name="ТЦК справка"), rules, "WRD-06")] == [(3,)]
    assert [g.document_ids for g in only(_edited(1, form_no="086/у"), rules, "DOC-11")] == [(1,)]  # the very first


def test_every_document_with_a_term_is_found_not_only_the_first(rules: Rules) -> None:
    both = replace(clean(), documents=tuple(
        replace(d, form_no="086/у") if d.id in (1, 2) else d for d in clean().documents))
    assert [g.document_ids for g in only(both, rules, "DOC-11")] == [(1, 2)]


def test_a_phrase_is_matched_within_one_document_not_across_the_next(rules: Rules) -> None:
    """Document 2 has the phrase's first word only; document 3 has the whole phrase."""
    snap = replace(clean(), documents=tuple(
        replace(d, original_name="povestka.jpg") if d.id == 2 else
        replace(d, notes="скачано с povestka online") if d.id == 3 else d for d in clean().documents))
    assert [g.document_ids for g in only(snap, rules, "WRD-06")] == [(3,)]
    last_two = replace(clean(), documents=tuple(
        replace(d, original_name="povestka.jpg") if d.id == 52 else
        replace(d, notes="скачано с povestka online") if d.id == 53 else d for d in clean().documents))
    assert [g.document_ids for g in only(last_two, rules, "WRD-06")] == [(53,)]  # 53 is the last document


def test_the_last_two_documents_are_both_found(rules: Rules) -> None:
    snap = replace(clean(), documents=tuple(
        replace(d, original_name=f"справка для ТЦК {d.id}") if d.id in (52, 53) else d for d in clean().documents))
    assert [g.document_ids for g in only(snap, rules, "WRD-06")] == [(52, 53)]


def test_a_letter_that_lengthens_in_lower_case_does_not_shift_the_other_documents(rules: Rules) -> None:
    """"İ".lower() is two characters: the one-pass search then falls back to normalising
    each document on its own, so hits still land in the right document."""
    snap = replace(clean(), documents=tuple(
        replace(d, notes="İzmir") if d.id == 1 else
        replace(d, form_no="086/у") if d.id == 2 else
        replace(d, original_name="справка для ТЦК") if d.id == 3 else d for d in clean().documents))
    assert [g.document_ids for g in only(snap, rules, "DOC-11")] == [(2,)]
    assert [g.document_ids for g in only(snap, rules, "WRD-06")] == [(3,)]
