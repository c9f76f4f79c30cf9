"""`spravka export` / `verify-export` end to end, checked with qpdf, poppler and age."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.corpus.make_corpus import cyrillic_pdf, jpeg_with_metadata, png
from tests.helpers import PASS, init_vault, spravka


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    vault = tmp_path / "v"
    init_vault(vault)
    src = tmp_path / "src"
    src.mkdir()
    (src / "справка.jpg").write_bytes(jpeg_with_metadata())
    (src / "выписка.pdf").write_bytes(cyrillic_pdf(2))
    (src / "квитанция.png").write_bytes(png())
    res = spravka("import", str(src), "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    return vault


def _export(vault: Path, out: Path, *args: str) -> dict:  # type: ignore[type-arg]
    res = spravka("export", "--out", str(out), *args, "--passphrase-stdin", "--json",
                  stdin=PASS + "\n", vault=vault, timeout=300)
    assert res.code == 0, res.err
    data = res.json()
    assert set(data) == {"path", "format", "password", "sha256", "document_ids", "fingerprint"}
    return data  # type: ignore[no-any-return]


def _run(*cmd: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=120)


def test_pdf_bundle_opens_in_third_party_readers(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "для_адвоката.pdf"
    data = _export(filled, out)
    pw = data["password"]
    assert len(pw) >= 24 and data["document_ids"] == [1, 2, 3]
    assert _run("qpdf", "--requires-password", str(out)).returncode == 0
    assert _run("pdfinfo", "-upw", "wrong password", str(out)).returncode != 0
    info = _run("pdfinfo", "-upw", pw, str(out))
    assert info.returncode == 0
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    assert pages >= 1 + 1 + 2 + 1  # cover + jpeg + 2-page pdf + png
    text = _run("pdftotext", "-upw", pw, str(out), "-").stdout
    assert "Пакет документов" in text
    plain = tmp_path / "plain.pdf"
    assert _run("qpdf", f"--password={pw}", "--decrypt", str(out), str(plain)).returncode == 0
    assert _run("qpdf", "--check", str(plain)).returncode == 0
    assert "справка.jpg" not in plain.read_bytes().decode("latin-1")
    info_json = json.loads(spravka("info", "--passphrase-stdin", "--json", stdin=PASS + "\n",
                                   vault=filled).out)
    assert info_json["last_export"] and info_json["changed_since_export"] == 0


def test_verify_export_accepts_untouched_and_rejects_tampered(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    pw = _export(filled, out)["password"]
    ok = spravka("verify-export", str(out), "--password-stdin", "--json", stdin=pw + "\n")
    assert ok.code == 0 and ok.json()["documents"] == 3
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x10
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    res = spravka("verify-export", str(bad), "--password-stdin", stdin=pw + "\n")
    assert res.code == 11 and res.err.count("\n") == 1, res.err  # integrity check failed


def test_age_archive_decrypts_with_the_age_cli(filled: Path, tmp_path: Path) -> None:
    key = tmp_path / "lawyer.key"
    assert _run("age-keygen", "-o", str(key)).returncode == 0
    recipient = next(line.split(": ")[1] for line in key.read_text().splitlines()
                     if line.startswith("# public key"))
    out = tmp_path / "bundle.age"
    data = _export(filled, out, "--format", "age", "--recipient", recipient, "--include-originals")
    assert data["format"] == "age" and data["password"] is None
    tar = tmp_path / "bundle.tar"
    assert _run("age", "-d", "-i", str(key), "-o", str(tar), str(out)).returncode == 0
    listing = _run("tar", "-tf", str(tar)).stdout.split()
    assert "manifest.json" in listing and any(n.startswith("originals/") for n in listing)
    ok = spravka("verify-export", str(out), "--identity", str(key), "--json")
    assert ok.code == 0, ok.err


def test_panic_removes_recorded_exports(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.pdf"
    _export(filled, out)
    assert out.exists()
    assert spravka("panic", "--yes", vault=filled).code == 0
    assert not out.exists() and not filled.exists()


def test_export_refuses_to_overwrite_and_unknown_ids(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    out.write_bytes(b"keep me")
    res = spravka("export", "--out", str(out), "--passphrase-stdin", stdin=PASS + "\n", vault=filled)
    assert res.code == 13 and out.read_bytes() == b"keep me"
    res = spravka("export", "--out", str(tmp_path / "y.pdf"), "--documents", "99",
                  "--passphrase-stdin", stdin=PASS + "\n", vault=filled)
    assert res.code == 14 and not (tmp_path / "y.pdf").exists()
