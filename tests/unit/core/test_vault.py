"""Vault lifecycle on a real SQLCipher file: no mocks of crypto or DB."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, make_vault
from vault.core import Vault
from vault.errors import (
    DatabaseDamaged,
    KeyslotError,
    VaultError,
    VaultLocked,
    WrongPassphrase,
)
from vault.storage.models import Setting
from vault.verify import verify_vault


def _put(vault: Vault, key: str, value: str) -> None:
    with vault.session() as s:
        s.merge(Setting(key=key, value=value))


def _get(vault: Vault, key: str) -> str | None:
    with vault.session() as s:
        row = s.get(Setting, key)
        return row.value if row else None


def test_round_trip_create_lock_unlock(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    _put(vault, "canary", "данные")
    vault.lock()
    assert not vault.is_open
    with Vault.open(tmp_path / "v", PASS) as again:
        assert _get(again, "canary") == "данные"


def test_wrong_passphrase_same_message_with_or_without_slot(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.add_passphrase("second one")
    vault.lock()
    messages = set()
    for guess in ("nope", "second on", "correct horse battery stapl"):
        with pytest.raises(WrongPassphrase) as err:
            Vault.open(tmp_path / "v", guess)
        messages.add(str(err.value))
    assert messages == {"wrong passphrase or recovery key"}
    Vault.open(tmp_path / "v", "second one").lock()


def test_recovery_key_unlocks_and_can_be_replaced(tmp_path: Path) -> None:
    from vault.keys.kdf import TEST_PARAMS

    vault, text = Vault.create(tmp_path / "v", PASS, params=TEST_PARAMS)
    assert text and len(text.replace("-", "")) == 54
    new_text = vault.new_recovery_key()
    vault.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "v", text)
    Vault.open(tmp_path / "v", new_text.lower()).lock()  # case-insensitive, hand-typed


def test_passphrase_change_keeps_data(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    _put(vault, "k", "v")
    vault.change_passphrase(PASS, "новая фраза")
    vault.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "v", PASS)
    with Vault.open(tmp_path / "v", "новая фраза") as again:
        assert _get(again, "k") == "v"
        assert verify_vault(again).ok


def test_remove_passphrase(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    with pytest.raises(VaultError, match="only passphrase"):
        vault.remove_passphrase(PASS)
    vault.add_passphrase("other")
    vault.remove_passphrase(PASS)
    vault.lock()
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "v", PASS)


def test_flipped_byte_in_database_is_detected(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    _put(vault, "filler", "x" * 200_000)
    vault.lock()
    db = tmp_path / "v" / "d"
    size = db.stat().st_size
    for offset in (100, size // 2, size - 10):
        data = bytearray(db.read_bytes())
        data[offset] ^= 0x01
        db.write_bytes(bytes(data))
        try:
            with Vault.open(tmp_path / "v", PASS) as again:
                assert not verify_vault(again).ok
        except DatabaseDamaged:
            pass
        data[offset] ^= 0x01
        db.write_bytes(bytes(data))
    with Vault.open(tmp_path / "v", PASS) as again:
        assert verify_vault(again).ok


def test_missing_keyslot_file(tmp_path: Path) -> None:
    make_vault(tmp_path / "v").lock()
    (tmp_path / "v" / "k").unlink()
    with pytest.raises(KeyslotError, match="missing"):
        Vault.open(tmp_path / "v", PASS)


def test_failed_open_writes_nothing(tmp_path: Path) -> None:
    make_vault(tmp_path / "v").lock()
    before = {p.name: p.read_bytes() for p in (tmp_path / "v").iterdir()}
    with pytest.raises(WrongPassphrase):
        Vault.open(tmp_path / "v", "wrong")
    assert {p.name: p.read_bytes() for p in (tmp_path / "v").iterdir()} == before


def test_second_process_refused(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    code = (
        "import sys; from vault.core import Vault\n"
        "from vault.errors import VaultLocked\n"
        "try:\n    Vault.open(sys.argv[1], sys.argv[2])\n"
        "except VaultLocked:\n    sys.exit(42)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "v"), PASS],
                          cwd=ROOT, capture_output=True, timeout=60)
    assert proc.returncode == 42, proc.stderr
    with pytest.raises(VaultLocked):
        Vault.open(tmp_path / "v", PASS)
    vault.lock()
    Vault.open(tmp_path / "v", PASS).lock()


def _entropy(data: bytes) -> float:
    counts = Counter(data)
    return -sum(c / len(data) * math.log2(c / len(data)) for c in counts.values())


KNOWN = [b"SQLite format 3", b"argon2", b"spravka", b"keyslots", b"\x00" * 64, b"documents",
         b"CREATE TABLE", "данные".encode()]


def test_vault_files_look_random(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    _put(vault, "canary", "данные " * 2000)
    vault.lock()
    files = sorted((tmp_path / "v").iterdir())
    assert [p.name for p in files] == ["d", "k"]
    for path in files:
        data = path.read_bytes()
        # Empirical entropy of n random bytes is about 8 - 255 / (2 n ln 2).
        assert _entropy(data) > 8 - 400 / len(data) - 0.02, path.name
        assert len(zlib.compress(data, 9)) >= len(data), path.name
        for needle in KNOWN:
            assert needle not in data, (path.name, needle)
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "v").stat().st_mode & 0o777) == "0o700"


def test_create_refuses_non_empty_dir(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "x").write_text("x")
    with pytest.raises(VaultError, match="not empty"):
        make_vault(tmp_path / "v")


def test_locked_vault_refuses_work(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    with pytest.raises(VaultError, match="locked"), vault.session():
        pass
    assert os.listdir(tmp_path / "v")
