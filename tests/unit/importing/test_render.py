from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from vault.errors import ImportRejected
from vault.importing.render import render_page

ROOT = Path(__file__).resolve().parents[3]
CASES = [
    ("letter_1page.pdf", "application/pdf", 0),
    ("выписка_3стр.pdf", "application/pdf", 2),
    ("справка_ПНД.jpg", "image/jpeg", 0),
    ("scan.png", "image/png", 0),
    ("photo.heic", "image/heic", 0),
    ("multipage.tiff", "image/tiff", 2),
    ("receipt.webp", "image/webp", 0),
]


@pytest.mark.parametrize(("name", "media_type", "page"), CASES)
def test_renders_within_box(corpus_dir: Path, name: str, media_type: str, page: int) -> None:
    im = render_page((corpus_dir / name).read_bytes(), media_type, page, (100, 90))
    assert im.width <= 100 and im.height <= 90 and max(im.size) >= 60
    assert im.mode in ("RGB", "RGBA")


def test_exif_orientation_applied(corpus_dir: Path) -> None:
    im = render_page((corpus_dir / "справка_ПНД.jpg").read_bytes(), "image/jpeg", 0, (400, 400))
    assert im.size == (80, 120)


def test_pdf_page_shows_ink(corpus_dir: Path) -> None:
    im = render_page((corpus_dir / "letter_1page.pdf").read_bytes(), "application/pdf", 0, (600, 800)).convert("L")
    darkest = im.getextrema()[0]
    assert isinstance(darkest, int | float) and darkest < 100  # dark text pixels exist


def test_tiff_frames_differ(corpus_dir: Path) -> None:
    data = (corpus_dir / "multipage.tiff").read_bytes()
    widths = [render_page(data, "image/tiff", i, (1000, 1000)).width for i in range(3)]
    assert widths == [100, 110, 120]


@pytest.mark.parametrize(
    ("name", "media_type", "page"),
    [("выписка_3стр.pdf", "application/pdf", 3), ("scan.png", "image/png", 1), ("multipage.tiff", "image/tiff", 3)],
)
def test_page_out_of_range(corpus_dir: Path, name: str, media_type: str, page: int) -> None:
    with pytest.raises(IndexError):
        render_page((corpus_dir / name).read_bytes(), media_type, page, (50, 50))


@pytest.mark.parametrize(
    ("name", "media_type"),
    [
        ("bomb.png", "image/png"),
        ("corrupt.pdf", "application/pdf"),
        ("truncated.jpg", "image/jpeg"),
        ("encrypted.pdf", "application/pdf"),
    ],
)
def test_bad_content(corpus_dir: Path, name: str, media_type: str) -> None:
    with pytest.raises(ImportRejected):
        render_page((corpus_dir / name).read_bytes(), media_type, 0, (50, 50))


_NO_FILES_PROBE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from vault.importing.inspect import inspect_bytes
    from vault.importing.render import render_page
    from vault.importing.sanitize import sanitize_image
    from vault.importing.sanitize_pdf import sanitize_pdf
    corpus = Path(sys.argv[1])
    for name, media_type, page in %r:
        data = (corpus / name).read_bytes()
        render_page(data, media_type, page, (300, 300))
        inspect_bytes(data)
        if media_type == "application/pdf":
            sanitize_pdf(data)
        else:
            sanitize_image(data)
    print("ok")
    """
)


def test_render_inspect_sanitize_write_no_files(corpus_dir: Path, tmp_path: Path) -> None:
    """Run everything with cwd, TMPDIR and HOME pointing at empty folders; they must stay empty."""
    cwd, tmp, home = tmp_path / "cwd", tmp_path / "tmp", tmp_path / "home"
    for d in (cwd, tmp, home):
        d.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp), "HOME": str(home), "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _NO_FILES_PROBE % (CASES,), str(corpus_dir)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert out.stdout.strip() == "ok"
    assert [p for d in (cwd, tmp, home) for p in d.rglob("*")] == []
