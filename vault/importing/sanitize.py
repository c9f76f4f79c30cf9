"""Sanitised copies of images for what leaves the vault (the lawyer export).

Removes: everything but the pixels. Each page is decoded, turned upright with
its EXIF orientation, converted to sRGB if it carried an ICC profile, pasted
into a brand-new image and re-encoded, so no EXIF/GPS, XMP, IPTC, ICC, JPEG
comment, PNG text chunk, maker note or HEIC box can survive: the encoder never
sees them.

Keeps: the visible pixels and the resolution (dpi, needed to size PDF pages).
Colour photos and greyscale scans become JPEG (quality 90); images with
transparency, palettes or 1-bit scans become PNG (lossless, and smaller for
bilevel text). Multi-page TIFF and HEIC give one page per frame.

The original bytes in the vault are never modified; this makes copies.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps

from vault.errors import ImportRejected
from vault.importing import _images, reasons, sniff
from vault.importing.limits import DEFAULT_LIMITS, Limits

JPEG_QUALITY = 90


@dataclass(frozen=True)
class SanitizedPage:
    data: bytes
    media_type: str
    """'image/jpeg' or 'image/png'."""
    width: int
    height: int
    dpi: tuple[float, float] | None


@dataclass(frozen=True)
class SanitizedImage:
    pages: tuple[SanitizedPage, ...]


def sanitize_image(data: bytes, limits: Limits = DEFAULT_LIMITS) -> SanitizedImage:
    """Return clean re-encoded pages for an image file's bytes (any supported raster type)."""
    media_type = sniff.sniff(data[: sniff.HEAD_BYTES])
    if media_type not in sniff.IMAGE_TYPES:
        raise ImportRejected(reasons.UNSUPPORTED)
    im = _images.open_image(io.BytesIO(data), media_type)
    pages: list[SanitizedPage] = []
    try:
        for _ in _images.frames(im, media_type, limits):
            _images.decode(im)
            pages.append(_clean_page(im))
    finally:
        im.close()
    return SanitizedImage(tuple(pages))


def upright(im: Image.Image) -> Image.Image:
    """A decoded copy of the current frame with EXIF orientation applied."""
    frame = im.copy()  # copy() detaches the frame from multi-frame files before transposing
    try:
        turned = ImageOps.exif_transpose(frame)
    except Exception:  # a damaged EXIF block: keep the pixels as stored
        turned = None
    return turned if turned is not None else frame


def _clean_page(im: Image.Image) -> SanitizedPage:
    dpi = _dpi(im)
    pixels = _to_srgb(upright(im), im.info.get("icc_profile"))
    pixels = _normalise_mode(pixels)
    fresh = Image.new(pixels.mode, pixels.size)
    fresh.paste(pixels)
    buf = io.BytesIO()
    if fresh.mode in ("RGB", "L"):
        fresh.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, **_dpi_arg(dpi))
        media_type = sniff.JPEG
    else:
        fresh.save(buf, "PNG", optimize=False, **_dpi_arg(dpi))
        media_type = sniff.PNG
    return SanitizedPage(buf.getvalue(), media_type, fresh.width, fresh.height, dpi)


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Reduce every mode to one of RGB, L (→ JPEG) or RGBA, 1 (→ PNG)."""
    if im.mode in ("RGB", "L", "RGBA", "1"):
        return im
    if im.mode == "P":
        has_alpha = "transparency" in im.info or (im.palette is not None and im.palette.mode == "RGBA")
        return im.convert("RGBA" if has_alpha else "RGB")
    if im.mode in ("LA", "La", "PA", "RGBa"):
        return im.convert("RGBA")
    if im.mode.startswith("I;16") or im.mode in ("I", "F"):
        return im.convert("I").point(lambda value: value / 256).convert("L")
    return im.convert("RGB")  # CMYK, YCbCr, LAB, HSV


def _to_srgb(im: Image.Image, icc: object) -> Image.Image:
    """Bake an embedded ICC profile into sRGB pixels so the profile can be dropped."""
    if not isinstance(icc, bytes) or not icc or im.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return im
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        if im.mode == "L":
            return im  # grey profiles: a gamma tweak at most; not worth a colour shift
        converted = ImageCms.profileToProfile(im, source, target, outputMode=out_mode)
    except Exception:  # unusable profile: keep the pixels, lose only colour accuracy
        return im
    return converted if converted is not None else im


def _dpi(im: Image.Image) -> tuple[float, float] | None:
    value = im.info.get("dpi")
    try:
        x, y = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None
    if 10 <= x <= 10_000 and 10 <= y <= 10_000:  # TIFF without resolution reports 1
        return (round(x, 2), round(y, 2))
    return None


def _dpi_arg(dpi: tuple[float, float] | None) -> dict[str, tuple[float, float]]:
    return {"dpi": dpi} if dpi else {}
