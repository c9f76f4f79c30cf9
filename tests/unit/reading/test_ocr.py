"""OCR of generated Russian certificates: fields found, nothing written, optional, cancellable."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.unit.reading.conftest import import_paths, needs_tesseract, write_png
from tests.unit.reading.gen import Sample, make_sample
from vault.errors import Cancelled
from vault.evidence.rules import load_rules
from vault.reading import ocr
from vault.reading.suggestions import suggest_fields


@needs_tesseract
@pytest.mark.parametrize("seed", [1001, 1002])
def test_ocr_finds_date_code_and_qualifiers(seed: int) -> None:
    sample = make_sample(seed)
    text = ocr.ocr_image(sample.image)
    found = suggest_fields(text, load_rules())
    issued = [s.value for s in found if s.field == "issued"]
    assert issued and issued[0] == sample.issued.isoformat(), text
    assert sample.icd10 in [s.value for s in found if s.field == "icd10"], text
    assert sample.tracking in [s.value for s in found if s.field == "tracking"], text
    qualifiers = {s.value for s in found if s.field == "qualifier"}
    assert set(sample.terms) <= qualifiers, text
    assert all(s.fragment for s in found)


@needs_tesseract
def test_ocr_writes_no_files(sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    tmp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.chdir(cwd)
    assert "Диагноз" in ocr.ocr_image(sample.image)
    assert list(tmp.iterdir()) == [] and list(cwd.iterdir()) == []


@needs_tesseract
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace not installed")
def test_tesseract_opens_nothing_for_writing(sample: Sample, tmp_path: Path) -> None:
    """The stronger check: every file Tesseract opens, anywhere, is opened read-only."""
    import io

    buf = io.BytesIO()
    ocr.preprocess(sample.image).save(buf, format="PPM")
    log = tmp_path / "trace.txt"
    proc = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,creat,mkdir,rename,unlink", "-o", str(log),
         ocr.tesseract(), "stdin", "stdout", "-l", ocr.LANGS, "--psm", str(ocr.PSM)],
        input=buf.getvalue(), capture_output=True, env=ocr._env(), check=False,
    )
    if proc.returncode != 0 and not proc.stdout:
        pytest.skip("strace cannot trace here (ptrace restricted)")
    calls = log.read_text().splitlines()
    assert calls, "strace recorded nothing"
    writes = [c for c in calls if any(k in c for k in ("O_WRONLY", "O_RDWR", "O_CREAT", "creat(",
                                                        "mkdir(", "rename(", "unlink("))]
    assert writes == []


def test_thread_limit_and_minimal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_TOKEN", "x")
    env = ocr._env()
    assert env["OMP_THREAD_LIMIT"] == "1" and "SECRET_TOKEN" not in env


def test_unavailable_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, vault: Any, sample: Sample) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    ocr._probe.cache_clear()
    try:
        with pytest.raises(ocr.OcrUnavailable, match="install tesseract") as err:
            list(ocr.ocr_pending(vault))
        assert err.value.exit_code == 16
        with pytest.raises(ocr.OcrUnavailable):
            ocr.ocr_image(sample.image)
        from vault.records.text import search  # the rest of the vault still works
        assert search(vault, "астма") == []
    finally:
        ocr._probe.cache_clear()


@needs_tesseract
def test_ocr_pending_stores_text_and_skips_pdf_layer(vault: Any, tmp_path: Path) -> None:
    from fpdf import FPDF

    from vault.records.text import get_text

    scan = make_sample(1003)
    pdf = FPDF()
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Выписной эпикриз. Текстовый слой страницы один, без распознавания.")
    pdf.add_page()
    pdf.image(make_sample(1004).image, x=10, y=10, w=140)
    (tmp_path / "mixed.pdf").write_bytes(bytes(pdf.output()))
    png_id, pdf_id = import_paths(vault, [write_png(scan, tmp_path / "a.png"), tmp_path / "mixed.pdf"])
    assert ocr.pending_ids(vault) == [png_id, pdf_id]  # the PDF's page 2 has no layer
    seen: list[ocr.OcrProgress] = []
    results = list(ocr.ocr_pending(vault, progress=seen.append))
    outcome = [(r.document_id, r.status, r.ocr_pages) for r in results]
    assert outcome == [(png_id, "done", 1), (pdf_id, "done", 1)]
    assert [(p.document_id, p.page) for p in seen] == [(png_id, 0), (pdf_id, 0), (pdf_id, 1)]
    with vault.session() as s:
        png_text, pdf_text = get_text(s, png_id), get_text(s, pdf_id)
    assert scan.icd10 in png_text
    first, second = pdf_text.split("\f")
    assert first.startswith("Выписной эпикриз. Текстовый слой")  # the layer, verbatim
    assert "Диагноз" in second
    assert ocr.pending_ids(vault) == []
    assert list(ocr.ocr_pending(vault)) == []


@needs_tesseract
def test_cancel_stops_mid_page_and_stores_nothing(vault: Any, tmp_path: Path, sample: Sample) -> None:
    from vault.records.text import get_text

    (doc_id,) = import_paths(vault, [write_png(sample, tmp_path / "a.png")])
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    with pytest.raises(Cancelled):
        ocr.ocr_document(vault, doc_id, cancel=cancel)
    assert list(ocr.ocr_pending(vault, cancel=cancel)) == []
    with vault.session() as s:
        assert get_text(s, doc_id) == ""
    assert ocr.pending_ids(vault) == [doc_id]


@needs_tesseract
def test_user_text_is_never_replaced(vault: Any, tmp_path: Path, sample: Sample) -> None:
    from vault.records.text import save_text

    (doc_id,) = import_paths(vault, [write_png(sample, tmp_path / "a.png")])
    with vault.session() as s:
        save_text(s, doc_id, "набрано вручную", source="user")
    assert ocr.ocr_document(vault, doc_id) == "набрано вручную"
