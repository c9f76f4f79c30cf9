"""Full-text search inside the encrypted DB: inflections, ё/е, typed fields, snippets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.unit.reading.conftest import import_paths
from tests.unit.reading.gen import Sample
from vault.records.text import reindex, save_text, search, search_hits, snippet


def _docs(vault: Any, tmp_path: Path, sample: Sample, n: int) -> list[int]:
    """``n`` small distinct scans (text is set directly: these tests are about the index)."""
    from PIL import Image

    paths = []
    for i in range(n):
        path = tmp_path / f"{i}.png"
        Image.new("L", (64, 64), 40 * i).save(path)
        paths.append(path)
    return import_paths(vault, paths)


def test_inflected_word_finds_document(vault: Any, tmp_path: Path, sample: Sample) -> None:
    a, b = _docs(vault, tmp_path, sample, 2)
    with vault.session() as s:
        save_text(s, a, "Диагноз: бронхиальная астма, частые обострения. Наблюдается с 2019 г.", source="ocr")
        save_text(s, b, "Справка для бассейна. Здоров.", source="ocr")
    assert search(vault, "обострение") == [a]
    assert search(vault, "ОБОСТРЕНИЯМИ астмы") == [a]
    assert search(vault, "бассейн") == [b]
    assert search(vault, "обострение бассейн") == []
    hits = search_hits(vault, "обострениями")
    assert [h.document_id for h in hits] == [a]
    assert "частые обострения" in hits[0].snippet
    assert hits[0].to_json().keys() == {"document_id", "kind", "issued", "snippet"}


def test_yo_and_e_are_the_same_letter(vault: Any, tmp_path: Path, sample: Sample) -> None:
    (a,) = _docs(vault, tmp_path, sample, 1)
    with vault.session() as s:
        save_text(s, a, "Лёгкое течение, ремиссия.", source="ocr")
    assert search(vault, "легкое") == [a] and search(vault, "лЁгкого") == [a]


def test_typed_fields_are_searchable_after_reindex(vault: Any, tmp_path: Path, sample: Sample) -> None:
    from vault.records.documents import set_fields

    (a,) = _docs(vault, tmp_path, sample, 1)
    assert search(vault, "пульмонолог") == []
    set_fields(vault, a, {"diagnosis": "Бронхиальная астма тяжёлого течения", "doctor": "Сидорова А. В.",
                          "facility": "ГБУЗ Поликлиника 12", "icd10": "J45.0", "notes": "пульмонолог"})
    with vault.session() as s:  # the hook set_fields is to call (see the report to the lead)
        reindex(s, a)
    assert search(vault, "тяжелое") == [a]
    assert search(vault, "Сидоровой") == [a]
    assert search(vault, "пульмонолога") == [a]
    assert search(vault, "J45.0") == [a]
    with vault.session() as s:  # new text keeps the fields in the index
        save_text(s, a, "Заключение пульмонолога", source="ocr")
    assert search(vault, "поликлиники") == [a] and search(vault, "заключение") == [a]


def test_index_lives_in_the_encrypted_database(vault: Any, tmp_path: Path, sample: Sample) -> None:
    (a,) = _docs(vault, tmp_path, sample, 1)
    with vault.session() as s:
        save_text(s, a, "уникальноеслово обострения", source="ocr")
    vault.lock()
    for f in (tmp_path / "v").rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert "уникальноеслово".encode() not in data and b"unikal" not in data


def test_snippet_centres_on_the_match() -> None:
    text = "начало " + "слово " * 40 + "обострения астмы " + "хвост " * 40
    cut = snippet(text, "обострение", width=60)
    assert "обострения" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) <= 62
    assert snippet("короткий текст", "нет") == "короткий текст"
