"""The age archive with the real age CLI (X25519) and pyrage (passphrase: age needs a tty)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

import pyrage
import pytest
from PIL import Image

from tests.unit.export import factories as f
from vault.errors import ExportError, IntegrityError, WrongPassphrase
from vault.export import ExportResult, export_age, verify_export

needs_age = pytest.mark.skipif(not shutil.which("age") or not shutil.which("age-keygen"),
                               reason="age CLI not installed")


@pytest.fixture(scope="module")
def keyfile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("key") / "key.txt"
    if shutil.which("age-keygen"):
        subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)  # noqa: S607
    else:
        path.write_text(str(pyrage.x25519.Identity.generate()) + "\n")
    return path


def _public(keyfile: Path) -> str:
    secret = next(ln for ln in keyfile.read_text().splitlines() if ln.startswith("AGE-SECRET"))
    return str(pyrage.x25519.Identity.from_str(secret).to_public())


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, keyfile: Path) -> tuple[Path, ExportResult]:
    out = tmp_path_factory.mktemp("age") / "bundle.age"
    res = export_age(f.sample_items(), f.cover(), out, signing_key=f.KEY,
                     recipient=_public(keyfile), audit=f.AUDIT)
    return out, res


@needs_age
def test_age_cli_decrypts_and_files_check(archive: tuple[Path, ExportResult], keyfile: Path,
                                          tmp_path: Path) -> None:
    path, res = archive
    assert res.password is None
    tar_path = tmp_path / "bundle.tar"
    done = subprocess.run(["age", "-d", "-i", str(keyfile), "-o", str(tar_path), str(path)],  # noqa: S607
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    with tarfile.open(tar_path) as tar:
        tar.extractall(tmp_path / "x", filter="data")
    root = tmp_path / "x"
    sums = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=root,  # noqa: S607
                          capture_output=True, text=True, check=False)
    assert sums.returncode == 0 and sums.stdout.count(": OK") == 9
    for item in f.sample_items():
        original = next((root / "originals").glob(f"{item.document_id:04d}-*"))
        assert hashlib.sha256(original.read_bytes()).hexdigest() == item.sha256
    readme = (root / "README.txt").read_text()
    assert "КАК ПРОВЕРИТЬ" in readme and "HOW TO VERIFY" in readme
    assert str(res.manifest["signing_key"]["fingerprint"]) in readme  # type: ignore[index]
    if shutil.which("openssl"):
        check = subprocess.run(  # noqa: S603
            ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "vault_public_key.pem",  # noqa: S607
             "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig"],
            cwd=root, capture_output=True, text=True, check=False)
        assert "Signature Verified Successfully" in check.stdout
    with Image.open(root / "sanitized" / "0001-pnd.jpg") as img:
        assert img.size == (200, 400) and len(img.getexif()) == 0
        assert "comment" not in img.info
    assert b"secret" not in (root / "sanitized" / "0002-pnd.pdf").read_bytes()


def test_passphrase_mode_via_pyrage(tmp_path: Path) -> None:
    out = tmp_path / "b.age"
    res = export_age(f.sample_items()[:2], f.cover("en"), out, signing_key=f.KEY,
                     include_originals=False)
    assert res.password and len(res.password.replace("-", "")) >= 24
    plain = pyrage.passphrase.decrypt(out.read_bytes(), res.password)
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        names = tar.getnames()
    assert not [n for n in names if n.startswith("originals/")]
    assert {"cover.pdf", "manifest.json", "manifest.sig", "README.txt"} <= set(names)
    report = verify_export(out, password=res.password)
    assert (report.format, report.documents, report.originals_included) == ("age", 2, False)
    with pytest.raises(WrongPassphrase):
        verify_export(out, password="wrong-wrong-wrong")
    flipped = bytearray(out.read_bytes())
    flipped[-100] ^= 0x01
    (tmp_path / "flipped.age").write_bytes(flipped)
    with pytest.raises(IntegrityError):
        verify_export(tmp_path / "flipped.age", password=res.password)


def test_never_mixes_key_and_passphrase(tmp_path: Path, keyfile: Path) -> None:
    with pytest.raises(ExportError, match="mix"):
        export_age(f.sample_items(), f.cover(), tmp_path / "b.age", signing_key=f.KEY,
                   recipient=_public(keyfile), passphrase="a long passphrase here")
    with pytest.raises(ExportError):
        export_age(f.sample_items(), f.cover(), tmp_path / "c.age", signing_key=f.KEY,
                   recipient="age1notakey")
    assert list(tmp_path.iterdir()) == []


def test_verify_accepts_and_rejects(archive: tuple[Path, ExportResult], keyfile: Path,
                                    tmp_path: Path) -> None:
    path, _ = archive
    report = verify_export(path, identity=str(keyfile))
    assert report.originals_included and report.files_checked == 10
    with pytest.raises(WrongPassphrase):
        verify_export(path, identity=str(pyrage.x25519.Identity.generate()))

    flipped = bytearray(path.read_bytes())
    flipped[len(flipped) // 2] ^= 0x01
    (tmp_path / "flipped.age").write_bytes(flipped)
    with pytest.raises(IntegrityError):
        verify_export(tmp_path / "flipped.age", identity=str(keyfile))

    # Swap one original for another inside a validly encrypted archive.
    secret = next(ln for ln in keyfile.read_text().splitlines() if ln.startswith("AGE-SECRET"))
    plain = pyrage.decrypt(path.read_bytes(), [pyrage.x25519.Identity.from_str(secret)])
    buf = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(plain)) as src, tarfile.open(fileobj=buf, mode="w") as dst:
        members = {m.name: (m, src.extractfile(m).read()) for m in src if m.isfile()}  # type: ignore[union-attr]
        swap = members["originals/0003-receipt.png"][1]
        for name, (member, data) in members.items():
            data = swap if name == "originals/0001-pnd.jpg" else data
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    (tmp_path / "swapped.age").write_bytes(
        pyrage.encrypt(buf.getvalue(), [pyrage.x25519.Recipient.from_str(_public(keyfile))]))
    with pytest.raises(IntegrityError, match="does not match"):
        verify_export(tmp_path / "swapped.age", identity=str(keyfile))
