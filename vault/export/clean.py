"""Minimal private sanitizers until ``vault.importing.sanitize`` lands (the lead merges later).

Images: decode, apply EXIF orientation, paste the pixels into a brand-new image
and re-encode as JPEG. Nothing from the original container survives (EXIF, GPS,
XMP, ICC, JPEG comments, HEIC boxes). The visible pixels are kept.

PDFs: drop document info, XMP, open/additional actions, JavaScript and embedded
files at document and page level. Page content, fonts and annotations that only
display are deliberately left alone: the lawyer needs the document as issued.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from vault.errors import ExportError

JPEG_QUALITY = 88
_MAX_PIXELS = 200_000_000


@dataclass(frozen=True)
class CleanImage:
    """One sanitised page: JPEG bytes plus what a PDF image XObject needs to know."""

    jpeg: bytes
    width: int
    height: int
    grey: bool


def _register_heif() -> None:
    try:
        import pillow_heif  # type: ignore[import-untyped]

        pillow_heif.register_heif_opener()
    except ImportError:  # pragma: no cover - HEIC then fails below with a clear message
        pass


def _flatten(frame: object) -> object:
    """Upright pixels pasted into a brand-new image; intermediates are dropped early (RSS)."""
    from PIL import Image, ImageOps

    assert isinstance(frame, Image.Image)
    src = ImageOps.exif_transpose(frame) or frame
    if src.mode in ("RGBA", "LA", "PA") or (src.mode == "P" and "transparency" in src.info):
        rgba = src.convert("RGBA")
        src = Image.new("RGB", rgba.size, "white")
        src.paste(rgba, mask=rgba.getchannel("A"))
        del rgba
    mode = "L" if src.mode in ("1", "L", "I", "I;16", "F") else "RGB"
    if src.mode != mode:
        src = src.convert(mode)
    fresh = Image.new(mode, src.size)
    fresh.paste(src)
    return fresh


def clean_image(data: bytes) -> list[CleanImage]:
    """Every frame (multi-page TIFF) as a fresh JPEG at its true orientation."""
    from PIL import Image, ImageSequence

    _register_heif()
    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    pages: list[CleanImage] = []
    try:
        with Image.open(io.BytesIO(data)) as img:
            frames = [img] if getattr(img, "n_frames", 1) == 1 else ImageSequence.Iterator(img)
            for frame in frames:
                fresh = _flatten(frame)
                assert isinstance(fresh, Image.Image)
                buf = io.BytesIO()
                fresh.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=False)
                pages.append(CleanImage(buf.getvalue(), fresh.width, fresh.height, fresh.mode == "L"))
                fresh.close()
                if img.format == "WEBP":  # animated WebP: the first frame is the document
                    break
    except (OSError, ValueError, Image.DecompressionBombError) as err:
        raise ExportError(f"cannot read image: {type(err).__name__}") from None
    if not pages:
        raise ExportError("image has no frames")
    return pages


_ROOT_KEYS = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo", "/SpiderInfo")
_NAME_KEYS = ("/JavaScript", "/EmbeddedFiles")


def clean_pdf(data: bytes) -> object:
    """Open ``data`` with pikepdf and strip what can leak or execute; returns the open Pdf.

    The caller owns the Pdf (it stays backed by ``data`` until closed).
    """
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise ExportError("a PDF is protected by a password; unlock it before export") from None
    except pikepdf.PdfError:
        raise ExportError("a PDF is damaged and cannot be exported") from None
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    root = pdf.Root
    for key in _ROOT_KEYS:
        if key in root:
            del root[key]
    if "/Names" in root:
        for key in _NAME_KEYS:
            if key in root.Names:
                del root.Names[key]
    if "/AcroForm" in root and "/XFA" in root.AcroForm:
        del root.AcroForm["/XFA"]
    for page in pdf.pages:
        for key in ("/AA", "/Metadata", "/PieceInfo"):
            if key in page.obj:
                del page.obj[key]
        if "/Annots" in page.obj:
            kept = pikepdf.Array(
                a for a in page.obj.Annots
                if a.get("/Subtype") != pikepdf.Name.FileAttachment
                and not _is_active_action(a.get("/A"))
            )
            page.obj.Annots = kept
    return pdf


def _is_active_action(action: object) -> bool:
    import pikepdf

    if not isinstance(action, pikepdf.Dictionary):
        return False
    return action.get("/S") in (
        pikepdf.Name.JavaScript, pikepdf.Name.Launch, pikepdf.Name.ImportData,
        pikepdf.Name.SubmitForm, pikepdf.Name.GoToE, pikepdf.Name.RichMediaExecute,
    )


@dataclass(frozen=True)
class Sanitized:
    """A document's sanitised copy: a PDF (``pdf``) or one JPEG per frame (``images``)."""

    pdf: bytes | None
    images: tuple[CleanImage, ...]

    def files(self, stem: str) -> list[tuple[str, bytes]]:
        """(file name, bytes) of each sanitised file, as stored in an archive."""
        if self.pdf is not None:
            return [(f"{stem}.pdf", self.pdf)]
        if len(self.images) == 1:
            return [(f"{stem}.jpg", self.images[0].jpeg)]
        return [(f"{stem}-p{n}.jpg", im.jpeg) for n, im in enumerate(self.images, 1)]


def sanitize(media_type: str, data: bytes) -> Sanitized:
    """Dispatch on the stored media type; the result is deterministic for the same input."""
    if media_type != "application/pdf":
        return Sanitized(None, tuple(clean_image(data)))
    import pikepdf

    pdf = clean_pdf(data)
    assert isinstance(pdf, pikepdf.Pdf)
    try:
        buf = io.BytesIO()
        pdf.save(buf, deterministic_id=True, fix_metadata_version=False)
    finally:
        pdf.close()
    return Sanitized(buf.getvalue(), ())
