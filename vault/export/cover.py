"""The cover pages in memory (fpdf2): what the lawyer reads first, in Russian or English.

Page numbers in the contents depend on how long the cover itself is, so the
cover is laid out until its own page count is stable (usually twice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from vault.export.fonts import bold_variant, cyrillic_font
from vault.export.manifest import DocRecord
from vault.export.model import ConditionRow, CoverData, EvidenceCell

_TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Пакет документов для адвоката",
        "generated": "Сформирован",
        "person": "Призывник",
        "person_hidden": "не указано (по выбору владельца)",
        "born": "дата рождения",
        "summary": "Хранилище: документов {documents}, заболеваний {conditions}, "
                   "повесток {summonses}, писем {letters}",
        "board": "Дата комиссии",
        "board_none": "не назначена",
        "days_left": "осталось дней: {n}",
        "days_today": "сегодня",
        "days_past": "прошло дней: {n}",
        "conditions": "Заболевания и доказательства",
        "condition": "Заболевание (МКБ-10)",
        "history": "Анамнез",
        "current": "Текущее состояние",
        "dispensary": "Диспансерный учёт",
        "ok": "есть", "weak": "слабо", "missing": "нет",
        "docs": "док.",
        "none": "нет данных",
        "gaps": "Пробелы в доказательствах",
        "scenario_on": "Проверки сценария: включены",
        "scenario": "Сценарий",
        "fix": "Что сделать",
        "source": "Основание",
        "timeline": "Повестки и переписка",
        "date": "Дата", "what": "Событие", "tracking": "Трек-номер",
        "contents": "Содержание",
        "page": "с.",
        "manifest": "Манифест: контрольные суммы SHA-256",
        "original": "оригинал",
        "sanitized": "очищенная копия",
        "manifest_note": "Оригиналы хранятся без изменений; очищенные копии — без метаданных "
                         "(EXIF, GPS, автор). Манифест подписан ключом Ed25519 хранилища, "
                         "отпечаток ключа: {fp}. Файлы manifest.json и manifest.sig вложены.",
    },
    "en": {
        "title": "Evidence bundle for the lawyer",
        "generated": "Generated",
        "person": "Conscript",
        "person_hidden": "not included (owner's choice)",
        "born": "born",
        "summary": "Vault: {documents} documents, {conditions} conditions, "
                   "{summonses} summonses, {letters} letters",
        "board": "Draft board date",
        "board_none": "not scheduled",
        "days_left": "{n} days left",
        "days_today": "today",
        "days_past": "{n} days ago",
        "conditions": "Conditions and evidence",
        "condition": "Condition (ICD-10)",
        "history": "History",
        "current": "Current state",
        "dispensary": "Dispensary registration",
        "ok": "yes", "weak": "weak", "missing": "missing",
        "docs": "doc.",
        "none": "none",
        "gaps": "Evidence gaps",
        "scenario_on": "Scenario checks: on",
        "scenario": "Scenario",
        "fix": "Fix",
        "source": "Source",
        "timeline": "Summonses and correspondence",
        "date": "Date", "what": "Event", "tracking": "Tracking number",
        "contents": "Contents",
        "page": "p.",
        "manifest": "Manifest: SHA-256 checksums",
        "original": "original",
        "sanitized": "sanitised copy",
        "manifest_note": "Originals are kept byte-exact; sanitised copies carry no metadata "
                         "(EXIF, GPS, author). The manifest is signed with the vault's Ed25519 "
                         "key, fingerprint: {fp}. manifest.json and manifest.sig are attached.",
    },
}


def _d(value: date | None, lang: str = "en") -> str:
    """One date format per language: ДД.ММ.ГГГГ in Russian, ISO in English."""
    if not value:
        return "—"
    return value.strftime("%d.%m.%Y") if lang == "ru" else value.isoformat()


SEVERITY_WORDS = {
    "ru": {"blocker": "критично", "high": "высокая", "medium": "средняя", "low": "низкая", "info": "сведения"},
    "en": {"blocker": "blocker", "high": "high", "medium": "medium", "low": "low", "info": "info"},
}


def preload() -> None:
    """Load fpdf2 and find the font ahead of an export (about 0.3 s of imports here).

    Callers start this while the user waits on something else: the CLI during
    Argon2id, the TUI when the export screen opens. Idempotent and harmless.
    """
    import fpdf  # noqa: F401, PLC0415

    cyrillic_font()


class _Cover:
    """One layout pass; a fresh instance per pass keeps fpdf2 state out of module scope."""

    def __init__(self, cover: CoverData, fingerprint: str) -> None:
        from fpdf import FPDF

        self.c = cover
        self.t = _TEXT[cover.language]
        self.fp = fingerprint
        font = cyrillic_font()
        pdf = FPDF(format="A4")
        pdf.add_font("main", "", str(font))
        pdf.add_font("main", "B", str(bold_variant(font)))
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.set_creation_date(cover.generated_at)
        pdf.set_producer("Spravka")
        pdf.set_lang(cover.language)
        pdf.add_page()
        self.pdf = pdf

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.ln(3)
        self.pdf.set_font("main", "B", size)
        self.pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_font("main", "", 10)

    def line(self, text: str, size: int = 10, h: float = 5) -> None:
        pdf = self.pdf
        pdf.set_font("main", "", size)
        room = pdf.w - pdf.r_margin - pdf.x - 2 * pdf.c_margin
        if "\n" not in text and pdf.get_string_width(text) <= room:
            # One line: measured once. multi_cell re-measures the line per character it
            # adds (~70% of the export's Python time for a 300 MB bundle's manifest pages).
            pdf.cell(0, h, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(0, h, text, new_x="LMARGIN", new_y="NEXT")

    def header(self) -> None:
        t, c = self.t, self.c
        self.heading(t["title"], 17)
        self.line(f"{t['generated']}: {c.generated_at.strftime(('%d.%m.%Y' if c.language == 'ru' else '%Y-%m-%d') + ' %H:%M %Z').strip()}")
        if c.person is None:
            self.line(f"{t['person']}: {t['person_hidden']}")
        else:
            born = f", {t['born']} {_d(c.person.birth_date, c.language)}" if c.person.birth_date else ""
            self.line(f"{t['person']}: {c.person.name}{born}")
        s = c.summary
        self.line(t["summary"].format(documents=s.documents, conditions=s.conditions,
                                      summonses=s.summonses, letters=s.letters))
        if c.board_date is None:
            self.line(f"{t['board']}: {t['board_none']}", 12, 7)
        else:
            n = (c.board_date - c.generated_at.date()).days
            when = (t["days_left"].format(n=n) if n > 0 else
                    t["days_today"] if n == 0 else t["days_past"].format(n=-n))
            self.line(f"{t['board']}: {_d(c.board_date, c.language)} ({when})", 12, 7)
        if c.scenario is not None:  # the scenario itself only when the user ticked it
            self.line(t["scenario_on"] if c.scenario == "on" else f"{t['scenario']}: {c.scenario}")

    def cell(self, cell: EvidenceCell) -> str:
        ids = ", ".join(f"№{i}" for i in cell.document_ids)
        status = self.t.get(cell.status, cell.status)
        return f"{status} ({self.t['docs']} {ids})" if ids else status

    def conditions(self, rows: Sequence[ConditionRow]) -> None:
        t = self.t
        self.heading(t["conditions"])
        if not rows:
            self.line(t["none"])
            return
        self.pdf.set_font("main", "", 9)
        with self.pdf.table(col_widths=(34, 22, 22, 22), text_align="LEFT",
                            line_height=5) as table:
            head = table.row()
            for key in ("condition", "history", "current", "dispensary"):
                head.cell(t[key])
            for cond in rows:
                row = table.row()
                name = f"{cond.name} ({cond.icd10})" if cond.icd10 and cond.icd10 != cond.name else cond.name
                row.cell(f"{name}, {cond.article}" if cond.article else name)
                for part in (cond.history, cond.current, cond.dispensary):
                    row.cell(self.cell(part))

    def gaps(self) -> None:
        t = self.t
        self.heading(t["gaps"])
        if not self.c.gaps:
            self.line(t["none"])
        for gap in self.c.gaps:
            self.line(f"[{SEVERITY_WORDS[self.c.language].get(gap.severity, gap.severity)}] {gap.message}", 10)
            self.line(f"    {t['fix']}: {gap.fix}   ({t['source']}: {gap.source}; {gap.code})", 8, 4)

    def timeline(self) -> None:
        t = self.t
        self.heading(t["timeline"])
        if not self.c.timeline:
            self.line(t["none"])
            return
        self.pdf.set_font("main", "", 9)
        with self.pdf.table(col_widths=(18, 52, 30), text_align="LEFT", line_height=5) as table:
            head = table.row()
            for key in ("date", "what", "tracking"):
                head.cell(t[key])
            for item in sorted(self.c.timeline, key=lambda r: r.when):
                row = table.row()
                row.cell(_d(item.when, self.c.language))
                row.cell(item.what)
                row.cell(item.tracking_number or "—")

    def contents(self, records: Sequence[DocRecord], paged: bool) -> None:
        t = self.t
        self.heading(t["contents"])
        for rec in records:
            where = f"{t['page']} {rec.first_page}" if paged else rec.original_name
            self.line(f"№{rec.item.document_id}  {rec.item.title}  —  {where}", 10)

    def manifest(self, records: Sequence[DocRecord]) -> None:
        t = self.t
        self.pdf.add_page()
        self.heading(t["manifest"])
        self.line(t["manifest_note"].format(fp=self.fp), 9)
        for rec in records:
            self.pdf.ln(1)
            self.line(f"№{rec.item.document_id}  {rec.item.title} ({rec.item.kind_label})", 10)
            self.line(f"    {t['original']}: {rec.item.sha256.lower()}", 7, 3.6)
            for name, digest in rec.sanitized:
                self.line(f"    {t['sanitized']} {name}: {digest}", 7, 3.6)

    def layout(self, records: Sequence[DocRecord], paged: bool) -> int:
        """Lay the cover out; returns its page count (``output`` is only paid for the last pass)."""
        self.header()
        self.conditions(self.c.conditions)
        self.gaps()
        self.timeline()
        self.contents(records, paged)
        self.manifest(records)
        return int(self.pdf.page_no())

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def _numbered(records: Sequence[DocRecord], cover_pages: int) -> list[DocRecord]:
    out, page = [], cover_pages + 1
    for rec in records:
        out.append(replace(rec, first_page=page))
        page += rec.page_count
    return out


def prepare_cover(cover: CoverData, fingerprint: str) -> _Cover:
    """fpdf2 loaded and the fonts parsed: the part of a cover that needs no records.

    The PDF export starts this on a thread while its documents are written.
    """
    return _Cover(cover, fingerprint)


def render_cover(
    cover: CoverData, records: Sequence[DocRecord], fingerprint: str, *, paged: bool,
    prepared: _Cover | None = None,
) -> tuple[bytes, list[DocRecord]]:
    """Cover PDF bytes and the records with their bundle page numbers (when ``paged``)."""
    if not paged:
        flat = prepared or _Cover(cover, fingerprint)
        flat.layout(records, paged=False)
        return flat.output(), list(records)
    guess = 2
    for _ in range(5):
        numbered = _numbered(records, guess)
        attempt, prepared = prepared or _Cover(cover, fingerprint), None
        pages = attempt.layout(numbered, paged=True)
        if pages == guess:
            break
        guess = pages
    return attempt.output(), numbered
