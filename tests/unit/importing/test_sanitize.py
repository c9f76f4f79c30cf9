from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from tests.corpus.make_corpus import cyrillic_pdf, jpeg_with_metadata
from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing.sanitize import sanitize_image, strip_jpeg
from vault.importing.sanitize_pdf import sanitize_pdf

EXIFTOOL = shutil.which("exiftool")
needs_exiftool = pytest.mark.skipif(EXIFTOOL is None, reason="exiftool not installed")
IMAGES = ["справка_ПНД.jpg", "scan.png", "photo.heic", "multipage.tiff", "receipt.webp"]
LEAKS = ("GPS", "Make", "Model", "Software", "Comment", "Author", "Orientation", "XMP", "ICC_Profile")


def _exiftool(data: bytes) -> dict[str, object]:
    """Read tags from stdin ('-'); exiftool writes nothing to disk this way."""
    assert EXIFTOOL is not None
    out = subprocess.run([EXIFTOOL, "-j", "-a", "-G1", "-"], input=data, capture_output=True, check=True)
    tags: dict[str, object] = json.loads(out.stdout)[0]
    return tags


@needs_exiftool
def test_source_jpeg_really_has_metadata(corpus_dir: Path) -> None:
    tags = " ".join(_exiftool((corpus_dir / "справка_ПНД.jpg").read_bytes()))
    assert "GPS" in tags and "Comment" in tags and "Orientation" in tags


@needs_exiftool
@pytest.mark.parametrize("name", IMAGES)
def test_no_metadata_survives(corpus_dir: Path, name: str) -> None:
    for page in sanitize_image((corpus_dir / name).read_bytes()).pages:
        tags = _exiftool(page.data)
        leaked = [key for key in tags if any(word in key for word in LEAKS)]
        assert leaked == [], leaked
        im = Image.open(io.BytesIO(page.data))
        assert not im.getexif() and "comment" not in im.info and "icc_profile" not in im.info
        assert not getattr(im, "text", {})


def test_orientation_is_applied(corpus_dir: Path) -> None:
    (page,) = sanitize_image((corpus_dir / "справка_ПНД.jpg").read_bytes()).pages
    assert (page.width, page.height) == (80, 120)  # stored 120x80 with orientation 6
    im = Image.open(io.BytesIO(page.data)).convert("RGB")
    pixel = im.getpixel((75, 5))
    assert isinstance(pixel, tuple)
    r, g, b = pixel[:3]  # the red block (top-left when stored) is now top-right
    assert r > 150 and g < 90 and b < 90


def test_formats_and_pages(corpus_dir: Path) -> None:
    tiff = sanitize_image((corpus_dir / "multipage.tiff").read_bytes())
    assert [p.width for p in tiff.pages] == [100, 110, 120]
    assert sanitize_image((corpus_dir / "scan.png").read_bytes()).pages[0].media_type == "image/png"  # alpha
    assert sanitize_image((corpus_dir / "photo.heic").read_bytes()).pages[0].media_type == "image/jpeg"


@pytest.mark.parametrize("name", ["truncated.jpg", "bomb.png", "letter_1page.pdf"])
def test_bad_input_rejected(corpus_dir: Path, name: str) -> None:
    with pytest.raises(ImportRejected):
        sanitize_image((corpus_dir / name).read_bytes())


def test_jpeg_marker_stripping_is_lossless() -> None:
    src = jpeg_with_metadata()
    clean, info = strip_jpeg(src)
    assert b"Exif" not in clean and b"secret comment" not in clean and info.orientation == 6
    assert Image.open(io.BytesIO(clean)).tobytes() == Image.open(io.BytesIO(src)).tobytes()
    with pytest.raises(ImportRejected):
        strip_jpeg(b"not a jpeg")


def _hostile_pdf() -> bytes:
    pdf = pikepdf.open(io.BytesIO(cyrillic_pdf(2)))
    pdf.docinfo["/Author"] = "Ivanov I.I."
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = ["Ivanov I.I."]
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
    pdf.Root.OpenAction = js
    pdf.Root.AA = pikepdf.Dictionary(WC=js)
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("x"), js])))
    pdf.attachments["secret.txt"] = b"hidden attachment"
    exif_jpeg = pikepdf.Stream(
        pdf,
        jpeg_with_metadata(),
        Type=pikepdf.Name.XObject,
        Subtype=pikepdf.Name.Image,
        Width=120,
        Height=80,
        ColorSpace=pikepdf.Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=pikepdf.Name.DCTDecode,
    )
    page = pdf.pages[0]
    page.obj.Resources.XObject = pikepdf.Dictionary(Im9=pdf.make_indirect(exif_jpeg))
    page.obj.AA = pikepdf.Dictionary(O=js)

    def link(action: pikepdf.Dictionary) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 9, 9], A=action)

    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))
    uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/verify"))
    page.obj.Annots = pikepdf.Array([pdf.make_indirect(link(launch)), link(uri)])
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


def _expanded(data: bytes) -> bytes:
    """Uncompressed QDF form, in memory, so the test can grep every object."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(
            out,
            qdf=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
            compress_streams=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
        )
    return out.getvalue()


def test_hostile_fixture_really_is_hostile() -> None:
    expanded = _expanded(_hostile_pdf())
    for needle in (b"/JavaScript", b"/OpenAction", b"/Launch", b"Ivanov", b"hidden attachment", b"Exif"):
        assert needle in expanded, needle


def test_pdf_sanitizer_removes_active_content_and_metadata(tmp_path: Path) -> None:
    clean = sanitize_pdf(_hostile_pdf())
    expanded = _expanded(clean)
    for needle in (
        b"/JavaScript",
        b"/OpenAction",
        b"/Info",
        b"/Metadata",
        b"/Launch",
        b"/EmbeddedFile",
        b"/AA",
        b"/AF",
        b"calc.exe",
        b"Ivanov",
        b"hidden attachment",
        b"secret comment",
        b"Exif",
    ):
        assert needle not in expanded, needle
    assert b"https://example.org/verify" in expanded  # plain links are kept deliberately
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        assert len(pdf.pages) == 2
        assert "/Info" not in pdf.trailer
        assert not pdf.attachments


def test_pdf_sanitizer_keeps_text(tmp_path: Path) -> None:
    from vault.importing.inspect import inspect_bytes

    result = inspect_bytes(sanitize_pdf(cyrillic_pdf(2)))
    assert result.page_count == 2 and "Справка ПНД" in result.text


def test_pdf_sanitizer_accepts_a_stream() -> None:
    assert sanitize_pdf(io.BytesIO(cyrillic_pdf(1))).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "reason"), [("encrypted.pdf", reasons.ENCRYPTED_PDF), ("corrupt.pdf", reasons.CORRUPT_PDF)]
)
def test_pdf_sanitizer_rejects(corpus_dir: Path, name: str, reason: str) -> None:
    with pytest.raises(ImportRejected, match=f"^{re.escape(reason)}"):
        sanitize_pdf((corpus_dir / name).read_bytes())
