"""Moving the key of an open vault, spares in the encrypted settings, refusals."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault
from vault.core import Vault
from vault.errors import InvalidInput, KeyslotError
from vault.keyplace.moving import copy_key, key_status, move_key
from vault.keyplace.spares import list_spares


def test_move_there_and_back_keeps_the_vault_open_and_openable(tmp_path: Path) -> None:
    root, drive = tmp_path / "v", tmp_path / "drive"
    drive.mkdir()
    vault = make_vault(root)
    where = move_key(vault, drive)
    assert where.kind == "drive" and vault.paths.keyslots == drive / "k"
    vault.change_passphrase(PASS, "changed on the drive")  # writes go to the drive's copy
    vault.lock()
    assert sorted(p.name for p in root.iterdir()) == ["d"]
    with pytest.raises(KeyslotError):
        Vault.open(root, "changed on the drive")
    vault = Vault.open(root, "changed on the drive", key_dir=drive)
    assert move_key(vault, "vault").kind == "vault"
    vault.lock()
    assert list(drive.iterdir()) == []
    Vault.open(root, "changed on the drive").lock()


def test_spares_are_recorded_encrypted_with_place_and_date(tmp_path: Path) -> None:
    root, spare = tmp_path / "v", tmp_path / "spare"
    spare.mkdir()
    vault = make_vault(root)
    made = copy_key(vault, spare, today=date(2026, 3, 12))
    assert made.made == "2026-03-12" and made.path == str(spare / "k")
    status = key_status(vault)
    assert status["copies"] == 2 and status["spares"][0]["reachable"] is True
    (spare / "k").unlink()
    assert list_spares(vault)[0].reachable is False
    vault.lock()
    assert str(spare).encode() not in (root / "d").read_bytes()  # the list is inside SQLCipher


def test_refuses_missing_dirs_existing_files_and_the_same_place(tmp_path: Path) -> None:
    root, other = tmp_path / "v", tmp_path / "other"
    other.mkdir()
    (other / "k").write_bytes(b"not ours")
    vault = make_vault(root)
    try:
        with pytest.raises(InvalidInput, match="mount the drive"):
            move_key(vault, tmp_path / "absent")
        with pytest.raises(InvalidInput, match="already exists"):
            move_key(vault, other)
        with pytest.raises(InvalidInput, match="already at"):
            move_key(vault, "vault")
        for empty in ("", "  "):  # never "the current directory"
            with pytest.raises(InvalidInput, match="give the directory"):
                move_key(vault, empty)
            with pytest.raises(InvalidInput, match="give the directory"):
                copy_key(vault, empty)  # type: ignore[arg-type]
        assert (other / "k").read_bytes() == b"not ours" and (root / "k").exists()
    finally:
        vault.lock()
