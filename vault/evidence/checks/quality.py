"""Document quality, second release (DOMAIN.md §C.5 DOC-02, -03, -06, -08, -09, -11, -12;
§C.6 WRD-06). Grouped like ``doc.py``: one gap per problem, listing the documents."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vault.evidence.checks.context import Context
from vault.evidence.gap import Gap, Severity
from vault.evidence.snapshot import Document
from vault.evidence.wording import find_terms, tokens

MIN_OCR_CONFIDENCE = 60  # product rule (DOC-09): below this a page is hard to read
_FORM = re.compile(r"(?<!\d)(0\d\d)\s*[-/]?\s*[уy](?![а-яa-z])", re.I)


def _medical(ctx: Context, doc: Document) -> bool:
    kind = ctx.rules.kind(doc.kind)
    return kind.needs_diagnosis or bool(kind.elements)


def _gap(code: str, severity: Severity, ru: str, en: str, fix_ru: str, fix_en: str, src: str,
         docs: list[int]) -> Iterator[Gap]:
    if docs:
        yield Gap(code, severity, ru, en, fix_ru, fix_en, src, document_ids=tuple(sorted(docs)))


def doc02_03(ctx: Context) -> Iterator[Gap]:
    medical = [d for d in ctx.snapshot.documents if _medical(ctx, d)]
    yield from _gap(
        "DOC-02", "high",
        "Не указано медучреждение или на документе нет штампа/печати с полным названием.",
        "No facility named, or no stamp/seal with its full name on the document.",
        "Перепишите название из штампа; без штампа попросите заверить документ.",
        "Copy the name from the stamp; if there is none, ask the facility to stamp it.",
        "[P:aefk]",
        [d.id for d in medical if not d.facility.strip() or d.has_stamp is False])
    yield from _gap(
        "DOC-03", "high",
        "Нет подписи врача или не указаны его ФИО/должность.",
        "No doctor's signature, or the doctor's name/position is not recorded.",
        "Перепишите ФИО врача; без подписи попросите подписать документ.",
        "Record the doctor's name; if unsigned, ask for the signature.",
        "[P:aefk]",
        [d.id for d in medical if not d.doctor.strip() or d.has_signature is False])


def _same_name(a: str, b: str) -> bool:
    left, right = set(tokens(a)), set(tokens(b))
    return left <= right or right <= left


def doc06(ctx: Context) -> Iterator[Gap]:
    profile = ctx.snapshot.profile
    odd = [
        d.id for d in ctx.snapshot.documents
        if (profile.name and d.patient_name and not _same_name(profile.name, d.patient_name))
        or (profile.birth_date and d.patient_dob and d.patient_dob != profile.birth_date)
    ]
    yield from _gap(
        "DOC-06", "high",
        "ФИО или дата рождения пациента не совпадают с профилем.",
        "The patient's name or date of birth differs from your profile.",
        "Проверьте данные; документ на чужое имя комиссия не примет.",
        "Check them; the board will not accept a document in another name.",
        "[derived]", odd)


def doc08_09(ctx: Context) -> Iterator[Gap]:
    docs = ctx.snapshot.documents
    yield from _gap(
        "DOC-08", "medium",
        "Электронный медицинский документ без усиленной квалифицированной подписи (УКЭП).",
        "Electronic medical document without a qualified e-signature.",
        "Сохраните файл подписи или отметку о проверке подписи.",
        "Store the signature file or the signature-verification stamp.",
        "[P:newargun]",
        [d.id for d in docs if d.electronic and not d.e_signature])
    poor = [
        d.id for d in docs
        if (d.ocr_confidence and min(d.ocr_confidence) < MIN_OCR_CONFIDENCE)
        or (d.pages_expected is not None and d.page_count < d.pages_expected)
    ]
    yield from _gap(
        "DOC-09", "low",
        f"Плохой скан: распознавание ниже {MIN_OCR_CONFIDENCE} % или не все страницы (обе стороны).",
        f"Poor scan: OCR confidence below {MIN_OCR_CONFIDENCE} % or pages missing (both sides).",
        "Пересканируйте документ целиком, с обеих сторон.",
        "Rescan the whole document, both sides.",
        "[product rule]", poor)


def _form(doc: Document) -> str | None:
    for text in (doc.form_no, doc.all_text):
        match = _FORM.search(text.lower())
        if match:
            return match.group(1)
    return None


def doc11(ctx: Context) -> Iterator[Gap]:
    student = ctx.snapshot.profile.student
    bad: list[int] = []
    for doc in ctx.snapshot.documents:
        form = _form(doc)
        if (form == "086" and doc.id in ctx.linked_ids) or (form == "095" and student is False):
            bad.append(doc.id)
    yield from _gap(
        "DOC-11", "low",
        "Форма не подходит для этой цели: 086/у — справка о годности, не доказательство болезни; "
        "095/у — только для учащихся.",
        "The form does not fit its use: 086/u certifies fitness, not disease; 095/u is for students.",
        "Получите выписку (027/у) или заключение специалиста.",
        "Get an extract (027/u) or a specialist's conclusion instead.",
        "[P:howded] [P:govorida]", bad)


def doc12(ctx: Context) -> Iterator[Gap]:
    yield from _gap(
        "DOC-12", "info",
        "Оригиналы этих документов не у вас: отправляйте только копии и перечисляйте их в описи.",
        "You no longer hold the originals of these documents: send copies only and list them as copies.",
        "Отметьте, где оригинал; запросите его обратно, если он отдан.",
        "Record where the original is; ask for it back if it was handed over.",
        "[product rule] [mem]",
        [d.id for d in ctx.snapshot.documents if d.original_held is False])


def wrd06(ctx: Context) -> Iterator[Gap]:
    group = ctx.rules.terms.get("foreign_schedule")
    if group is None:
        return
    hits = [d.id for d in ctx.snapshot.documents if find_terms(d.every_text, group.phrases)]
    notes = any(find_terms(c.notes, group.phrases) for c in ctx.snapshot.conditions)
    if hits or notes:
        yield Gap(
            "WRD-06", "low",
            "Похоже на белорусское расписание болезней (категории НГИ/НГМ/ГНС, ТЦК или белорусский сайт).",
            "This looks like the Belarusian schedule (categories НГИ/НГМ/ГНС, ТЦК or a Belarusian site).",
            "Используйте только российское Расписание болезней (ПП 565).",
            "Use only the Russian Schedule of Diseases (PP 565).",
            group.source, document_ids=tuple(sorted(hits)))


def run(ctx: Context) -> Iterator[Gap]:
    for check in (doc02_03, doc06, doc08_09, doc11, doc12, wrd06):
        yield from check(ctx)
