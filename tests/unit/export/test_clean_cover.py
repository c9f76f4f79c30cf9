"""The export's use of the importer's sanitizers, the font finder and the cover on their own."""

from __future__ import annotations

import io
from dataclasses import replace

import pikepdf
import pytest
from PIL import Image

from tests.unit.export import factories as f
from vault.errors import ExportError
from vault.export.cover import render_cover
from vault.export.fonts import cyrillic_font
from vault.export.manifest import DocRecord
from vault.export.sanitized import sanitize


def test_font_has_cyrillic() -> None:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(cyrillic_font())).getBestCmap()
    assert all(ord(ch) in cmap for ch in "ЁёЖжЩщЯя№")


def test_upright_copy_strips_and_rotates() -> None:
    [page] = sanitize("image/jpeg", f.gps_jpeg(), upright=True).images
    with Image.open(io.BytesIO(page.data)) as img:
        assert img.size == (200, 400) and len(img.getexif()) == 0
        assert "comment" not in img.info and "icc_profile" not in img.info
    assert b"SecretPhoneMaker" not in page.data and b"Exif" not in page.data


def test_pdf_copy_keeps_the_jpeg_and_reports_orientation() -> None:
    [page] = sanitize("image/jpeg", f.gps_jpeg(), upright=False).images
    assert (page.width, page.height, page.orientation, page.mode) == (400, 200, 6, "RGB")
    assert b"SecretPhoneMaker" not in page.data and b"secret-comment" not in page.data
    assert page.data.startswith(b"\xff\xd8\xff\xdb")  # APP0/APP1/COM gone, coding segments first


def test_multipage_tiff_and_webp() -> None:
    buf = io.BytesIO()
    frames = [Image.new("L", (50, 80), v) for v in (0, 128, 255)]
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:])
    pages = sanitize("image/tiff", buf.getvalue(), upright=False).images
    assert [p.mode for p in pages] == ["L", "L", "L"]
    webp = io.BytesIO()
    Image.new("RGBA", (30, 30), (1, 2, 3, 0)).save(webp, "WEBP")
    assert len(sanitize("image/webp", webp.getvalue(), upright=False).images) == 1


def test_pdf_copy_drops_active_and_identifying_parts() -> None:
    cleaned = sanitize("application/pdf", f.dirty_pdf(), upright=False)
    assert cleaned.pdf is not None
    assert sanitize("application/pdf", f.dirty_pdf(), upright=False).pdf == cleaned.pdf  # deterministic
    for secret in (b"secret-xmp-creator", b"secret-info-author", b"app.alert"):
        assert secret not in cleaned.pdf
    with pikepdf.open(io.BytesIO(cleaned.pdf)) as pdf:
        assert "/Info" not in pdf.trailer and "/Metadata" not in pdf.Root
        assert "/OpenAction" not in pdf.Root and len(pdf.attachments) == 0


def test_unreadable_document_is_an_export_error() -> None:
    with pytest.raises(ExportError):
        sanitize("image/jpeg", f.gps_jpeg()[:300], upright=False)


def test_cover_english_and_sparse() -> None:
    sparse = replace(f.cover("en"), person=None, board_date=None, conditions=(), gaps=(),
                     timeline=())
    recs = [DocRecord(i, "x", (("s", "0" * 64),), 1) for i in f.sample_items()]
    data, numbered = render_cover(sparse, recs, "abcd", paged=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        cover_pages = len(pdf.pages)
    assert [r.first_page for r in numbered] == [cover_pages + 1 + n for n in range(3)]
    many = [DocRecord(replace(i, document_id=n), "x", (("s", "0" * 64),), 1)
            for n, i in enumerate(f.sample_items() * 40)]
    data, numbered = render_cover(f.cover(), many, "abcd", paged=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert numbered[0].first_page == len(pdf.pages) + 1
