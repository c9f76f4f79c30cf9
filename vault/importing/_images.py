"""Open raster images with exactly the decoder the sniffed type names.

The plugin class is instantiated directly instead of ``Image.open``: Pillow then
never probes other (less hardened) decoders, and we apply our own per-frame pixel
ceiling from the header instead of Pillow's process-wide ``MAX_IMAGE_PIXELS``
(global state, and only a warning below twice its value).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from PIL import Image, ImageFile

from vault.errors import ImportRejected
from vault.importing import reasons, sniff
from vault.importing.limits import Limits


def _plugin(media_type: str) -> type[ImageFile.ImageFile]:
    if media_type == sniff.JPEG:
        from PIL.JpegImagePlugin import JpegImageFile

        return JpegImageFile
    if media_type == sniff.PNG:
        from PIL.PngImagePlugin import PngImageFile

        return PngImageFile
    if media_type == sniff.TIFF:
        from PIL.TiffImagePlugin import TiffImageFile

        return TiffImageFile
    if media_type == sniff.WEBP:
        from PIL.WebPImagePlugin import WebPImageFile

        return WebPImageFile
    if media_type == sniff.HEIC:
        from pillow_heif.as_plugin import HeifImageFile

        return HeifImageFile
    raise ImportRejected(reasons.UNSUPPORTED)


def is_multipage(media_type: str) -> bool:
    """TIFF frames and HEIC top-level images are pages; APNG/WebP frames are animation."""
    return media_type in (sniff.TIFF, sniff.HEIC)


def open_image(fp: IO[bytes], media_type: str) -> ImageFile.ImageFile:
    """Parse the header only; nothing is decoded yet."""
    cls = _plugin(media_type)
    try:
        return cls(fp)
    except ImportRejected:
        raise
    except Exception as exc:  # third-party parser on hostile bytes: any failure is a rejection
        raise ImportRejected(reasons.CORRUPT_IMAGE) from exc


def check_pixels(im: Image.Image, limits: Limits) -> None:
    """Refuse a frame whose header claims more pixels than allowed (before decoding)."""
    width, height = im.size
    if width <= 0 or height <= 0:
        raise ImportRejected(reasons.CORRUPT_IMAGE)
    if width * height > limits.max_pixels:
        raise ImportRejected(reasons.too_many_pixels(width, height, limits.max_pixels))


def frames(im: ImageFile.ImageFile, media_type: str, limits: Limits) -> Iterator[int]:
    """Seek through the pages one by one, checking each frame's header before yielding.

    Never asks for ``n_frames`` up front (that walks every IFD of a hostile TIFF);
    stops with a rejection once more than ``max_pages`` frames exist.
    """
    index = 0
    while True:
        if index >= limits.max_pages:
            raise ImportRejected(reasons.too_many_pages(limits.max_pages))
        check_pixels(im, limits)
        yield index
        if not is_multipage(media_type):
            return
        index += 1
        try:
            im.seek(index)
        except EOFError:
            return
        except Exception as exc:
            raise ImportRejected(reasons.CORRUPT_IMAGE) from exc


def seek_page(im: ImageFile.ImageFile, media_type: str, page: int, limits: Limits) -> None:
    """Position ``im`` on ``page`` (0-based) and check that frame's size; IndexError if absent."""
    if page < 0 or (page > 0 and not is_multipage(media_type)) or page >= limits.max_pages:
        raise IndexError(f"page {page} out of range")
    if page:
        try:
            im.seek(page)
        except EOFError:
            raise IndexError(f"page {page} out of range") from None
        except Exception as exc:
            raise ImportRejected(reasons.CORRUPT_IMAGE) from exc
    check_pixels(im, limits)


def decode(im: Image.Image) -> None:
    """Decode the current frame fully; truncation or corruption becomes a rejection."""
    try:
        im.load()
    except Exception as exc:
        raise ImportRejected(reasons.CORRUPT_IMAGE) from exc


def exif_orientation(im: Image.Image) -> int | None:
    """EXIF orientation still to apply (1-8), or None; HEIC comes pre-rotated by libheif.

    Call after ``decode``: errors here are swallowed (a bad EXIF block must not
    reject a good image), and some plugins decode inside ``getexif``.
    """
    try:
        value = im.getexif().get(0x0112)
    except Exception:  # a broken EXIF block must not reject a decodable image
        return None
    return value if isinstance(value, int) and 1 <= value <= 8 else None
