"""Generate the import test corpus from scratch: good files of every format and hostile ones.

``make_corpus(directory)`` writes the files and returns, per file name, what
``inspect_file`` must say about it. Run as ``python -m tests.corpus.make_corpus DIR``.
Everything is synthetic (no real documents); the whole set is < 1 MB and builds
in about a second.
"""

from __future__ import annotations

import io
import os
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw

from vault.importing import reasons

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CYRILLIC_LINE = "Справка ПНД: состоит на диспансерном наблюдении"


@dataclass(frozen=True)
class Expected:
    """Accepted with ``media_type``/``page_count``, or rejected with a reason starting ``reason``."""

    media_type: str | None = None
    page_count: int | None = None
    reason: str | None = None
    has_text: bool = False
    exif_orientation: int | None = None

    @property
    def accepted(self) -> bool:
        return self.reason is None


def accept(media_type: str, pages: int = 1, *, text: bool = False, orientation: int | None = None) -> Expected:
    return Expected(media_type, pages, None, text, orientation)


def reject(reason: str) -> Expected:
    return Expected(reason=reason)


# ---- good files -----------------------------------------------------------


def cyrillic_pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=14)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"{CYRILLIC_LINE}\nСтраница {number} из {pages}")
    return bytes(pdf.output())


def scan_image(size: tuple[int, int] = (120, 80), mode: str = "RGB") -> Image.Image:
    """A small picture with an asymmetric mark so rotations are detectable."""
    im = Image.new("RGB", size, (240, 240, 230))
    draw = ImageDraw.Draw(im)
    draw.rectangle((0, 0, size[0] // 3, size[1] // 4), fill=(200, 20, 20))
    draw.line((0, size[1] - 1, size[0] - 1, size[1] // 2), fill=(0, 0, 0), width=2)
    return im.convert(mode)


def jpeg_with_metadata() -> bytes:
    """EXIF with GPS, camera make/model, orientation 6 (rotate 90° CW to view) and a COM segment."""
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "SpyCam"
    exif[0x0110] = "Model X"
    exif[0x0131] = "SecretSoft 1.0"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (55.0, 45.0, 20.0), 3: "E", 4: (37.0, 37.0, 0.0)})
    buf = io.BytesIO()
    scan_image().save(buf, "JPEG", quality=90, exif=exif, comment=b"secret comment: Ivanov I.I.")
    return buf.getvalue()


def png() -> bytes:
    buf = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Ivanov I.I.")
    scan_image(mode="RGBA").save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def heic() -> bytes:
    import pillow_heif

    buf = io.BytesIO()
    pillow_heif.from_pillow(scan_image((96, 64))).save(buf, quality=70)
    return buf.getvalue()


def tiff(frames: int = 3) -> bytes:
    images = [scan_image((100 + 10 * i, 60), "L") for i in range(frames)]
    buf = io.BytesIO()
    images[0].save(buf, "TIFF", save_all=True, append_images=images[1:], compression="tiff_deflate")
    return buf.getvalue()


def webp() -> bytes:
    buf = io.BytesIO()
    scan_image().save(buf, "WEBP", quality=80)
    return buf.getvalue()


# ---- hostile files --------------------------------------------------------


def docx_like() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 100_000) -> bytes:
    """A valid-looking PNG header claiming side x side pixels, with a few bytes of data."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def tiff_huge(side: int = 200_000) -> bytes:
    """Little-endian TIFF, one IFD claiming side x side 8-bit grey in one tiny strip."""
    entries = [
        (256, 4, 1, side),  # ImageWidth LONG
        (257, 4, 1, side),  # ImageLength
        (258, 3, 1, 8),  # BitsPerSample
        (259, 3, 1, 1),  # Compression none
        (262, 3, 1, 1),  # BlackIsZero
        (273, 4, 1, 0),  # StripOffsets (patched below)
        (277, 3, 1, 1),  # SamplesPerPixel
        (278, 4, 1, side),  # RowsPerStrip
        (279, 4, 1, 16),  # StripByteCounts
    ]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    ifd = struct.pack("<H", len(entries))
    for tag, kind, count, value in entries:
        value = data_offset if tag == 273 else value
        fmt = "<HHII" if kind == 4 else "<HHIH2x"
        ifd += struct.pack(fmt, tag, kind, count, value)
    return b"II*\x00" + struct.pack("<I", ifd_offset) + ifd + struct.pack("<I", 0) + b"\x00" * 16


def _raw_pdf(objects: list[bytes], root: int = 1, *, xref: bool = True, extra_trailer: bytes = b"") -> bytes:
    """Assemble a classic PDF from numbered object bodies (1-based), with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, extra_trailer)
    out += b"startxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"
_CONTENT = b"<< /Length 20 >>\nstream\n0 0 m 100 100 l S\n\nendstream"


def nested_pdf(depth: int = 50_000) -> bytes:
    """A one-page PDF whose catalog points at an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"]" * depth
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _PAGE,
            _CONTENT,
            nested,
        ]
    )


def xref_loop_pdf() -> bytes:
    """An incremental update whose /Prev points back at itself (xref chain loop)."""
    base = _raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _PAGE, _CONTENT]
    )
    start = len(base)
    update = b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R /Prev %d >>\n" % start
    return base + update + b"startxref\n%d\n%%%%EOF\n" % start


def page_tree_loop_pdf() -> bytes:
    """/Pages whose /Kids contains itself, plus a second node pointing back up."""
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [5 0 R 2 0 R] /Count 3 >>",
            _PAGE,
            _CONTENT,
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 2 >>",
        ]
    )


def corrupt_pdf() -> bytes:
    return b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\nxref\n0 zz\ngarbage\ntrailer\n<< /Root 99 0 R >>\n%%EOF\n"


def encrypted_pdf() -> bytes:
    with pikepdf.open(io.BytesIO(cyrillic_pdf(1))) as pdf:
        buf = io.BytesIO()
        pdf.save(buf, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))
    return buf.getvalue()


def truncate(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(1, int(len(data) * keep))]


# ---- the corpus -----------------------------------------------------------

PDF, JPEG, PNG, HEIC, TIFF, WEBP = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/heic",
    "image/tiff",
    "image/webp",
)


def sparse_pdf(path: Path, pages: int, image_bytes: int, *, noise: bool = False) -> None:
    """A PDF whose pages each show one huge uncompressed image; the image data is a file
    hole, or with ``noise`` random bytes (incompressible, really read from disk)."""
    side = 5000
    height = image_bytes // side
    length = side * height
    offsets: dict[int, int] = {}
    with path.open("wb") as f:
        f.write(b"%PDF-1.7\n")

        def obj(number: int, body: bytes) -> None:
            offsets[number] = f.tell()
            f.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

        kids = b" ".join(b"%d 0 R" % (10 + 3 * i) for i in range(pages))
        obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        obj(2, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages))
        content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        for i in range(pages):
            n = 10 + 3 * i
            res = b"<< /XObject << /Im0 %d 0 R >> >>" % (n + 2)
            obj(
                n,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>"
                % (res, n + 1),
            )
            obj(n + 1, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
            offsets[n + 2] = f.tell()
            head = b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray" % (side, height)
            f.write(b"%d 0 obj\n" % (n + 2) + head + b" /BitsPerComponent 8 /Length %d >>\nstream\n" % length)
            if noise:
                for left in range(length, 0, -(1 << 20)):
                    f.write(os.urandom(min(left, 1 << 20)))
            else:
                f.seek(length, 1)
            f.write(b"\nendstream\nendobj\n")
        size = max(offsets) + 1
        xref = f.tell()
        f.write(b"xref\n0 %d\n" % size)
        for k in range(size):
            f.write(b"%010d 00000 n \n" % offsets[k] if k in offsets else b"0000000000 65535 f \n")
        f.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))


def _entries() -> dict[str, tuple[Callable[[], bytes], Expected]]:
    pdf3 = cyrillic_pdf(3)
    return {
        "letter_1page.pdf": (lambda: cyrillic_pdf(1), accept(PDF, 1, text=True)),
        "выписка_3стр.pdf": (lambda: pdf3, accept(PDF, 3, text=True)),
        "справка_ПНД.jpg": (jpeg_with_metadata, accept(JPEG, orientation=6)),
        "scan.png": (png, accept(PNG)),
        "photo.heic": (heic, accept(HEIC)),
        "multipage.tiff": (tiff, accept(TIFF, 3)),
        "receipt.webp": (webp, accept(WEBP)),
        "really_png.jpg": (png, accept(PNG)),
        "nested.pdf": (nested_pdf, accept(PDF, 1)),
        "xref_loop.pdf": (xref_loop_pdf, accept(PDF, 1)),
        "empty.pdf": (lambda: b"", reject(reasons.EMPTY)),
        "report.docx": (docx_like, reject(reasons.UNSUPPORTED)),
        "notes.pdf": (lambda: "просто текст, не PDF\n".encode(), reject(reasons.UNSUPPORTED)),
        "truncated.jpg": (lambda: truncate(jpeg_with_metadata(), 0.6), reject(reasons.CORRUPT_IMAGE)),
        "truncated.png": (lambda: truncate(png(), 0.6), reject(reasons.CORRUPT_IMAGE)),
        "truncated.pdf": (lambda: truncate(pdf3, 0.3), reject(reasons.UNDISPLAYABLE_PDF)),
        "corrupt.pdf": (corrupt_pdf, reject(reasons.CORRUPT_PDF)),
        "encrypted.pdf": (encrypted_pdf, reject(reasons.ENCRYPTED_PDF)),
        "bomb.png": (png_bomb, reject("image too large: 100000x100000 pixels")),
        "huge.tiff": (tiff_huge, reject("image too large: 200000x200000 pixels")),
        "page_tree_loop.pdf": (page_tree_loop_pdf, reject(reasons.PAGE_TREE_LOOP)),
    }


def make_corpus(directory: Path) -> dict[str, Expected]:
    """Write every corpus file into ``directory`` (created if needed); return expectations."""
    directory.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expected] = {}
    for name, (build, outcome) in _entries().items():
        (directory / name).write_bytes(build())
        expected[name] = outcome
    return expected


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tests.corpus.make_corpus DIR\n")
        return 2
    for name, outcome in make_corpus(Path(argv[0])).items():
        verdict = f"{outcome.media_type} x{outcome.page_count}" if outcome.accepted else f"reject: {outcome.reason}"
        sys.stdout.write(f"{name}\t{verdict}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
