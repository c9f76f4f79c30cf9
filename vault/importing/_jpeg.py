"""Lossless removal of metadata segments from a baseline/progressive JPEG stream.

Used on DCTDecode images inside PDFs, where re-encoding would cost quality:
the entropy-coded data is copied byte for byte, only marker segments change.

Removes: APP1 (EXIF, GPS, XMP), APP3-APP13 (IPTC/Photoshop, maker data),
APP15, and COM comments. Keeps: APP0 (JFIF), APP2 (ICC profile: colour), APP14
(Adobe: tells the decoder the colour transform) and every coding segment.
"""

from __future__ import annotations

_KEEP_APP = frozenset({0xE0, 0xE2, 0xEE})
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def strip_jpeg_metadata(data: bytes) -> bytes | None:
    """Return ``data`` without metadata segments, or None if it does not parse as JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    out = bytearray(b"\xff\xd8")
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1] if pos + 1 < len(data) else None
        if marker is None:
            return None
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in _STANDALONE:
            out += data[pos : pos + 2]
            pos += 2
            continue
        if marker == 0xD9:  # EOI before any scan
            out += data[pos : pos + 2]
            return bytes(out)
        if pos + 4 > len(data):
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > len(data):
            return None
        segment = data[pos : pos + 2 + length]
        if marker == 0xDA:  # start of scan: the rest is entropy data and later segments
            out += data[pos:]
            return bytes(out)
        if not (0xE0 <= marker <= 0xEF and marker not in _KEEP_APP) and marker != 0xFE:
            out += segment
        pos += 2 + length
    return None
