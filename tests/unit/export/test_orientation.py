"""JPEG pages stay lossless and still look right: all 8 EXIF orientations, grey and Adobe CMYK.

Each page is rendered by poppler (``pdftoppm`` writes PPM to stdout when no
output root is given) and the red marker, stored at the top-left, must land
where Pillow's ``exif_transpose`` puts it.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from tests.unit.export import factories as f
from vault.export import ExportResult, export_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdfimages"),
                                reason="poppler-utils needed")


def _jpeg(orientation: int, mode: str = "RGB") -> bytes:
    img = Image.new("RGB", (160, 80), "white")
    img.paste((220, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SecretPhoneMaker"
    buf = io.BytesIO()
    img.convert(mode).save(buf, "JPEG", quality=95, exif=exif, comment=b"secret-comment")
    return buf.getvalue()


CASES = [(n, "RGB") for n in range(1, 9)] + [(6, "CMYK"), (3, "L")]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExportResult]:
    items = [f.item(n, _jpeg(o, mode), "image/jpeg", f"o{o} {mode}")
             for n, (o, mode) in enumerate(CASES, 1)]
    out = tmp_path_factory.mktemp("orient") / "b.pdf"
    return out, export_pdf(items, f.cover("en"), out, signing_key=f.KEY)


def _quadrant(img: Image.Image) -> tuple[int, int]:
    """(column, row) in a 2x2 grid of the reddest pixel."""
    rgb = img.convert("RGB")
    w, h = rgb.size
    best = max(((x, y) for x in range(w) for y in range(h)),
               key=lambda p: rgb.getpixel(p)[0] - rgb.getpixel(p)[1])  # type: ignore[index]
    return 2 * best[0] // w, 2 * best[1] // h


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)))
def test_rendered_page_is_upright(bundle: tuple[Path, ExportResult], index: int,
                                  case: tuple[int, str]) -> None:
    path, result = bundle
    page = result.manifest["documents"][index]["pages"]["first"]  # type: ignore[index]
    ppm = subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page),  # noqa: S607
                          "-upw", str(result.password), str(path)],
                         capture_output=True, check=True).stdout
    rendered = Image.open(io.BytesIO(ppm))
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(_jpeg(*case))))
    assert (rendered.width > rendered.height) == (expected.width > expected.height)
    assert _quadrant(rendered) == _quadrant(expected)
    r, g, b = rendered.convert("RGB").getpixel((rendered.width // 2, rendered.height // 2))  # type: ignore[misc]
    assert min(r, g, b) > 200  # white stays white: CMYK inversion and colour transform right


def test_extracted_jpegs_are_lossless_and_clean(bundle: tuple[Path, ExportResult],
                                                tmp_path: Path) -> None:
    path, result = bundle
    subprocess.run(["pdfimages", "-all", "-upw", str(result.password), str(path),  # noqa: S607
                    str(tmp_path / "img")], check=True)
    images = sorted(tmp_path.glob("img-*.jpg"))
    assert len(images) == len(CASES)
    docs = result.manifest["documents"]
    for image, case, doc in zip(images, CASES, docs, strict=True):  # type: ignore[call-overload]
        data = image.read_bytes()
        assert hashlib.sha256(data).hexdigest() == doc["sanitized"][0]["sha256"]
        with Image.open(io.BytesIO(_jpeg(*case))) as original, Image.open(image) as kept:
            assert kept.tobytes() == original.tobytes()  # not re-encoded
        assert b"secret" not in data.lower() and b"Exif" not in data
    if shutil.which("exiftool"):
        meta = json.loads(subprocess.run(["exiftool", "-j", "-a", "-G1", *map(str, images)],  # noqa: S607
                                         capture_output=True, check=True).stdout)
        groups = {key.split(":")[0] for m in meta for key in m if ":" in key}
        assert not groups & {"IFD0", "ExifIFD", "GPS", "JFIF", "ICC_Profile", "XMP-x", "Photoshop",
                             "IPTC"}, groups
        assert not [k for m in meta for k in m if "Comment" in k or "Orientation" in k]
