"""Issue acceptance: verify-export rejects a bundle with any single flipped byte.

A flip "is rejected" when verify_export raises IntegrityError, or WrongPassphrase
(a flip in /U, /O, /Perms… makes the password fail). No flip may be accepted:
``ACCEPTED`` lists the exceptions with their reason, and is empty.

Every byte of a small (24 kB) PDF bundle takes ~15 minutes on one core (each
verification derives the R6 key: ~40 ms), so the default run (~500 flips)
flips every byte of each *kind*: the header, the line breaks around the first
object boundaries, the xref table's free and first entries, the trailer through
``%%EOF``, the encryption dictionary at a stride, plus a stride across the
whole file (stream data of every kind). ``SPRAVKA_FULL_SWEEP=1`` flips every
byte; the last full run accepted none of 23,788. The age archive is cheap to
verify (no password KDF), so CI (``CI=true``) flips every one of its bytes.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pyrage
import pytest

from tests.unit.export import factories as f
from tests.unit.export.conftest import Bundle
from vault.errors import IntegrityError, WrongPassphrase
from vault.export import ExportResult, export_age, export_pdf, verify_export

FULL = os.environ.get("SPRAVKA_FULL_SWEEP") == "1"
ACCEPTED: dict[int, str] = {}
"""Offset -> why a flip there changes no byte of meaning. Keep it empty."""


def _tiny_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def small_bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    out = tmp_path_factory.mktemp("sweep") / "bundle.pdf"
    items = [f.item(1, _tiny_jpeg(), "image/jpeg", "Doc")]
    return Bundle(out, export_pdf(items, f.cover("en"), out, signing_key=f.KEY))


def _accepted(data: bytes, offsets: list[int], tmp: Path, **secret: str) -> list[int]:
    """Offsets whose single-bit flip verify_export still accepts."""
    accepted = []
    for at in offsets:
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        tmp.write_bytes(flipped)
        try:
            verify_export(tmp, **secret)
        except (IntegrityError, WrongPassphrase):
            continue
        accepted.append(at)
    return accepted


def _sample(data: bytes) -> list[int]:
    """Every byte of each kind of structure, and a stride across everything."""
    bounds = [m.start() for m in re.finditer(rb"\n[0-9]+ 0 obj\n", data)][:3]
    xref = data.rindex(b"\nxref\n")
    encrypt = data.rindex(b" obj\n<< /CF")
    picked = {
        *range(0, 15),  # header and binary comment
        *range(xref, xref + 1 + 5 + 5 + 3 * 20),  # "xref", "0 N", free + two entries
        *range(data.rindex(b"\ntrailer"), len(data)),  # trailer, /ID, startxref, %%EOF
        *range(encrypt, data.index(b">>\nendobj\n", encrypt), 7),  # /O /U /OE /UE /Perms…
        *range(7, len(data), 149),  # every kind of stream data and object boundary
    }
    for at in bounds:  # "…>>\nendobj\nN 0 obj\n<<": the line breaks qpdf would tolerate
        picked.update(range(at - 10, at + 12))
    return sorted(picked)


def test_every_flipped_byte_is_rejected(small_bundle: Bundle, tmp_path: Path) -> None:
    data = small_bundle.path.read_bytes()
    verify_export(small_bundle.path, password=small_bundle.password)
    offsets = list(range(len(data))) if FULL else _sample(data)
    accepted = _accepted(data, offsets, tmp_path / "flipped.pdf",
                         password=small_bundle.password)
    assert {at: data[at - 20 : at + 20] for at in accepted if at not in ACCEPTED} == {}


def test_a_valid_hex_flip_in_the_wrapped_user_key_is_rejected(small_bundle: Bundle,
                                                             tmp_path: Path) -> None:
    """/UE is not used by qpdf when the owner password matches; verify checks it itself."""
    data = bytearray(small_bundle.path.read_bytes())
    at = data.index(b"/UE <") + len(b"/UE <")
    digit = next(i for i in range(at, at + 64) if data[i : i + 1] in b"0123456789abcde")
    data[digit] = ord(f"{(int(chr(data[digit]), 16) ^ 1):x}")
    (tmp_path / "ue.pdf").write_bytes(data)
    with pytest.raises(IntegrityError, match="file structure"):
        verify_export(tmp_path / "ue.pdf", password=small_bundle.password)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, ExportResult]:
    identity = pyrage.x25519.Identity.generate()
    out = tmp_path_factory.mktemp("age-sweep") / "bundle.age"
    items = [f.item(1, _tiny_jpeg(), "image/jpeg", "Doc")]
    res = export_age(items, f.cover("en"), out, signing_key=f.KEY,
                     recipient=str(identity.to_public()))
    return out, str(identity), res


def test_age_archive_rejects_flips_everywhere(small_archive: tuple[Path, str, ExportResult],
                                             tmp_path: Path) -> None:
    """age's header MAC and STREAM AEAD: every byte under CI (~1.5 ms a flip, ~30 kB),
    else ~60 offsets from the header to the last tag."""
    path, identity, _ = small_archive
    data = path.read_bytes()
    verify_export(path, identity=identity)
    header_end = data.index(b"\n---") + 1
    offsets = sorted({*range(0, header_end, 9), *range(header_end, len(data), len(data) // 50),
                      len(data) - 1})
    if FULL or os.environ.get("CI") == "true":
        offsets = list(range(len(data)))
    assert len(offsets) >= 60
    assert _accepted(data, offsets, tmp_path / "flipped.age", identity=identity) == []
