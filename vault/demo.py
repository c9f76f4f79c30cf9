"""A clearly named demo vault filled with generated (fake) Russian sample documents.

Everything here is synthetic: certificates and a postal receipt drawn with
Pillow and the DejaVu font, one condition, summonses, a letter and a board
date, so the TUI can be tried (and screenshotted for docs) without real data.
No UI imports. Sample images are written to a private temporary directory only
for the import pipeline and removed right after.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEMO_NAME = "DEMO-spravka-vault"


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str
    days_ago: int
    fields: dict[str, str]
    title: str
    lines: tuple[str, ...]


SAMPLES = (
    Sample("vypiska_2019.png", "record_extract", 2200,
           {"facility": "ГБУЗ ДГП № 7 (ДЕМО)", "doctor": "Иванова А. П.", "specialty": "педиатр",
            "icd10": "J45.0", "diagnosis": "Бронхиальная астма, аллергическая форма"},
           "ВЫПИСКА ИЗ МЕДИЦИНСКОЙ КАРТЫ", ("Пациент: ДЕМО Демо Демович", "Диагноз: бронхиальная астма (J45.0)",
                                           "Наблюдается с 2012 года", "ДЕМОНСТРАЦИОННЫЙ ОБРАЗЕЦ")),
    Sample("pulmonolog_2024.png", "specialist_conclusion", 600,
           {"facility": "ГБУЗ ГП № 12 (ДЕМО)", "doctor": "Петров С. В.", "specialty": "пульмонолог",
            "icd10": "J45.0", "diagnosis": "Бронхиальная астма средней степени тяжести"},
           "ЗАКЛЮЧЕНИЕ ПУЛЬМОНОЛОГА", ("Жалобы: приступы удушья 2-3 раза в неделю",
                                       "Диагноз: J45.0, средней степени тяжести", "ДЕМОНСТРАЦИОННЫЙ ОБРАЗЕЦ")),
    Sample("spirometria.png", "exam_result", 40,
           {"facility": "ГБУЗ ГП № 12 (ДЕМО)", "specialty": "функциональная диагностика", "icd10": "J45.0"},
           "СПИРОМЕТРИЯ", ("ОФВ1: 68 % от должного", "Проба с бронхолитиком положительная",
                           "ДЕМОНСТРАЦИОННЫЙ ОБРАЗЕЦ")),
    Sample("dispanser.png", "dispensary_certificate", 20,
           {"facility": "ГБУЗ ГП № 12 (ДЕМО)", "doctor": "Петров С. В.", "icd10": "J45.0",
            "diagnosis": "Бронхиальная астма"},
           "СПРАВКА", ("Состоит на диспансерном наблюдении у пульмонолога", "с 15.03.2021 по настоящее время",
                       "ДЕМОНСТРАЦИОННЫЙ ОБРАЗЕЦ")),
    Sample("kvitanciya.png", "postal_receipt", 10, {"tracking": "80099912345671"},
           "ПОЧТА РОССИИ — КВИТАНЦИЯ", ("Заказное письмо с уведомлением", "ШПИ 80099912345671",
                                        "ДЕМОНСТРАЦИОННЫЙ ОБРАЗЕЦ")),
)


def render_sample(sample: Sample, size: tuple[int, int] = (620, 860)) -> bytes:
    """A fake scanned page as PNG bytes (Cyrillic via DejaVu, if installed)."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", size, (250, 248, 240))
    draw = ImageDraw.Draw(img)
    try:
        big, small = ImageFont.truetype(str(FONT), 30), ImageFont.truetype(str(FONT), 20)
    except OSError:
        big = small = ImageFont.load_default()
    draw.rectangle((20, 20, size[0] - 20, size[1] - 20), outline=(40, 60, 120), width=4)
    draw.text((50, 60), sample.title, font=big, fill=(20, 30, 90))
    for i, line in enumerate(sample.lines):
        draw.text((50, 160 + 50 * i), line, font=small, fill=(30, 30, 30))
    draw.ellipse((size[0] - 230, size[1] - 260, size[0] - 60, size[1] - 90), outline=(60, 80, 200), width=5)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def write_samples(directory: Path, samples: tuple[Sample, ...] = SAMPLES) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for sample in samples:
        path = directory / sample.name
        path.write_bytes(render_sample(sample))
        paths.append(path)
    return paths


def default_demo_dir() -> Path:
    from vault.paths import default_vault_dir

    return default_vault_dir().parent / DEMO_NAME


def build_demo(root: Path, passphrase: str, *, params: Any = None, today: date | None = None) -> dict[str, Any]:
    """Create the demo vault at ``root``; return what was made (ids, recovery key)."""
    from vault.core import Vault
    from vault.importing.pipeline import ImportOptions, import_files
    from vault.records import conditions as records
    from vault.records import documents, events

    today = today or date.today()
    vault, recovery = Vault.create(root, passphrase, params=params)
    try:
        cond = records.add_condition(vault, {"icd10": "J45.0", "article": "52", "subitem": "в",
                                             "primary": "yes", "notes": "ДЕМО"})
        doc_ids: list[int] = []
        with tempfile.TemporaryDirectory(prefix="spravka-demo-") as tmp:
            for sample, path in zip(SAMPLES, write_samples(Path(tmp)), strict=True):
                issued = today - timedelta(days=sample.days_ago)
                for result in import_files(vault, [path], ImportOptions(kind=sample.kind, issued=issued)):
                    if result.document_id is not None:
                        doc_ids.append(result.document_id)
                        documents.set_fields(vault, result.document_id, dict(sample.fields))
        for doc_id, element in zip(doc_ids[:4], ("history", "history", "current", "dispensary"), strict=True):
            records.link(vault, doc_id, cond["id"], element)
        events.add_summons(vault, {"appear_on": (today - timedelta(days=30)).isoformat(),
                                   "received": (today - timedelta(days=35)).isoformat(),
                                   "channel": "paper", "purpose": "medical", "attended": "yes"})
        events.add_summons(vault, {"appear_on": (today + timedelta(days=25)).isoformat(),
                                   "received": (today - timedelta(days=2)).isoformat(),
                                   "channel": "registry", "purpose": "board"})
        events.add_letter(vault, {"purpose": "medical", "sent": (today - timedelta(days=10)).isoformat(),
                                  "tracking": "80099912345671", "receipt": str(doc_ids[-1])})
        events.set_board_date(vault, (today + timedelta(days=45)).isoformat())
    finally:
        vault.lock()
    return {"vault": str(root), "recovery_key": recovery, "documents": doc_ids, "condition": cond["id"]}
