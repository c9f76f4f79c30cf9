from __future__ import annotations

import pytest

from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing.sniff import sniff


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\xef\xbb\xbf junk\r\n%PDF-1.4\n", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "image/png"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/heic"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "image/heic"),
        (b"\x00\x00\x00\x14ftypmsf1\x00\x00\x00\x00hevc", "image/heic"),
    ],
)
def test_known_magic(head: bytes, media_type: str) -> None:
    assert sniff(head) == media_type


@pytest.mark.parametrize(
    "head",
    [
        b"PK\x03\x04\x14\x00",  # zip / docx
        b"plain text that mentions %PDF but is not one\n",
        b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf",  # AVIF is not HEIC
        b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",  # MP4 video
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
        b"GIF89a",
        b" " * 1100 + b"%PDF-1.4",  # beyond the 1 KiB header window
    ],
)
def test_unsupported(head: bytes) -> None:
    with pytest.raises(ImportRejected, match=f"^{reasons.UNSUPPORTED}$"):
        sniff(head)


def test_empty() -> None:
    with pytest.raises(ImportRejected, match=f"^{reasons.EMPTY}$"):
        sniff(b"")
