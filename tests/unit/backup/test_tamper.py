"""A damaged, truncated or foreign backup, or a wrong secret, is refused and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, make_vault
from tests.unit.backup.conftest import Made, cli
from vault.backup.create import create_backup, inspect_backup, restore_backup
from vault.backup.format import KEYSLOT_LEN, RESERVE
from vault.core import Vault
from vault.errors import IntegrityError, VaultError, WrongPassphrase
from vault.storage.store import PAGE_SIZE


def _copy_with(made: Made, tmp_path: Path, offset: int) -> Path:
    data = bytearray(made.backup.read_bytes())
    data[offset % len(data)] ^= 0x01
    bad = tmp_path / f"flip{offset}.bin"
    bad.write_bytes(bytes(data))
    return bad


def _offsets(size: int) -> dict[str, int]:
    db_end = KEYSLOT_LEN + (size - KEYSLOT_LEN - 4096) // PAGE_SIZE * PAGE_SIZE
    return {
        "keyslot salt (copy 1)": 3,
        "keyslot slot (copy 2)": 1024 + 100,
        "db salt": KEYSLOT_LEN + 5,
        "db page 1 data": KEYSLOT_LEN + 4000,
        "db page 2 data": KEYSLOT_LEN + PAGE_SIZE + 12345,
        "db page 2 hmac": KEYSLOT_LEN + 2 * PAGE_SIZE - 10,
        "db last page iv": db_end - RESERVE + 1,
        "db middle": KEYSLOT_LEN + (db_end - KEYSLOT_LEN) // 2,
        "trailer nonce": db_end + 2,
        "trailer body": db_end + 2000,
        "trailer tag": size - 1,
    }


def test_flipped_byte_anywhere_is_refused_and_nothing_is_written(made: Made, tmp_path: Path) -> None:
    size = made.backup.stat().st_size
    for where, offset in _offsets(size).items():
        bad = _copy_with(made, tmp_path, offset)
        target = tmp_path / "restored" / where.replace(" ", "-")
        with pytest.raises(IntegrityError) as err:
            restore_backup(bad, target, PASS)
        message = str(err.value)
        assert "\n" not in message and ("damaged" in message or "tampered" in message), (where, message)
        assert not target.exists(), where
        leftovers = list((tmp_path / "restored").iterdir()) if (tmp_path / "restored").exists() else []
        assert leftovers == [], (where, leftovers)


def test_truncated_or_extended_backup_is_refused(made: Made, tmp_path: Path) -> None:
    data = made.backup.read_bytes()
    cases = {"last byte": data[:-1], "half": data[: len(data) // 2], "one page": data[:-PAGE_SIZE],
             "keyslot only": data[:KEYSLOT_LEN], "a page dropped": data[:KEYSLOT_LEN + PAGE_SIZE]
             + data[KEYSLOT_LEN + 2 * PAGE_SIZE :], "extra byte": data + b"\0", "empty": b""}
    for name, content in cases.items():
        bad = tmp_path / "bad.bin"
        bad.write_bytes(content)
        with pytest.raises(IntegrityError):
            restore_backup(bad, tmp_path / "t", PASS)
        assert not (tmp_path / "t").exists(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.bin"]


def test_wrong_passphrase_and_duress_passphrase_are_refused(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.set_duress("duress words")
    create_backup(vault, tmp_path / "b.bin")
    vault.lock()
    for secret in ("not it", "duress words"):
        with pytest.raises(WrongPassphrase):
            restore_backup(tmp_path / "b.bin", tmp_path / "t", secret)
        with pytest.raises(WrongPassphrase):
            inspect_backup(tmp_path / "b.bin", secret)
        assert not (tmp_path / "t").exists()
    assert (tmp_path / "v" / "d").exists(), "a duress secret on a backup must not touch the vault"


def test_restore_refuses_a_non_empty_target_and_leaves_it_alone(made: Made, tmp_path: Path) -> None:
    target = tmp_path / "existing"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(VaultError, match="not empty"):
        restore_backup(made.backup, target, PASS)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    file_target = tmp_path / "a-file"
    file_target.write_text("x")
    with pytest.raises(VaultError):
        restore_backup(made.backup, file_target, PASS)
    empty = tmp_path / "empty"
    empty.mkdir()
    restore_backup(made.backup, empty, PASS)
    assert sorted(p.name for p in empty.iterdir()) == ["d", "k"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "empty", "existing"]


def test_cli_reports_a_damaged_backup_in_one_line(made: Made, tmp_path: Path) -> None:
    bad = _copy_with(made, tmp_path, KEYSLOT_LEN + PAGE_SIZE + 77)
    res = cli("restore", str(bad), "--vault", str(tmp_path / "t"), "--passphrase-stdin",
              stdin=PASS + "\n")
    assert res.code == IntegrityError.exit_code, res.err
    assert res.err.startswith("spravka: ") and res.err.count("\n") == 1 and res.out == ""
    assert not (tmp_path / "t").exists()
    wrong = cli("restore", str(made.backup), "--vault", str(tmp_path / "t"), "--passphrase-stdin",
                stdin="nope\n")
    assert wrong.code == WrongPassphrase.exit_code and not (tmp_path / "t").exists()


def test_kill_during_backup_leaves_only_ciphertext(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    out = tmp_path / "out"
    out.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root),
               SPRAVKA_FAULT="backup-before-rename")
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", "backup", "--out",
                           str(out / "b.bin"), "--passphrase-stdin"], input=PASS + "\n", env=env,
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == -9
    left = list(out.iterdir())
    assert left and not (out / "b.bin").exists()
    for path in left:
        data = path.read_bytes()
        assert b"SQLite format 3" not in data and len(zlib.compress(data)) > 0.99 * len(data)
    Vault.open(root, PASS, floor_s=0).lock()
