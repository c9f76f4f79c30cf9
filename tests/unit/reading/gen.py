"""Generated Russian certificates with known ground truth, for OCR tests and the bench.

Real scans cannot ship in the repository (they are someone's medical data), so
we type certificates with Pillow and DejaVu, then degrade them the way a phone
or a cheap scanner does: a slight rotation, sensor noise and blur, at a
resolution below the 300 dpi Tesseract prefers. Everything is seeded, so a
figure that moves means the OCR moved, not the data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from vault.evidence.tracking import complete_domestic

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
          "сентября", "октября", "ноября", "декабря")
TITLES = (("СПРАВКА", "medical_certificate"), ("ВЫПИСКА ИЗ МЕДИЦИНСКОЙ КАРТЫ", "record_extract"),
          ("КОНСУЛЬТАТИВНОЕ ЗАКЛЮЧЕНИЕ", "specialist_conclusion"))
FACILITIES = ("ГБУЗ «Городская поликлиника № 12»", "ГАУЗ «Областная клиническая больница»",
              "ООО «Медицинский центр Здоровье»")
DIAGNOSES = (
    ("Бронхиальная астма, тяжелое течение, частые обострения", "J45.0",
     ("тяжелое течение", "частые обострения")),
    ("Бронхиальная астма смешанная, тяжелое течение", "J45.8", ("тяжелое течение",)),
    ("Бронхиальная астма, частые обострения, ежедневные симптомы", "J45.1",
     ("частые обострения", "ежедневные симптомы")),
)


@dataclass(frozen=True)
class Sample:
    """One generated page and what a perfect reader would find on it."""

    image: Image.Image
    issued: date
    icd10: str
    tracking: str
    kind: str
    terms: tuple[str, ...]
    text: str


def ru_date(day: date, style: int) -> str:
    """The date the way Russian clinics write it; ``style`` picks one of five forms."""
    month = MONTHS[day.month - 1]
    return (
        f"{day:%d.%m.%Y}",
        f"{day:%d.%m.%y}",
        f"{day.day} {month} {day.year} г.",
        f"«{day:%d}» {month} {day.year} г.",
        f"{day.day} {month} {day.year}",
    )[style % 5]


def certificate_lines(rng: random.Random) -> tuple[list[str], date, str, str, str, tuple[str, ...]]:
    title, kind = rng.choice(TITLES)
    diagnosis, code, terms = rng.choice(DIAGNOSES)
    issued = date(2024, 1, 1) + timedelta(days=rng.randrange(800))
    tracking = complete_domestic("".join(str(rng.randrange(10)) for _ in range(13)))
    lines = [
        rng.choice(FACILITIES),
        "г. Москва, ул. Лесная, д. 7",
        "",
        title,
        "",
        "Выдана Иванову Петру Сергеевичу, 14.05.2006 г.р.,",
        "в том, что он находится на диспансерном наблюдении.",
        f"Диагноз: {diagnosis}.",
        f"Код по МКБ-10: {code}",
        "Рекомендовано: наблюдение пульмонолога.",
        f"Номер отправления: {tracking}",
        "",
        f"Дата выдачи: {ru_date(issued, rng.randrange(5))}",
        "Врач-пульмонолог ____________ Сидорова А. В.",
    ]
    return lines, issued, code, tracking, kind, terms


def make_sample(seed: int, *, dpi: int = 150, degrade: bool = True) -> Sample:
    """An A5 certificate at ``dpi`` (below 300 on purpose), rotated up to ±2°, noisy, blurred."""
    rng = random.Random(seed)
    lines, issued, code, tracking, kind, terms = certificate_lines(rng)
    width, height = round(5.83 * dpi), round(8.27 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    size = max(10, round(dpi * 11 / 72))  # 11 pt text
    regular, bold = ImageFont.truetype(FONT, size), ImageFont.truetype(BOLD, round(size * 1.2))
    y, margin = round(dpi * 0.6), round(dpi * 0.5)
    for line in _wrap(lines, draw, regular, width - 2 * margin):
        if line.isupper():
            w = draw.textlength(line, font=bold)
            draw.text(((width - w) / 2, y), line, font=bold, fill=0)
        else:
            draw.text((margin, y), line, font=regular, fill=rng.randrange(0, 60))
        y += round(size * 1.6)
    if degrade:
        page = page.rotate(rng.uniform(-2, 2), resample=Image.Resampling.BICUBIC, fillcolor=255,
                           expand=False)
        page = Image.blend(page, Image.effect_noise((width, height), 40), 0.15)
        page = page.filter(ImageFilter.GaussianBlur(0.6))
    return Sample(page.convert("RGB"), issued, code, tracking, kind, terms, "\n".join(lines))


def _wrap(lines: list[str], draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont,
          room: int) -> list[str]:
    out: list[str] = []
    for line in lines:
        current = ""
        for word in line.split(" "):
            trial = f"{current} {word}".strip()
            if current and draw.textlength(trial, font=font) > room:
                out.append(current)
                current = word
            else:
                current = trial
        out.append(current)
    return out


def samples(count: int, *, first_seed: int = 1000, dpi: int = 150) -> list[Sample]:
    return [make_sample(first_seed + i, dpi=dpi) for i in range(count)]
