"""Test data: real files with the metadata a sanitizer must remove."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from vault.export.model import (
    AuditEntry,
    ConditionRow,
    CoverData,
    EvidenceCell,
    ExportItem,
    Gap,
    Person,
    SigningKey,
    TimelineRow,
    VaultSummary,
)

KEY = SigningKey(bytes(range(32)))


def gps_jpeg(width: int = 400, height: int = 200) -> bytes:
    """Landscape pixels, EXIF orientation 6 (display rotated 90° CW), GPS, comment, red corner."""
    from PIL import Image

    img = Image.new("RGB", (width, height), "white")
    img.paste((255, 0, 0), (0, 0, 60, 60))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SecretPhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (55.0, 45.0, 21.0)
    gps[3] = "E"
    gps[4] = (37.0, 37.0, 4.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif, comment=b"secret-comment-Moscow")
    return buf.getvalue()


def png_image() -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "secret-author")
    buf = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 128, 0, 200)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def dirty_pdf(pages: int = 2, text: str = "hello") -> bytes:
    """A small PDF with /Info, XMP, JavaScript open action and an embedded file."""
    import pikepdf
    from fpdf import FPDF

    doc = FPDF()
    for n in range(pages):
        doc.add_page()
        doc.set_font("helvetica", size=20)
        doc.cell(text=f"{text} page {n + 1}")
    pdf = pikepdf.open(io.BytesIO(bytes(doc.output())))
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = ["secret-xmp-creator"]
    pdf.docinfo["/Author"] = "secret-info-author"
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
    pdf.attachments["evil.txt"] = pikepdf.AttachedFileSpec(pdf, b"secret-attachment")
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def item(doc_id: int, data: bytes, media_type: str, title: str, kind: str = "pnd") -> ExportItem:
    return ExportItem(
        document_id=doc_id, kind=kind, kind_label="Справка ПНД", issued=date(2026, 3, 12),
        title=title, original_name=f"IMG_{doc_id}_Иванов.bin", media_type=media_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        open_original=lambda: io.BytesIO(data),
    )


def file_item(doc_id: int, path: Path, media_type: str, sha: str) -> ExportItem:
    """Reads from disk like the real store streams from its chunks (no bytes held)."""
    return ExportItem(
        document_id=doc_id, kind="scan", kind_label="Скан", issued=None,
        title=f"Скан {doc_id}", original_name=None, media_type=media_type,
        size=path.stat().st_size, sha256=sha, open_original=lambda: path.open("rb"),
    )


@cache
def _sample_bytes() -> tuple[bytes, bytes, bytes]:
    return gps_jpeg(), dirty_pdf(2, "discharge"), png_image()


def sample_items() -> list[ExportItem]:
    """Same bytes on every call (fpdf stamps the time), fresh readers each time."""
    jpg, pdf, png = _sample_bytes()
    return [
        item(1, jpg, "image/jpeg", "Справка ПНД — 2026-03-12"),
        item(2, pdf, "application/pdf", "Выписка из стационара — ёлка"),
        item(3, png, "image/png", "Квитанция Почты России", kind="receipt"),
    ]


def cover(language: str = "ru") -> CoverData:
    cell = EvidenceCell("ok", (1, 2))
    return CoverData(
        language="ru" if language == "ru" else "en",
        person=Person("Пётр Ёжиков", date(2006, 5, 1)),
        summary=VaultSummary(documents=3, conditions=1, summonses=1, letters=2),
        board_date=date(2026, 4, 20),
        conditions=(ConditionRow("Бронхиальная астма", "J45.0", cell, EvidenceCell("weak", (2,)),
                                 EvidenceCell("missing"), article="ст. 52"),),
        gaps=(Gap.from_mapping({"code": "no-dispensary", "severity": "high",
                                "message": "Нет справки о диспансерном учёте",
                                "fix": "Запросить в поликлинике", "source": "Расписание болезней"}),),
        timeline=(TimelineRow(date(2026, 3, 1), "Повестка вручена", None),
                  TimelineRow(date(2026, 3, 5), "Письмо в военкомат", "80085412345678")),
        generated_at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
    )


AUDIT = (AuditEntry(7, datetime(2026, 3, 30, tzinfo=UTC), "document.added", "id=1", "ab" * 32),)
