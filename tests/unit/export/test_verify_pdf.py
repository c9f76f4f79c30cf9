"""verify_export on PDF bundles: accepts the untouched file, rejects every kind of tampering."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from tests.unit.export.conftest import Bundle
from vault.errors import IntegrityError, WrongPassphrase
from vault.export import verify_export


def _reencrypt(pdf: pikepdf.Pdf, out: Path, password: str) -> None:
    pdf.save(out, encryption=pikepdf.Encryption(owner="o" * 20, user=password, R=6))


def test_accepts_untouched_bundles(plain_bundle: Bundle, full_bundle: Bundle) -> None:
    plain = verify_export(plain_bundle.path, password=plain_bundle.password,
                          expected_fingerprint=str(plain_bundle.result.manifest["signing_key"]
                                                   ["fingerprint"]))  # type: ignore[index]
    assert (plain.format, plain.documents, plain.originals_included) == ("pdf", 3, False)
    full = verify_export(full_bundle.path, password=full_bundle.password)
    assert full.originals_included and full.files_checked == 6


def test_wrong_password_and_wrong_vault(plain_bundle: Bundle) -> None:
    with pytest.raises(WrongPassphrase):
        verify_export(plain_bundle.path, password="not-the-password")
    with pytest.raises(IntegrityError):
        verify_export(plain_bundle.path, password=plain_bundle.password,
                      expected_fingerprint="0000 0000 0000 0000 0000 0000 0000 0000")


def _stream_offset(path: Path, password: str, page_index: int) -> int:
    """File offset of a page image's (encrypted) stream data."""
    with pikepdf.open(path, password=password) as pdf:
        num, gen = pdf.pages[page_index].Resources.XObject.Im0.objgen
    raw = path.read_bytes()
    obj = re.search(rb"(?<![0-9])%d %d obj" % (num, gen), raw)
    assert obj is not None
    return raw.index(b"stream", obj.end()) + len(b"stream\n") + 40


def test_rejects_a_flipped_byte_in_a_page(full_bundle: Bundle, tmp_path: Path) -> None:
    docs = full_bundle.result.manifest["documents"]
    assert isinstance(docs, list)
    at = _stream_offset(full_bundle.path, full_bundle.password, docs[0]["pages"]["first"] - 1)
    data = bytearray(full_bundle.path.read_bytes())
    data[at] ^= 0x01
    bad = tmp_path / "flipped.pdf"
    bad.write_bytes(data)
    with pytest.raises(IntegrityError):
        verify_export(bad, password=full_bundle.password)


def test_rejects_a_swapped_attachment(full_bundle: Bundle, tmp_path: Path) -> None:
    bad = tmp_path / "swapped.pdf"
    with pikepdf.open(full_bundle.path, password=full_bundle.password) as pdf:
        names = sorted(n for n in pdf.attachments if n.startswith("originals/"))
        other = pdf.attachments[names[2]].get_file().read_bytes()
        pdf.attachments[names[0]] = pikepdf.AttachedFileSpec(pdf, other, filename=names[0])
        _reencrypt(pdf, bad, full_bundle.password)
    with pytest.raises(IntegrityError, match="does not match"):
        verify_export(bad, password=full_bundle.password)


def test_rejects_swapped_pages(plain_bundle: Bundle, tmp_path: Path) -> None:
    bad = tmp_path / "pages.pdf"
    docs = plain_bundle.result.manifest["documents"]
    assert isinstance(docs, list)
    a, b = docs[1]["pages"]["first"] - 1, docs[1]["pages"]["last"] - 1
    with pikepdf.open(plain_bundle.path, password=plain_bundle.password) as pdf:
        first, second = pikepdf.Page(pdf.pages[a]), pikepdf.Page(pdf.pages[b])
        pdf.pages[a], pdf.pages[b] = second, first
        _reencrypt(pdf, bad, plain_bundle.password)
    with pytest.raises(IntegrityError, match="altered"):
        verify_export(bad, password=plain_bundle.password)


def test_rejects_an_edited_manifest(plain_bundle: Bundle, tmp_path: Path) -> None:
    bad = tmp_path / "manifest.pdf"
    with pikepdf.open(plain_bundle.path, password=plain_bundle.password) as pdf:
        body = pdf.attachments["manifest.json"].get_file().read_bytes()
        forged = body.replace(b'"kind":"pnd"', b'"kind":"xyz"', 1)
        assert forged != body
        pdf.attachments["manifest.json"] = pikepdf.AttachedFileSpec(pdf, forged,
                                                                    filename="manifest.json")
        _reencrypt(pdf, bad, plain_bundle.password)
    with pytest.raises(IntegrityError, match="signature"):
        verify_export(bad, password=plain_bundle.password)
