"""The PNG chunk walk vouches only for files Pillow decodes, and for the usual ones it does."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from PIL import Image

from tests.corpus.make_corpus import png as corpus_png
from tests.corpus.make_corpus import png_bomb, truncate
from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing.inspect import inspect_bytes
from vault.importing.pngwalk import png_data_ok


def _png(mode: str = "RGB", size: tuple[int, int] = (37, 23), **save: object) -> bytes:
    rng = random.Random(7)
    im = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1] * 3)))
    if mode == "P":
        im = im.quantize(16)
    elif mode != "RGB":
        im = im.convert(mode)
    buf = io.BytesIO()
    im.save(buf, "PNG", **save)  # type: ignore[arg-type]
    return buf.getvalue()


def _decodes(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
    except Exception:  # noqa: BLE001 - any failure is "does not decode"
        return False
    return True


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def _with_idat(data: bytes, raw: bytes) -> bytes:
    """Same header, image data replaced by ``raw`` compressed (CRCs all valid)."""
    head = data[: data.index(b"IDAT") - 4]
    return head + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")


def _raw_rows(data: bytes) -> bytes:
    """The inflated image data of a non-interlaced single-IDAT-run PNG."""
    out, pos = b"", 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if data[pos + 4:pos + 8] == b"IDAT":
            out += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(out)


@pytest.mark.parametrize(("mode", "save"), [
    ("RGB", {}), ("L", {}), ("1", {}), ("P", {}), ("RGBA", {}), ("LA", {}), ("I;16", {}),
    ("RGB", {"compress_level": 0}), ("P", {"bits": 4}), ("RGB", {"dpi": (300, 300)}),
])
def test_common_pngs_are_vouched_for(mode: str, save: dict[str, object]) -> None:
    data = _png(mode, **save)
    assert _decodes(data)
    assert png_data_ok(data)


@pytest.mark.parametrize("size", [(1, 1), (2, 9), (8, 8), (9, 3), (37, 23)])
def test_interlaced_rows_are_counted_per_pass(size: tuple[int, int]) -> None:
    data = _png("RGB", size)
    header = data.index(b"IHDR") + 4
    # Pillow does not write Adam7; build the interlaced stream from the pixels (filter 0).
    px = Image.open(io.BytesIO(data)).convert("RGB").tobytes()
    w, h = size
    stream = b""
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4),
                           (1, 0, 2, 2), (0, 1, 1, 2)):
        for y in range(y0, h, dy):
            row = b"".join(px[(y * w + x) * 3:(y * w + x) * 3 + 3] for x in range(x0, w, dx))
            if row:
                stream += b"\x00" + row
    ihdr = bytearray(data[header:header + 13])
    ihdr[12] = 1
    interlaced = (data[:8] + _chunk(b"IHDR", bytes(ihdr)) + _chunk(b"IDAT", zlib.compress(stream))
                  + _chunk(b"IEND", b""))
    assert _decodes(interlaced)
    assert png_data_ok(interlaced)
    assert not png_data_ok(_with_idat(interlaced, stream[:-1]))
    assert not png_data_ok(_with_idat(interlaced, stream + b"\x00"))


@pytest.mark.parametrize("step", [1 << 20, 4096, 64, 1])
def test_a_blank_page_is_vouched_for_at_any_step(step: int) -> None:
    """Few input bytes inflate past one step: zlib holds output back between calls."""
    buf = io.BytesIO()
    Image.new("L", (1700, 1400) if step > 64 else (170, 140), 255).save(buf, "PNG")
    assert png_data_ok(buf.getvalue(), step)


def test_short_header_is_not_vouched_for() -> None:
    data = _png()
    at = data.index(b"IHDR") - 4
    assert not png_data_ok(data[:at] + _chunk(b"IHDR", data[at + 8:at + 20]) + data[at + 25:])


@pytest.mark.parametrize(("offset", "value"), [(8, 3), (9, 5), (9, 3), (10, 1), (11, 1)])
def test_odd_header_fields_are_not_vouched_for(offset: int, value: int) -> None:
    """Bit depth 3, colour type 5, 16-bit palette, compression method 1, filter method 1."""
    data = _png(size=(4, 4))
    at = data.index(b"IHDR") - 4
    ihdr = bytearray(data[at + 8:at + 21])
    ihdr[offset] = value
    if offset == 9 and value == 3:
        ihdr[8] = 16
    assert not png_data_ok(data[:at] + _chunk(b"IHDR", bytes(ihdr)) + data[at + 25:])


def test_valid_crc_with_a_bad_stream_is_not_vouched_for() -> None:
    data = _png()
    raw = _raw_rows(data)
    short, long_ = _with_idat(data, raw[:-5]), _with_idat(data, raw + b"\x00" * 200)
    bad_filter = bytearray(raw)
    bad_filter[0] = 9
    garbage = data[: data.index(b"IDAT") - 4] + _chunk(b"IDAT", b"\x78\x9c" + bytes(300)) + _chunk(b"IEND", b"")
    for case in (short, bytes(garbage), _with_idat(data, bytes(bad_filter))):
        assert not _decodes(case)
        assert not png_data_ok(case)
    head = data[: data.index(b"IDAT") - 4]
    unchecked = head + _chunk(b"IDAT", zlib.compress(raw)[:-4]) + _chunk(b"IEND", b"")
    assert not png_data_ok(long_)  # Pillow ignores the surplus; the walk leaves it to Pillow
    assert not png_data_ok(unchecked)  # no Adler-32 to end the stream: decoded in full instead


def _fix_crcs(data: bytes) -> bytes:
    """Recompute every chunk's CRC, so a flip reaches the inflate and row checks."""
    out, pos = bytearray(data[:8]), 8
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        if pos + 12 + length > len(data):
            break
        out += _chunk(data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length])
        pos += 12 + length
    return bytes(out + data[pos:])


def test_the_walk_never_vouches_for_what_pillow_refuses() -> None:
    """Random byte flips, cuts and inserts, CRCs then often made valid again: the walk
    says yes only if the decoder does."""
    rng = random.Random(20)
    seeds = [_png(), _png("P"), _png("L", compress_level=1), corpus_png()]
    vouched = 0
    for _ in range(600):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            what = rng.random()
            if what < 0.6:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            elif what < 0.8:
                del data[rng.randrange(1, len(data)):]
            else:
                at = rng.randrange(len(data))
                data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 20)))
        case = _fix_crcs(bytes(data)) if rng.random() < 0.7 else bytes(data)
        if rng.random() < 0.3:  # or a flip inside the inflated rows (filter bytes included)
            seed = rng.choice(seeds)
            raw = bytearray(_raw_rows(seed))
            raw[rng.randrange(len(raw)) if rng.random() < 0.5 else 0] ^= 1 << rng.randrange(8)
            case = _with_idat(seed, bytes(raw))
        if png_data_ok(case):
            vouched += 1
            assert _decodes(case), case[:64]
    assert vouched > 20  # flips in pixel bytes keep a file valid: the walk is not vacuous


def test_plain_png_is_inspected_without_a_decode(decodes: list[int]) -> None:
    result = inspect_bytes(_png(size=(40, 30)))
    assert (result.media_type, result.width, result.height, result.page_count) == ("image/png", 40, 30, 1)
    assert result.exif_orientation is None
    assert decodes == []


def test_png_with_text_or_exif_is_still_decoded(decodes: list[int]) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    assert inspect_bytes(_png(exif=exif.tobytes())).exif_orientation == 6
    assert decodes == [1]


def test_cut_and_bomb_pngs_are_still_rejected() -> None:
    with pytest.raises(ImportRejected, match=reasons.CORRUPT_IMAGE):
        inspect_bytes(truncate(_png(size=(300, 200)), 0.6))
    with pytest.raises(ImportRejected, match="too large"):
        inspect_bytes(png_bomb())
    data = _png()
    with pytest.raises(ImportRejected, match=reasons.CORRUPT_IMAGE):
        inspect_bytes(_with_idat(data, _raw_rows(data)[:-5]))


def _outcome(data: bytes) -> object:
    try:
        return inspect_bytes(data)
    except ImportRejected as exc:
        return str(exc)


def test_corpus_and_its_mutants_get_the_same_answer_as_a_full_decode(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every corpus file, and byte-flipped copies of its images: structure paths on == off."""
    from pathlib import Path

    from tests.corpus.make_corpus import make_corpus
    from vault.importing import structure

    folder = Path(str(tmp_path)) / "corpus"
    make_corpus(folder)
    rng = random.Random(18)
    cases = []
    seeds = [p.read_bytes() for p in sorted(folder.iterdir())] + [_png(), _png("P"), _png("L")]
    for data in seeds:
        cases.append(data)
        if data[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"\xff\xd8\xff\xdb"):
            for _ in range(15):
                flipped = bytearray(data)
                flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
                cases.append(_fix_crcs(bytes(flipped)) if data[:4] == b"\x89PNG" else bytes(flipped))
    fast = [_outcome(c) for c in cases]
    assert sum(png_data_ok(c) for c in cases) >= 3  # the PNG fast path is really taken
    monkeypatch.setattr(structure, "png_by_structure", lambda data, limits: None)
    monkeypatch.setattr(structure, "jpeg_by_structure", lambda data, limits: None)
    assert [_outcome(c) for c in cases] == fast
