"""The marker-level JPEG stripper: lossless, metadata-free, and never crashes on hostile bytes."""

from __future__ import annotations

import io
import struct
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.corpus.make_corpus import jpeg_with_metadata, scan_image
from vault.errors import ImportRejected
from vault.importing.sanitize import jpeg_info, sanitize_image, strip_jpeg

_DROPPED = (0xE0, 0xE1, 0xE2, 0xED, 0xEF, 0xFE)  # APP0, APP1, APP2, APP13, APP15, COM


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _with_extras(jpeg: bytes) -> bytes:
    """IPTC (APP13), APP15 and XMP after SOI, fill bytes before the first DQT, junk after EOI."""
    extras = (_segment(0xED, b"Photoshop 3.0\x00secret-iptc") + _segment(0xEF, b"secret-app15")
              + _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x>secret-xmp</x>"))
    head, rest = jpeg[:2], jpeg[2:]
    at = rest.index(b"\xff\xdb")
    return head + extras + rest[:at] + b"\xff\xff" + rest[at:] + b"secret-trailer"


@cache
def seeds() -> tuple[bytes, ...]:
    progressive, grey, cmyk, restart = io.BytesIO(), io.BytesIO(), io.BytesIO(), io.BytesIO()
    image = scan_image((64, 48))
    image.save(progressive, "JPEG", progressive=True, icc_profile=b"secret-icc" * 20,
               comment=b"secret-comment")
    image.convert("L").save(grey, "JPEG", restart_marker_rows=1)
    image.convert("CMYK").save(cmyk, "JPEG")  # Pillow writes Adobe APP14, inverted CMYK
    image.save(restart, "JPEG", restart_marker_blocks=3, exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08")
    return (_with_extras(jpeg_with_metadata()), _with_extras(progressive.getvalue()),
            grey.getvalue(), cmyk.getvalue(), restart.getvalue())


def _segments(jpeg: bytes) -> list[int]:
    """Marker codes of the header segments up to the first SOS."""
    found, pos = [], 2
    while jpeg[pos + 1] != 0xDA:
        found.append(jpeg[pos + 1])
        pos += 2 + int.from_bytes(jpeg[pos + 2 : pos + 4], "big")
    return found


def _pixels(data: bytes) -> bytes | None:
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            return im.tobytes()
    except Exception:  # noqa: BLE001 - "Pillow cannot read it" is all that matters here
        return None


@pytest.mark.parametrize("index", range(5))
def test_seeds_strip_losslessly(index: int) -> None:
    src = seeds()[index]
    clean, info = strip_jpeg(src)
    assert _pixels(clean) == _pixels(src) is not None
    assert not set(_segments(clean)) & set(_DROPPED)
    assert clean.endswith(b"\xff\xd9") and b"secret" not in clean
    assert info.passthrough and (info.width, info.height) == Image.open(io.BytesIO(src)).size


def test_modes_and_orientation() -> None:
    modes = [strip_jpeg(s)[1].mode for s in seeds()]
    assert modes == ["RGB", "RGB", "L", "CMYK;I", "RGB"]
    for value in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = value
        buf = io.BytesIO()
        scan_image((16, 8)).save(buf, "JPEG", exif=exif)
        assert strip_jpeg(buf.getvalue())[1].orientation == value


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.99])
def test_truncated_is_rejected(cut: float) -> None:
    data = seeds()[0]
    with pytest.raises(ImportRejected):
        strip_jpeg(data[: int(len(data) * cut)])


def test_sanitize_image_fast_path() -> None:
    src = jpeg_with_metadata()  # orientation 6
    [kept] = sanitize_image(src, upright=False).pages
    assert (kept.width, kept.height, kept.orientation) == (120, 80, 6)
    assert kept.data == strip_jpeg(src)[0]
    [turned] = sanitize_image(src).pages  # upright: decoded and turned
    assert (turned.width, turned.height, turned.orientation) == (80, 120, 1)
    [plain] = sanitize_image(seeds()[2]).pages  # nothing to turn: lossless even when upright
    assert plain.data == strip_jpeg(seeds()[2])[0]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds())))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "marker"]))
        if op == "flip":
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 16))]
        else:  # a plausible marker in a random place
            data[pos:pos] = bytes([0xFF, draw(st.integers(0, 255))])
        if not data:
            break
    return bytes(data)


@settings(max_examples=300, deadline=2000, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_jpegs_are_stripped_or_rejected(data: bytes) -> None:
    try:
        clean, _info = strip_jpeg(data)
    except ImportRejected:
        return
    assert clean.startswith(b"\xff\xd8") and clean.endswith(b"\xff\xd9")
    assert not set(_segments(clean)) & set(_DROPPED)
    before = _pixels(data)
    if before is not None:  # a valid input decodes to exactly the same pixels
        assert _pixels(clean) == before


@settings(max_examples=200, deadline=2000, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_jpeg_info_judges_exactly_as_strip_jpeg(data: bytes) -> None:
    """Import checks with ``jpeg_info`` (no stripped copy), export strips: same verdict, same facts."""
    try:
        expected = strip_jpeg(data)[1]
    except ImportRejected:
        with pytest.raises(ImportRejected):
            jpeg_info(data)
        return
    assert jpeg_info(data) == expected
