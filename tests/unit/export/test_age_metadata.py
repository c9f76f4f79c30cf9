"""The age export carries no EXIF/GPS/author metadata unless originals are asked for."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pyrage
import pytest

from tests.corpus.make_corpus import jpeg_with_metadata, png
from tests.helpers import PASS, init_vault, spravka

MARKERS = (b"Exif\x00\x00", b"SpyCam", b"SecretSoft", b"Ivanov", b"secret comment")


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("agemeta") / "v"
    init_vault(root)
    src = root.parent / "src"
    src.mkdir()
    (src / "photo.jpg").write_bytes(jpeg_with_metadata())
    (src / "scan.png").write_bytes(png())
    assert spravka("import", str(src), "--passphrase-stdin", stdin=PASS + "\n", vault=root).code == 0
    return root


def _members(vault: Path, out: Path, *args: str) -> tuple[dict[str, bytes], str]:
    res = spravka("export", "--format", "age", "--out", str(out), *args, "--passphrase-stdin",
                  "--json", stdin=PASS + "\n", vault=vault, timeout=300)
    assert res.code == 0, res.err
    plain = pyrage.passphrase.decrypt(out.read_bytes(), res.json()["password"])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}, res.out  # type: ignore[union-attr]


def test_age_export_has_no_metadata_by_default(vault: Path, tmp_path: Path) -> None:
    members, _ = _members(vault, tmp_path / "b.age")
    assert not [n for n in members if n.startswith("originals/")]
    for name, data in members.items():
        for marker in MARKERS:
            assert marker not in data, f"{marker!r} in {name}"


def test_originals_on_request_are_byte_exact_and_say_so(vault: Path, tmp_path: Path) -> None:
    members, _ = _members(vault, tmp_path / "c.age", "--include-originals")
    originals = [data for name, data in members.items() if name.startswith("originals/")]
    assert jpeg_with_metadata() in originals
    res = spravka("export", "--format", "age", "--out", str(tmp_path / "d.age"), "--include-originals",
                  "--passphrase-stdin", stdin=PASS + "\n", vault=vault, timeout=300)
    assert res.code == 0 and "may carry metadata" in res.out
