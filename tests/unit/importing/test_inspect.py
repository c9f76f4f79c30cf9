from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.corpus.make_corpus import Expected, cyrillic_pdf, sparse_pdf, tiff
from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing.inspect import Inspection, inspect_bytes, inspect_file
from vault.importing.limits import Limits

ROOT = Path(__file__).resolve().parents[3]
CORPUS_NAMES = [
    "letter_1page.pdf",
    "выписка_3стр.pdf",
    "справка_ПНД.jpg",
    "scan.png",
    "photo.heic",
    "multipage.tiff",
    "receipt.webp",
    "really_png.jpg",
    "nested.pdf",
    "xref_loop.pdf",
    "empty.pdf",
    "report.docx",
    "notes.pdf",
    "truncated.jpg",
    "truncated.png",
    "truncated.pdf",
    "corrupt.pdf",
    "encrypted.pdf",
    "bomb.png",
    "huge.tiff",
    "page_tree_loop.pdf",
]


def test_corpus_lists_every_case(corpus: tuple[Path, dict[str, Expected]]) -> None:
    assert sorted(corpus[1]) == sorted(CORPUS_NAMES)
    total = sum(p.stat().st_size for p in corpus[0].iterdir())
    assert total < 10 * 1024 * 1024


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_corpus_outcome(corpus: tuple[Path, dict[str, Expected]], name: str) -> None:
    directory, expected = corpus
    outcome = expected[name]
    if outcome.accepted:
        result = inspect_file(directory / name)
        assert (result.media_type, result.page_count) == (outcome.media_type, outcome.page_count)
        assert result.size == (directory / name).stat().st_size
        assert result.has_text_layer == outcome.has_text
        assert result.exif_orientation == outcome.exif_orientation
    else:
        with pytest.raises(ImportRejected) as info:
            inspect_file(directory / name)
        assert outcome.reason is not None
        assert str(info.value).startswith(outcome.reason)
        assert "\n" not in str(info.value)


def test_pdf_text_layer_is_cyrillic(corpus_dir: Path) -> None:
    result = inspect_file(corpus_dir / "выписка_3стр.pdf")
    pages = result.text.split("\f")
    assert len(pages) == 3
    assert "Справка ПНД" in pages[0]
    assert "Страница 3 из 3" in pages[2]


PDF_NAMES = [name for name in CORPUS_NAMES if name.endswith(".pdf")]


def _verdict(inspect: Callable[[], Inspection]) -> Inspection | str:
    try:
        return inspect()
    except ImportRejected as exc:
        return str(exc)


@pytest.mark.parametrize("limits", [Limits(), Limits(max_text_stream_bytes=200)],
                         ids=["default", "page-per-open"])
@pytest.mark.parametrize("name", PDF_NAMES)
def test_pdf_in_memory_is_judged_as_from_the_file(corpus_dir: Path, name: str, limits: Limits,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """In memory, pdfium reads the bytes themselves (no Python callback per block): same facts."""
    import pypdfium2

    opened: list[type] = []
    real = pypdfium2.PdfDocument

    def recording(source: object, *args: object, **kwargs: object) -> object:
        opened.append(type(source))
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pypdfium2, "PdfDocument", recording)
    from_file = _verdict(lambda: inspect_file(corpus_dir / name, limits))
    streamed, opened[:] = list(opened), []
    in_memory = _verdict(lambda: inspect_bytes((corpus_dir / name).read_bytes(), limits))
    assert in_memory == from_file
    assert bytes not in streamed and set(opened) <= {bytes}


def test_image_dimensions(corpus_dir: Path) -> None:
    result = inspect_file(corpus_dir / "справка_ПНД.jpg")
    assert (result.width, result.height) == (120, 80)  # as stored; orientation 6 is reported, not applied
    assert result.text == "" and not result.has_text_layer


def test_repaired_pdf_is_accepted_with_a_warning(corpus_dir: Path) -> None:
    assert inspect_file(corpus_dir / "xref_loop.pdf").warnings


def test_size_limit() -> None:
    with pytest.raises(ImportRejected, match=r"^file too large \(\d+ bytes, limit 100\)$"):
        inspect_bytes(cyrillic_pdf(1), Limits(max_file_bytes=100))


def test_image_size_limit() -> None:
    with pytest.raises(ImportRejected, match=r"^file too large"):
        inspect_bytes(tiff(), Limits(max_image_bytes=100))


@pytest.mark.parametrize("data", [cyrillic_pdf(3), tiff(3)], ids=["pdf", "tiff"])
def test_page_limit(data: bytes) -> None:
    with pytest.raises(ImportRejected, match=r"^too many pages \(more than 2\)$"):
        inspect_bytes(data, Limits(max_pages=2))
    assert inspect_bytes(data, Limits(max_pages=3)).page_count == 3


def test_pixel_limit_is_checked_before_decoding(corpus_dir: Path) -> None:
    with pytest.raises(ImportRejected, match=r"^image too large: 120x80 pixels, limit 9000"):
        inspect_file(corpus_dir / "справка_ПНД.jpg", Limits(max_pixels=9000))


def test_object_count_limit(corpus_dir: Path) -> None:
    with pytest.raises(ImportRejected, match=r"^PDF too complex: \d+ objects, limit 3$"):
        inspect_file(corpus_dir / "letter_1page.pdf", Limits(max_pdf_objects=3))


def test_text_limits(corpus_dir: Path) -> None:
    result = inspect_file(corpus_dir / "выписка_3стр.pdf", Limits(max_text_chars=10))
    assert len(result.text) == 10 and result.warnings
    result = inspect_file(corpus_dir / "выписка_3стр.pdf", Limits(max_text_pages=1))
    assert result.page_count == 3 and "\f" not in result.text and result.warnings


def test_fifo_is_not_opened_for_reading(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(ImportRejected, match=f"^{reasons.NOT_REGULAR}$"):
        inspect_file(fifo)  # would block forever without O_NONBLOCK


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match=f"^{reasons.MISSING}$"):
        inspect_file(tmp_path / "nope.pdf")


_BIG_PDF_PROBE = textwrap.dedent(
    """
    import resource, sys
    import pikepdf, pypdfium2, PIL.Image  # libraries loaded before the baseline
    from vault.importing.inspect import inspect_file
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = inspect_file(sys.argv[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(result.page_count, (peak - base) // 1024)
    """
)


@pytest.mark.timeout(60)
def test_500_mb_pdf_inspects_in_small_memory(tmp_path: Path) -> None:
    """20 pages x 25 MiB images (sparse on disk): qpdf and pdfium must not pull the images in."""
    path = tmp_path / "big.pdf"
    sparse_pdf(path, pages=20, image_bytes=25 * 1024 * 1024)
    assert path.stat().st_size > 500_000_000
    out = subprocess.run(
        [sys.executable, "-c", _BIG_PDF_PROBE, str(path)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    pages, peak_mib = int(out[0]), int(out[1])
    assert pages == 20
    assert peak_mib < 128, f"peak RSS grew by {peak_mib} MiB"
