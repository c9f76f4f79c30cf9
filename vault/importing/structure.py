"""Validate a JPEG or PNG by its structure instead of decoding every pixel at import.

A full decode of a 4 MiB scan costs more than storing it. ``strip_jpeg`` (the
exporter's lossless sanitiser) already walks every marker segment and bounds
each scan's entropy data up to EOI; a JPEG it accepts, that PDF readers can
embed as is (``passthrough``) and that needs no rotation, is exactly one the
export and the age archive will copy without ever decoding it. Such a file is
accepted on its structure, Pillow's header parse and ``verify()``; everything
else (other JPEG flavours, EXIF rotations, anything the walk refuses) still
gets the full decode, so nothing is accepted here that the sanitisers would
later fail on, and nothing is rejected that the decoder would have read.

PNGs the same way: Pillow parses the header and the chunks before the image data
(their errors surface exactly as in the full path), then ``pngwalk`` checks every
CRC and inflates the image data against the declared rows, which is what the
decoder (and the export's sanitiser) would fail on; anything it cannot vouch for
is decoded in full.
"""

from __future__ import annotations

import io

from vault.errors import ImportRejected
from vault.importing import _images, reasons, sniff
from vault.importing.limits import Limits


def jpeg_by_structure(data: bytes, limits: Limits) -> tuple[int, int, int | None] | None:
    """(width, height, EXIF orientation) when structure suffices, else None (decode it)."""
    from vault.importing.sanitize import jpeg_info

    try:
        info = jpeg_info(data)
    except ImportRejected:
        return None
    if not info.passthrough or info.orientation != 1:
        return None
    im = _images.open_image(io.BytesIO(data), sniff.JPEG)
    try:
        _images.check_pixels(im, limits)
        if im.size != (info.width, info.height):
            return None
        orientation = _images.exif_orientation(im)
        im.verify()
    except ImportRejected:
        raise
    except Exception as exc:  # third-party parser on hostile bytes: any failure is a rejection
        raise ImportRejected(reasons.CORRUPT_IMAGE) from exc
    finally:
        im.close()
    return info.width, info.height, orientation


def png_by_structure(data: bytes, limits: Limits) -> tuple[int, int] | None:
    """(width, height) when the chunk walk vouches for the image data, else None (decode it)."""
    from vault.importing.pngwalk import png_data_ok

    im = _images.open_image(io.BytesIO(data), sniff.PNG)
    try:
        _images.check_pixels(im, limits)
        size = im.size
    finally:
        im.close()
    return size if png_data_ok(data) else None
