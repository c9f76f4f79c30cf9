"""Document quality, second release (DOMAIN.md §C.5 DOC-02, -03, -06, -08, -09, -11, -12;
§C.6 WRD-06). Grouped like ``doc.py``: one gap per problem, listing the documents.

These checks read every document, so one function collects what all of them need
in tight comprehensions (the gap report must stay within 20 ms on 1,000 documents).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from vault.evidence.checks.context import Context
from vault.evidence.gap import Gap, Severity
from vault.evidence.snapshot import Document
from vault.evidence.wording import find_terms, tokens

MIN_OCR_CONFIDENCE = 60  # product rule (DOC-09): below this a page is hard to read
_FORM = re.compile(r"(?<!\d)(0\d\d)\s*[-/]?\s*[уy](?![а-яa-z])", re.I)


@dataclass
class _Pass:
    """Document ids per problem."""

    no_facility: list[int] = field(default_factory=list)
    no_signature: list[int] = field(default_factory=list)
    other_person: list[int] = field(default_factory=list)
    no_esign: list[int] = field(default_factory=list)
    poor_scan: list[int] = field(default_factory=list)
    wrong_form: list[int] = field(default_factory=list)
    original_away: list[int] = field(default_factory=list)


def _form(doc: Document) -> str | None:
    """The form number as typed (form_no, else the diagnosis/wording/notes the user typed).

    OCR text is not read here: a number the OCR finds is offered as a suggestion for
    ``form_no`` first, like every other field read from a scan.
    """
    for text in (doc.form_no, doc.diagnosis, doc.wording, doc.notes):
        match = _FORM.search(text.lower())
        if match:
            return match.group(1)
    return None


def _scan(ctx: Context) -> _Pass:
    """One comprehension per problem: each is a tight loop, cheaper than one loop with many ifs."""
    docs = ctx.snapshot.documents
    medical = frozenset(k.id for k in ctx.rules.kinds.values() if k.needs_diagnosis or k.elements)
    profile = ctx.snapshot.profile
    mine = frozenset(tokens(profile.name))
    dob, student, linked = profile.birth_date, profile.student, ctx.linked_ids
    names: dict[str, bool] = {}

    def other_name(name: str) -> bool:
        if name not in names:
            theirs = frozenset(tokens(name))  # words in any order, either way round
            names[name] = not (mine <= theirs or theirs <= mine)
        return names[name]

    med = [d for d in docs if d.kind in medical]
    forms = [docs[i] for i in sorted(ctx.containing(("086", "095")))]  # one search over all typed text
    return _Pass(
        no_facility=[d.id for d in med if not d.facility or d.facility.isspace() or d.has_stamp is False],
        no_signature=[d.id for d in med if not d.doctor or d.doctor.isspace() or d.has_signature is False],
        other_person=[d.id for d in docs if (d.patient_name and mine and other_name(d.patient_name))
                      or (d.patient_dob and dob and d.patient_dob != dob)],
        no_esign=[d.id for d in docs if d.electronic and not d.e_signature],
        poor_scan=[d.id for d in docs
                   if (d.ocr_confidence and min(d.ocr_confidence) < MIN_OCR_CONFIDENCE)
                   or (d.pages_expected is not None and d.page_count < d.pages_expected)],
        wrong_form=[d.id for d in forms
                    if ((form := _form(d)) == "086" and d.id in linked) or (form == "095" and student is False)],
        original_away=[d.id for d in docs if d.original_held is False],
    )


def _gap(code: str, severity: Severity, ru: str, en: str, fix_ru: str, fix_en: str, src: str,
         docs: list[int]) -> Iterator[Gap]:
    if docs:
        yield Gap(code, severity, ru, en, fix_ru, fix_en, src, document_ids=tuple(sorted(set(docs))))


def documents(ctx: Context) -> Iterator[Gap]:
    found = _scan(ctx)
    yield from _gap(
        "DOC-02", "high",
        "Не указано медучреждение или на документе нет штампа/печати с полным названием.",
        "No facility named, or no stamp/seal with its full name on the document.",
        "Перепишите название из штампа; без штампа попросите заверить документ.",
        "Copy the name from the stamp; if there is none, ask the facility to stamp it.",
        "[P:aefk]", found.no_facility)
    yield from _gap(
        "DOC-03", "high",
        "Нет подписи врача или не указаны его ФИО/должность.",
        "No doctor's signature, or the doctor's name/position is not recorded.",
        "Перепишите ФИО врача; без подписи попросите подписать документ.",
        "Record the doctor's name; if unsigned, ask for the signature.",
        "[P:aefk]", found.no_signature)
    yield from _gap(
        "DOC-06", "high",
        "ФИО или дата рождения пациента не совпадают с профилем.",
        "The patient's name or date of birth differs from your profile.",
        "Проверьте данные; документ на чужое имя комиссия не примет.",
        "Check them; the board will not accept a document in another name.",
        "[derived]", found.other_person)
    yield from _gap(
        "DOC-08", "medium",
        "Электронный медицинский документ без усиленной квалифицированной подписи (УКЭП).",
        "Electronic medical document without a qualified e-signature.",
        "Сохраните файл подписи или отметку о проверке подписи.",
        "Store the signature file or the signature-verification stamp.",
        "[P:newargun]", found.no_esign)
    yield from _gap(
        "DOC-09", "low",
        f"Плохой скан: распознавание ниже {MIN_OCR_CONFIDENCE} % или не все страницы (обе стороны).",
        f"Poor scan: OCR confidence below {MIN_OCR_CONFIDENCE} % or pages missing (both sides).",
        "Пересканируйте документ целиком, с обеих сторон.",
        "Rescan the whole document, both sides.",
        "[product rule]", found.poor_scan)
    yield from _gap(
        "DOC-11", "low",
        "Форма не подходит для этой цели: 086/у — справка о годности, не доказательство болезни; "
        "095/у — только для учащихся.",
        "The form does not fit its use: 086/u certifies fitness, not disease; 095/u is for students.",
        "Получите выписку (027/у) или заключение специалиста.",
        "Get an extract (027/u) or a specialist's conclusion instead.",
        "[P:howded] [P:govorida]", found.wrong_form)
    yield from _gap(
        "DOC-12", "info",
        "Оригиналы этих документов не у вас: отправляйте только копии и перечисляйте их в описи.",
        "You no longer hold the originals of these documents: send copies only and list them as copies.",
        "Отметьте, где оригинал; запросите его обратно, если он отдан.",
        "Record where the original is; ask for it back if it was handed over.",
        "[product rule] [mem]", found.original_away)


def wrd06(ctx: Context) -> Iterator[Gap]:
    """Marks of the Belarusian schedule in what the user typed or imported (file names,
    notes, condition notes); the OCR text of medical scans is not where web text lands."""
    group = ctx.rules.terms.get("foreign_schedule")
    if group is None:
        return
    hits = sorted(ctx.text_hits(group.phrases))
    notes = any(find_terms(c.notes, group.phrases) for c in ctx.snapshot.conditions)
    if hits or notes:
        yield Gap(
            "WRD-06", "low",
            "Похоже на белорусское расписание болезней (категории НГИ/НГМ/ГНС, ТЦК или белорусский сайт).",
            "This looks like the Belarusian schedule (categories НГИ/НГМ/ГНС, ТЦК or a Belarusian site).",
            "Используйте только российское Расписание болезней (ПП 565).",
            "Use only the Russian Schedule of Diseases (PP 565).",
            group.source, document_ids=tuple(hits))


def run(ctx: Context) -> Iterator[Gap]:
    yield from documents(ctx)
    yield from wrd06(ctx)
