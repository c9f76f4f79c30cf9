"""The PDF bundle as third-party readers (qpdf, poppler, exiftool) see it."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from tests.unit.export import factories as f
from tests.unit.export.conftest import Bundle
from vault.errors import ExportError

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("qpdf", "pdfinfo", "pdftotext", "pdfimages", "pdfdetach")),
    reason="qpdf and poppler-utils are needed",
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603


def test_qpdf_says_a_password_is_required(plain_bundle: Bundle) -> None:
    assert run("qpdf", "--requires-password", str(plain_bundle.path)).returncode == 0


def test_generated_password_is_strong(plain_bundle: Bundle) -> None:
    pw = plain_bundle.password
    assert len(pw.replace("-", "")) >= 24
    assert not set(pw) & set("0O1lI5S2Z")


def test_decrypts_with_qpdf_and_checks_clean(plain_bundle: Bundle, tmp_path: Path) -> None:
    dec = tmp_path / "dec.pdf"
    done = run("qpdf", f"--password={plain_bundle.password}", "--decrypt",
               str(plain_bundle.path), str(dec))
    assert done.returncode == 0, done.stderr
    check = run("qpdf", "--check", str(dec))
    assert check.returncode == 0
    assert "No syntax or stream encoding errors" in check.stdout
    enc = run("qpdf", f"--password={plain_bundle.password}", "--show-encryption",
              str(plain_bundle.path)).stdout
    assert "R = 6" in enc and "AESv3" in enc


def test_wrong_password_fails(plain_bundle: Bundle) -> None:
    assert run("pdfinfo", "-upw", "wrong-password-123", str(plain_bundle.path)).returncode != 0
    assert run("pdftotext", "-upw", "nope", str(plain_bundle.path), "-").returncode != 0
    assert run("qpdf", "--password=nope", "--check", str(plain_bundle.path)).returncode != 0


def test_pdfinfo_shows_every_page(plain_bundle: Bundle) -> None:
    docs = plain_bundle.result.manifest["documents"]
    assert isinstance(docs, list)
    expected = docs[-1]["pages"]["last"]
    assert docs[0]["pages"]["first"] >= 2  # cover + manifest pages come first
    assert [d["pages"]["last"] - d["pages"]["first"] + 1 for d in docs] == [1, 2, 1]
    info = run("pdfinfo", "-upw", plain_bundle.password, str(plain_bundle.path)).stdout
    assert f"Pages:           {expected}" in info
    assert "AES-256" in info


def test_cover_text_is_correct_cyrillic(plain_bundle: Bundle) -> None:
    text = run("pdftotext", "-upw", plain_bundle.password, str(plain_bundle.path), "-").stdout
    for needle in ("Пакет документов для адвоката", "Пётр Ёжиков", "Бронхиальная астма (J45.0)",
                   "Справка ПНД — 2026-03-12", "Выписка из стационара — ёлка", "80085412345678",
                   "осталось дней: 19", "Нет справки о диспансерном учёте", "discharge page 2"):
        assert needle in text, needle
    sha = f.sample_items()[0].sha256
    assert sha in text.replace("\n", "")


def test_no_metadata_leaks(plain_bundle: Bundle, tmp_path: Path) -> None:
    dec = tmp_path / "dec.pdf"
    run("qpdf", f"--password={plain_bundle.password}", "--decrypt", "--stream-data=uncompress",
        str(plain_bundle.path), str(dec))
    raw = dec.read_bytes()
    for secret in (b"SecretPhoneMaker", b"secret-comment", b"secret-xmp-creator",
                   b"secret-info-author", b"secret-attachment", b"app.alert", b"IMG_1_",
                   b"fpdf", b"Exif", b"GPS"):
        assert secret not in raw, secret
    if shutil.which("exiftool"):
        meta = json.loads(run("exiftool", "-j", str(dec)).stdout)[0]
        assert not {"Author", "Producer", "Creator", "Title", "XMPToolkit"} & set(meta)


def test_image_pages_are_lossless_upright_and_clean(plain_bundle: Bundle, tmp_path: Path) -> None:
    done = run("pdfimages", "-upw", plain_bundle.password, "-all", str(plain_bundle.path),
               str(tmp_path / "img"))
    assert done.returncode == 0
    images = sorted(tmp_path.glob("img-*"))
    assert len(images) == 2
    with Image.open(images[0]) as scan, Image.open(io.BytesIO(f.gps_jpeg())) as original:
        assert scan.format == "JPEG" and scan.tobytes() == original.tobytes()  # not re-encoded
        assert len(scan.getexif()) == 0 and "comment" not in scan.info
    page = plain_bundle.result.manifest["documents"][0]["pages"]["first"]  # type: ignore[index]
    ppm = subprocess.run(["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page),  # noqa: S607
                          "-upw", plain_bundle.password, str(plain_bundle.path)],
                         capture_output=True, check=True).stdout
    with Image.open(io.BytesIO(ppm)) as shown:
        w, h = shown.size
        assert h > w  # EXIF orientation 6 applied by the page matrix
        assert shown.getpixel((w - 2, 2))[0] > 200 > shown.getpixel((w - 2, 2))[1]  # red top right
        assert shown.getpixel((2, 2)) == pytest.approx((255, 255, 255), abs=8)
    if shutil.which("exiftool"):
        meta = json.loads(run("exiftool", "-j", "-a", "-G", *map(str, images)).stdout)
        keys = {k for m in meta for k in m}
        assert not [k for k in keys if k.startswith(("EXIF:", "GPS:", "Composite:GPS"))]
        assert not any("Comment" in k for k in keys)


def test_one_bookmark_per_document(plain_bundle: Bundle) -> None:
    with pikepdf.open(plain_bundle.path, password=plain_bundle.password) as pdf:
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
            targets = [pdf.pages.index(pikepdf.Page(item.destination[0]))
                       for item in outline.root]
    docs = plain_bundle.result.manifest["documents"]
    assert isinstance(docs, list)
    assert titles[1:] == [i.title for i in f.sample_items()]
    assert targets == [0] + [d["pages"]["first"] - 1 for d in docs]


def test_originals_attached_byte_exact(full_bundle: Bundle, tmp_path: Path) -> None:
    listing = run("pdfdetach", "-upw", full_bundle.password, "-list", str(full_bundle.path)).stdout
    assert "manifest.json" in listing and "manifest.sig" in listing
    with pikepdf.open(full_bundle.path, password=full_bundle.password) as pdf:
        files = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
    items = f.sample_items()
    docs = full_bundle.result.manifest["documents"]
    assert isinstance(docs, list)
    for item, doc in zip(items, docs, strict=True):
        blob = files[doc["original"]["name"]]
        assert hashlib.sha256(blob).hexdigest() == item.sha256 == doc["original"]["sha256"]
    assert json.loads(files["manifest.json"]) == full_bundle.result.manifest


def test_supplied_password_and_refusals(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    items = f.sample_items()[:1]
    with pytest.raises(ExportError):
        from vault.export import export_pdf
        export_pdf(items, f.cover(), out, signing_key=f.KEY, password="short")
    from vault.export import export_pdf
    res = export_pdf(items, f.cover("en"), out, signing_key=f.KEY,
                     password="correct horse battery")
    assert res.password == "correct horse battery"
    assert run("pdfinfo", "-upw", "correct horse battery", str(out)).returncode == 0
    text = run("pdftotext", "-upw", "correct horse battery", str(out), "-").stdout
    assert "Evidence bundle for the lawyer" in text
    with pytest.raises(ExportError):
        export_pdf(items, f.cover(), out, signing_key=f.KEY)  # never overwrites
    assert out.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.pdf"]


def test_sanitised_hash_is_of_the_page_image(plain_bundle: Bundle) -> None:
    with pikepdf.open(plain_bundle.path, password=plain_bundle.password) as pdf:
        docs = plain_bundle.result.manifest["documents"]
        assert isinstance(docs, list)
        page = pdf.pages[docs[0]["pages"]["first"] - 1]
        jpeg = page.Resources.XObject.Im0.read_raw_bytes()
    assert hashlib.sha256(jpeg).hexdigest() == docs[0]["sanitized"][0]["sha256"]
    with Image.open(io.BytesIO(jpeg)) as img:
        assert img.format == "JPEG"
