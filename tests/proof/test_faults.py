"""Proof: disk full, a read-only vault and permission errors give one clear line and lose nothing.

Each case runs the real CLI in a subprocess against a vault on a small
filesystem (tmpfs for space and read-only, a loop-mounted ext4 for
``chattr +i``, since root ignores file modes). After every fault: the error is
one line on stderr (no traceback) with the documented exit code, ``verify``
passes, every document imported before still has its hash, and no ``.tmp`` /
``.partial`` / journal file is left behind.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.proof import kit
from tests.proof.figures import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]

EXIT_NO_SPACE = 7


def one_line(res: kit.Result) -> str:
    err = res.err.strip()
    assert res.code != 0, res
    assert "Traceback" not in res.err and len(err.splitlines()) == 1, res.err
    assert err.startswith("spravka: "), err
    return err


class Case:
    def __init__(self, tmp_path: Path, vault: Path) -> None:
        self.vault, self.cwd = vault, tmp_path
        self.env = kit.child_env()
        self.src = tmp_path / "src"
        self.src.mkdir(exist_ok=True)

    def run(self, *args: str, stdin: str = kit.PASS + "\n") -> kit.Result:
        return kit.cli(*args, "--passphrase-stdin", "--json", vault=self.vault, env=self.env,
                       cwd=self.cwd, stdin=stdin)

    def setup(self, n: int = 2) -> dict[int, str]:
        kit.ok(self.run("init", "--insecure-test-kdf"), "init")
        hashes = {}
        for i in range(n):
            path = self.src / f"small{i}.png"
            path.write_bytes(kit.png_with_canary(f"doc {i}", shade=30 + i))
            [item] = kit.ok(self.run("import", str(path)), "import")
            hashes[item["document_id"]] = hashlib.sha256(path.read_bytes()).hexdigest()
        return hashes

    def big(self, name: str, mb: int) -> Path:
        """An incompressible PNG of about ``mb`` MB (random pixels, no compression)."""
        from PIL import Image

        side = int((mb * 1_000_000 / 3) ** 0.5)
        path = self.src / name
        Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(path, compress_level=0)
        return path

    def intact(self, hashes: dict[int, str]) -> None:
        report = kit.ok(self.run("verify"), "verify")
        assert report["ok"] and report["bad_documents"] == [], report
        docs = {d["id"]: d["sha256"] for d in kit.ok(self.run("docs"), "docs")}
        assert docs == hashes, (docs, hashes)
        leftovers = [p.name for p in self.vault.iterdir() if p.name not in ("k", "d", "x")]
        assert leftovers == [], f"partial files left in the vault: {leftovers}"


def test_disk_full_during_import_and_export(tmp_path: Path) -> None:
    if not kit.is_root():
        pytest.skip("needs root to mount tmpfs")
    with kit.tmpfs_mount(tmp_path / "small", "12m") as fs, kit.tmpfs_mount(tmp_path / "tiny", "256k") as out:
        case = Case(tmp_path, fs / "vault")
        hashes = case.setup()
        big = case.big("big.png", 14)  # larger than the space left
        res = case.run("import", str(big))
        err_import = one_line(res)
        assert res.code == EXIT_NO_SPACE and "no space left" in err_import, (res.code, err_import)
        case.intact(hashes)
        # the vault still accepts a file that fits
        small = case.src / "after.png"
        small.write_bytes(kit.png_with_canary("after", shade=200))
        [item] = kit.ok(case.run("import", str(small)), "import after full")
        hashes[item["document_id"]] = hashlib.sha256(small.read_bytes()).hexdigest()

        # export onto a full filesystem
        filler = out / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k", "count=1000"],
                       capture_output=True, check=False)  # fills the 256k tmpfs (dd stops at ENOSPC)
        res = case.run("export", "--format", "pdf", "--out", str(out / "bundle.pdf"))
        err_export = one_line(res)
        assert res.code == EXIT_NO_SPACE and "no space left" in err_export, (res.code, err_export)
        assert sorted(p.name for p in out.iterdir()) == ["filler"], list(out.iterdir())
        case.intact(hashes)
    record("faults_disk_full", {"import": err_import, "export": err_export})


def test_read_only_vault(tmp_path: Path) -> None:
    if not kit.is_root():
        pytest.skip("needs root to mount tmpfs")
    with kit.tmpfs_mount(tmp_path / "fs", "16m") as fs:
        case = Case(tmp_path, fs / "vault")
        hashes = case.setup()
        subprocess.run(["mount", "-o", "remount,ro", str(fs)], check=True)
        small = case.src / "ro.png"
        small.write_bytes(kit.png_with_canary("ro", shade=99))
        res = case.run("import", str(small))
        err = one_line(res)
        assert "read-only" in err, err
        res_edit = case.run("doc", "set", str(min(hashes)), "notes=x")
        err_edit = one_line(res_edit)
        assert "read-only" in err_edit, err_edit
        subprocess.run(["mount", "-o", "remount,rw", str(fs)], check=True)
        case.intact(hashes)
    record("faults_read_only", {"import": err, "doc_set": err_edit})


def test_permission_denied_immutable_files(tmp_path: Path) -> None:
    if not kit.is_root():
        pytest.skip("needs root to mount an ext4 image")
    try:
        ctx = kit.loop_mount(tmp_path / "img", tmp_path / "mnt", 32, sync=False)
        base = ctx.__enter__()
    except OSError as exc:
        pytest.skip(f"no loop device for an ext4 image, so no chattr +i: {exc}")
    keyslots = base / "vault" / "k"
    vault_dir = base / "vault"
    try:
        case = Case(tmp_path, vault_dir)
        hashes = case.setup()
        before = keyslots.read_bytes()
        subprocess.run(["chattr", "+i", str(keyslots)], check=True)
        try:
            res = case.run("passwd", stdin=f"{kit.PASS}\nanother passphrase 123\n")
            err_passwd = one_line(res)
            assert "permission denied" in err_passwd, err_passwd
        finally:
            subprocess.run(["chattr", "-i", str(keyslots)], check=False)
        assert keyslots.read_bytes() == before
        subprocess.run(["chattr", "+i", str(vault_dir)], check=True)
        try:
            small = case.src / "perm.png"
            small.write_bytes(kit.png_with_canary("perm", shade=77))
            res = case.run("import", str(small))
            err_import = one_line(res)
            assert "permission denied" in err_import, err_import
        finally:
            subprocess.run(["chattr", "-i", str(vault_dir)], check=False)
        case.intact(hashes)  # the old passphrase still opens it, nothing lost
    finally:
        ctx.__exit__(None, None, None)
    record("faults_permission", {"passwd": err_passwd, "import": err_import})
