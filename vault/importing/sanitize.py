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

JPEGs skip the decoder when they can: ``strip_jpeg`` copies only the coding
segments (lossless, and ~100x faster than a re-encode, which is what makes a
300 MB export fast). That also drops APP2 ICC profiles (they can name the
device), so colour-managed photos lose their profile rather than being
converted. A JPEG needing rotation is still decoded unless the caller passes
``upright=False`` and applies ``SanitizedPage.orientation`` itself, as the PDF
export does with its page matrix.

The original bytes in the vault are never modified; this makes copies.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Literal

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
    orientation: int = 1
    """EXIF orientation (1-8) a viewer must still apply to ``data``; 1 unless ``upright=False``."""
    mode: str = ""
    """Pixel layout of ``data``: 'L', 'RGB', 'CMYK', 'CMYK;I' (Adobe-inverted), 'RGBA' or '1'."""


@dataclass(frozen=True)
class SanitizedImage:
    pages: tuple[SanitizedPage, ...]


def sanitize_image(data: bytes, limits: Limits = DEFAULT_LIMITS, *, upright: bool = True) -> SanitizedImage:
    """Return clean pages for an image file's bytes (any supported raster type).

    ``upright=False`` lets a JPEG with an EXIF rotation stay lossless: the page
    then reports the ``orientation`` still to apply instead of turned pixels.
    """
    media_type = sniff.sniff(data[: sniff.HEAD_BYTES])
    if media_type not in sniff.IMAGE_TYPES:
        raise ImportRejected(reasons.UNSUPPORTED)
    if media_type == sniff.JPEG:
        page = _lossless_jpeg(data, limits, upright)
        if page is not None:
            return SanitizedImage((page,))
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
    return SanitizedPage(buf.getvalue(), media_type, fresh.width, fresh.height, dpi, mode=fresh.mode)


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


# --- JPEG at the marker level ------------------------------------------------------------

_SOF_CODES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_PASSTHROUGH_SOF = frozenset({0xC0, 0xC1, 0xC2})  # baseline, extended, progressive Huffman: what PDF DCTDecode reads
# Kept: SOF*, DHT, DAC, DNL, DQT, DRI (SOS and EOI are handled in the loop; APP14 only if 'Adobe').
_KEEP = _SOF_CODES | {0xC4, 0xCC, 0xDB, 0xDC, 0xDD}
_SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")  # next marker after entropy data (not stuffing/RSTn/fill)


@dataclass(frozen=True)
class JpegInfo:
    """What the stripped segments said; ``passthrough`` is False for JPEGs a PDF cannot embed as is."""

    width: int
    height: int
    mode: str
    orientation: int
    dpi: tuple[float, float] | None
    passthrough: bool


def strip_jpeg(data: bytes) -> tuple[bytes, JpegInfo]:
    """Keep SOI, SOF, DHT, DAC, DQT, DRI, DNL, APP14 'Adobe', every SOS with its entropy data, EOI.

    Everything else goes: APP0-APP13 (JFIF thumbnails, EXIF/GPS, ICC, XMP,
    IPTC), APP15, COM, unknown segments, fill bytes and whatever follows EOI.
    The EXIF orientation and JFIF density are read before they are dropped.
    Raises ``ImportRejected`` for anything that does not parse as one whole JPEG.
    """
    kept, info = _walk_jpeg(data)
    return b"".join(kept), info


def jpeg_info(data: bytes) -> JpegInfo:
    """What ``strip_jpeg`` reads and checks, without building the stripped copy (import
    only inspects: joining megabytes would hold the GIL the store's writer waits on)."""
    return _walk_jpeg(data)[1]


def _walk_jpeg(data: bytes) -> tuple[list[bytes | memoryview], JpegInfo]:
    """The segments ``strip_jpeg`` keeps, in order, and what they said."""
    if not data.startswith(b"\xff\xd8"):
        raise ImportRejected(reasons.CORRUPT_IMAGE)
    view = memoryview(data)
    out: list[bytes | memoryview] = [b"\xff\xd8"]
    pos, size = 2, len(data)
    sof: bytes | None = None
    sof_code, orientation, adobe, jfif, scans = 0, 1, False, False, 0
    dpi: tuple[float, float] | None = None
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise ImportRejected(reasons.CORRUPT_IMAGE)
        while pos < size and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= size:
            raise ImportRejected(reasons.CORRUPT_IMAGE)
        marker = data[pos]
        pos += 1
        if marker == 0xD9 and scans:
            out.append(b"\xff\xd9")
            break
        if marker in (0x00, 0x01, 0xD8, 0xD9) or 0xD0 <= marker <= 0xD7 or pos + 2 > size:
            raise ImportRejected(reasons.CORRUPT_IMAGE)  # stray standalone marker, EOI before a scan
        end = pos + int.from_bytes(data[pos : pos + 2], "big")
        if end < pos + 2 or end > size:
            raise ImportRejected(reasons.CORRUPT_IMAGE)
        body = data[pos + 2 : end] if marker >= 0xE0 or marker in _SOF_CODES else b""
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00") and orientation == 1:
            orientation = _exif_orientation(body[6:])
        elif marker == 0xE0 and body.startswith(b"JFIF\x00") and not jfif:
            jfif, dpi = True, _jfif_dpi(body)
        elif marker in _SOF_CODES:
            if sof is not None or len(body) < 6 or len(body) != 6 + 3 * body[5]:
                raise ImportRejected(reasons.CORRUPT_IMAGE)
            sof, sof_code = body, marker
        adobe_segment = marker == 0xEE and body.startswith(b"Adobe") and len(body) >= 12
        adobe = adobe or adobe_segment
        if marker in _KEEP or marker == 0xDA or adobe_segment:
            out.append(view[pos - 2 : end])
        pos = end
        if marker == 0xDA:
            if sof is None:
                raise ImportRejected(reasons.CORRUPT_IMAGE)
            found = _SCAN_END.search(data, pos)
            if found is None:  # truncated inside the entropy data
                raise ImportRejected(reasons.CORRUPT_IMAGE)
            stop = found.start()
            while stop > pos and data[stop - 1] == 0xFF:  # fill bytes (entropy data never ends in 0xFF)
                stop -= 1
            out.append(view[pos:stop])
            pos, scans = found.start(), scans + 1
    assert sof is not None
    return out, _info(sof, sof_code, adobe, jfif, orientation, dpi)


def _info(
    sof: bytes, code: int, adobe: bool, jfif: bool, orientation: int, dpi: tuple[float, float] | None
) -> JpegInfo:
    height, width, components = int.from_bytes(sof[1:3], "big"), int.from_bytes(sof[3:5], "big"), sof[5]
    mode = {1: "L", 3: "RGB", 4: "CMYK;I" if adobe else "CMYK"}.get(components, "")
    ids = bytes(sof[6 + 3 * n] for n in range(components))
    # libjpeg decodes 'R','G','B' ids as RGB only without JFIF: dropping APP0 would change the colours.
    rgb_ids = components == 3 and ids == b"RGB" and jfif and not adobe
    passthrough = code in _PASSTHROUGH_SOF and sof[0] == 8 and bool(mode) and width > 0 and not rgb_ids
    return JpegInfo(width, height, mode, orientation, dpi, passthrough)


def _exif_orientation(tiff: bytes) -> int:
    """Tag 0x0112 of IFD0, read defensively (a broken EXIF block means 'as stored')."""
    if tiff[:2] not in (b"II", b"MM") or len(tiff) < 8:
        return 1
    order: Literal["big", "little"] = "big" if tiff[:2] == b"MM" else "little"

    def num(at: int, width: int) -> int:
        return int.from_bytes(tiff[at : at + width], order)

    ifd = num(4, 4)
    count = num(ifd, 2) if ifd + 2 <= len(tiff) else 0
    for entry in range(ifd + 2, min(ifd + 2 + 12 * count, len(tiff) - 11), 12):
        if num(entry, 2) == 0x0112:
            value = num(entry + 8, 2)
            return value if num(entry + 2, 2) == 3 and 1 <= value <= 8 else 1
    return 1


def _jfif_dpi(body: bytes) -> tuple[float, float] | None:
    if len(body) < 12 or body[7] not in (1, 2):
        return None
    scale = 1.0 if body[7] == 1 else 2.54
    x, y = int.from_bytes(body[8:10], "big") * scale, int.from_bytes(body[10:12], "big") * scale
    return (round(x, 2), round(y, 2)) if 10 <= x <= 10_000 and 10 <= y <= 10_000 else None


def _lossless_jpeg(data: bytes, limits: Limits, upright: bool) -> SanitizedPage | None:
    """The stripped JPEG as a page, or None when only the decoder can clean it.

    A JPEG this parser refuses also goes to the decoder, which is more lenient
    and rejects what it cannot read: the fast path never rejects more than before.
    """
    try:
        clean, info = strip_jpeg(data)
    except ImportRejected:
        return None
    if not info.passthrough or (upright and info.orientation != 1):
        return None
    if info.width * info.height > limits.max_pixels:
        raise ImportRejected(reasons.too_many_pixels(info.width, info.height, limits.max_pixels))
    return SanitizedPage(
        clean, sniff.JPEG, info.width, info.height, info.dpi, orientation=info.orientation, mode=info.mode
    )
