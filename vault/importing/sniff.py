"""Media type from content, never from the file name.

Only the first bytes are looked at; ``HEAD_BYTES`` is how many a caller should
pass. The extension is ignored on purpose: a "receipt.jpg" that is really a PNG
imports as a PNG, and a text file called ".pdf" is rejected.
"""

from __future__ import annotations

from vault.errors import ImportRejected
from vault.importing import reasons

HEAD_BYTES = 4096

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
TIFF = "image/tiff"
WEBP = "image/webp"
SUPPORTED = frozenset({PDF, JPEG, PNG, HEIC, TIFF, WEBP})
IMAGE_TYPES = SUPPORTED - {PDF}

# ISO-BMFF brands that mean "HEVC-coded HEIF" (HEIC); mif1/msf1 are the generic
# HEIF structural brands, accepted unless the file says it is AVIF.
_HEVC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"})
_HEIF_BRANDS = frozenset({b"mif1", b"msf1", b"mif2"})
_PDF_HEADER_WINDOW = 1024  # readers accept junk before %PDF- within the first KiB


def sniff(head: bytes) -> str:
    """Return the media type of a file whose first bytes are ``head``.

    Raises ``ImportRejected`` for anything not supported, including empty input.
    """
    if not head:
        raise ImportRejected(reasons.EMPTY)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and _is_heif(head):
        return HEIC
    if 0 <= head.find(b"%PDF-", 0, _PDF_HEADER_WINDOW + 5) <= _PDF_HEADER_WINDOW:
        return PDF
    raise ImportRejected(reasons.UNSUPPORTED)


def _is_heif(head: bytes) -> bool:
    box_size = int.from_bytes(head[0:4], "big")
    end = min(max(box_size, 16), len(head), 256)
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    if brands & _HEVC_BRANDS:
        return True
    if b"avif" in brands or b"avis" in brands:
        return False
    return bool(brands & _HEIF_BRANDS)
