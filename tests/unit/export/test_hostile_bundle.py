"""``verify-export`` on hostile bundles: an inflate bomb is refused in bounded memory, an age
header asking for huge scrypt work is refused before any work."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest

from tests.helpers import ROOT
from tests.unit.export import factories as f
from vault.errors import IntegrityError, WrongPassphrase
from vault.export import export_pdf, verify_export
from vault.export.bounded import MAX_DECODED, decoded_sha

BOMB = 1 << 30  # 1 GiB of zeros in about 1 MB of Flate data
RSS_LIMIT_MB = 300


def _bomb_data(size: int) -> bytes:
    packer = zlib.compressobj(9)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def _plant_bomb(root: Path, where: str) -> tuple[Path, str]:
    """A real bundle whose last page now draws from a 1 GiB inflate bomb, as its content
    stream or as its image."""
    good = root / f"good-{where}.pdf"
    res = export_pdf(f.sample_items()[:1], f.cover(), good, signing_key=f.KEY, audit=f.AUDIT)
    assert res.password
    out = root / f"bomb-{where}.pdf"
    with pikepdf.open(good, password=res.password) as pdf:
        bomb = pikepdf.Stream(pdf, _bomb_data(BOMB))
        bomb.Filter = pikepdf.Name.FlateDecode
        page = pdf.pages[-1].obj
        if where == "contents":
            page.Contents = bomb
        else:
            bomb.Type, bomb.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
            bomb.Width, bomb.Height, bomb.BitsPerComponent = 32768, 32768, 8
            bomb.ColorSpace = pikepdf.Name.DeviceGray
            page.Resources.XObject.Im0 = bomb
        pdf.save(out, encryption=pikepdf.Encryption(owner=res.password, user=res.password, R=6))
    return out, res.password


@pytest.fixture(scope="module")
def bomb_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _plant_bomb(tmp_path_factory.mktemp("bomb"), "contents")


@pytest.mark.parametrize("where", ["contents", "image"])
def test_inflate_bomb_is_refused_under_300_mb(bomb_bundle: tuple[Path, str], tmp_path: Path,
                                              where: str) -> None:
    path, password = bomb_bundle if where == "contents" else _plant_bomb(tmp_path, where)
    probe = ("import resource, subprocess, sys;"
             "p = subprocess.run(sys.argv[1:], input=sys.stdin.read(), text=True, capture_output=True);"
             "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024);"
             "print(p.stderr)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "vault.cli.main", "verify-export",
         str(path), "--password-stdin"], input=password + "\n", capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=300, check=True)
    code, peak_mb = (int(v) for v in run.stdout.split("\n")[0].split())
    assert code == 11, run.stdout
    assert peak_mb < RSS_LIMIT_MB, f"peak RSS {peak_mb} MB"


def test_bounded_decoder_matches_qpdf_and_caps(bomb_bundle: tuple[Path, str]) -> None:
    path, password = bomb_bundle
    with pikepdf.open(path, password=password) as pdf:
        cover = next(o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                     and o.get("/Filter") == pikepdf.Name.FlateDecode and o.get("/Length", 0) < 1 << 20)
        assert decoded_sha(cover) == hashlib.sha256(cover.read_bytes()).digest()
        with pytest.raises(ValueError, match="size limit"):
            decoded_sha(pdf.pages[-1].obj.Contents)
    assert BOMB > MAX_DECODED


def _age_with_scrypt(log_n: int, path: Path) -> Path:
    salt = base64.b64encode(os.urandom(16)).decode().rstrip("=")
    body = base64.b64encode(os.urandom(32)).decode().rstrip("=")
    header = f"age-encryption.org/v1\n-> scrypt {salt} {log_n}\n{body}\n--- {body[:43]}\n"
    path.write_bytes(header.encode() + os.urandom(64))
    return path


def test_age_scrypt_work_factor_above_20_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IntegrityError, match="scrypt"):
        verify_export(_age_with_scrypt(40, tmp_path / "work-bomb.age"), password="anything")
    with pytest.raises((IntegrityError, WrongPassphrase)) as caught:  # 18 passes the header check
        verify_export(_age_with_scrypt(18, tmp_path / "normal.age"), password="anything")
    assert "scrypt" not in str(caught.value)
