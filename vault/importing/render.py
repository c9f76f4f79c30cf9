"""Rasterise one page for an on-screen preview, entirely in memory.

Images go through the same header-checked decoder as inspection, with EXIF
orientation applied. PDFs go through pdfium from bytes; pdfium's form
environment is never initialised, so no JavaScript or form action can run, and
annotations are drawn only from their static appearance streams. Nothing is
written to disk: no temp file, no cache.
"""

from __future__ import annotations

import io

from PIL import Image

from vault.errors import ImportRejected
from vault.importing import _images, reasons, sniff
from vault.importing._pdfium import PDFIUM_LOCK
from vault.importing.limits import DEFAULT_LIMITS, Limits
from vault.importing.sanitize import upright


def render_page(
    data: bytes,
    media_type: str,
    page: int,
    max_size: tuple[int, int],
    limits: Limits = DEFAULT_LIMITS,
) -> Image.Image:
    """Return page ``page`` (0-based) as an RGB/RGBA image fitting within ``max_size``.

    Raises ``IndexError`` for a page that does not exist and ``ImportRejected``
    for content that cannot be decoded.
    """
    width, height = max_size
    if not (0 < width <= limits.max_render_side and 0 < height <= limits.max_render_side):
        raise ValueError(f"max_size must be within 1..{limits.max_render_side} pixels per side")
    if media_type == sniff.PDF:
        return _render_pdf(data, page, max_size)
    if media_type in sniff.IMAGE_TYPES:
        return _render_image(data, media_type, page, max_size, limits)
    raise ImportRejected(reasons.UNSUPPORTED)


def _render_image(data: bytes, media_type: str, page: int, max_size: tuple[int, int], limits: Limits) -> Image.Image:
    im = _images.open_image(io.BytesIO(data), media_type)
    try:
        _images.seek_page(im, media_type, page, limits)
        if media_type == sniff.JPEG:
            # Let libjpeg decode at 1/2..1/8 scale when the target is small; the
            # box is doubled so EXIF rotation (which swaps sides) cannot undershoot.
            side = max(max_size) * 2
            im.draft("RGB", (side, side))
        _images.decode(im)
        picture = upright(im)
    finally:
        im.close()
    picture.thumbnail(max_size, Image.Resampling.LANCZOS)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    return picture.convert("RGBA" if has_alpha else "RGB")


def _render_pdf(data: bytes, page: int, max_size: tuple[int, int]) -> Image.Image:
    import pypdfium2  # type: ignore[import-untyped]

    if page < 0:
        raise IndexError(f"page {page} out of range")
    with PDFIUM_LOCK:
        try:
            doc = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise ImportRejected(reasons.ENCRYPTED_PDF) from exc
            raise ImportRejected(reasons.CORRUPT_PDF) from exc
        try:
            if page >= len(doc):
                raise IndexError(f"page {page} out of range")
            pdf_page = doc[page]
            try:
                # get_size() already accounts for /Rotate in pdfium's page box.
                points_w, points_h = pdf_page.get_size()
                if not (points_w > 0 and points_h > 0):
                    raise ImportRejected(reasons.CORRUPT_PDF)
                scale = min(max_size[0] / points_w, max_size[1] / points_h)
                bitmap = pdf_page.render(scale=scale, may_draw_forms=False)
                try:
                    image: Image.Image = bitmap.to_pil().convert("RGB")  # convert() copies out of pdfium's buffer
                    return image
                finally:
                    bitmap.close()
            finally:
                pdf_page.close()
        finally:
            doc.close()
