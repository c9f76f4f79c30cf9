"""Where the key is looked for, in which order, and how a half-finished move resolves."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault
from vault.errors import KeyslotError
from vault.keys.location import (
    NOT_HERE,
    locate,
    media_mounts,
    pending_name,
    reachable_copies,
)


@pytest.fixture
def detached(tmp_path: Path) -> tuple[Path, Path]:
    drive = tmp_path / "media" / "user" / "STICK"
    drive.mkdir(parents=True)
    make_vault(tmp_path / "v", key_dir=drive).lock()
    return tmp_path / "v", drive


def test_create_with_key_dir_puts_only_the_database_in_the_vault_folder(
        detached: tuple[Path, Path]) -> None:
    root, drive = detached
    assert sorted(p.name for p in root.iterdir()) == ["d"]
    assert sorted(p.name for p in drive.iterdir()) == ["k"]
    assert (drive / "k").stat().st_size == 2048


def test_search_order_explicit_env_vault_media(detached: tuple[Path, Path], tmp_path: Path) -> None:
    root, drive = detached
    with pytest.raises(KeyslotError, match="insert the drive"):
        locate(root, media=[])
    assert locate(root, key_dir=drive, media=[]).path == drive / "k"
    assert locate(root, env={"SPRAVKA_KEY_DIR": str(drive)}, media=[]).path == drive / "k"
    found = locate(root, env={}, media=[tmp_path / "media" / "user" / "other", drive])
    assert found.path == drive / "k" and found.kind == "drive"
    assert found.to_json()["key_location"] == "drive"


def test_configurable_name_on_the_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drive = tmp_path / "stick"
    drive.mkdir()
    monkeypatch.setenv("SPRAVKA_KEY_NAME", "IMG_0412.dat")
    make_vault(tmp_path / "v", key_dir=drive).lock()
    assert [p.name for p in drive.iterdir()] == ["IMG_0412.dat"]
    assert locate(tmp_path / "v", media=[drive]).path == drive / "IMG_0412.dat"
    monkeypatch.delenv("SPRAVKA_KEY_NAME")
    with pytest.raises(KeyslotError):
        locate(tmp_path / "v", media=[drive])  # default name "k" is not there


def test_pending_copy_counts_only_when_no_finished_copy_exists(detached: tuple[Path, Path]) -> None:
    root, drive = detached
    data = (drive / "k").read_bytes()
    (root / pending_name("k")).write_bytes(data)
    found = locate(root, key_dir=drive, media=[])
    assert found.path == drive / "k" and not found.pending
    assert found.stale == (root / ".k.new",)  # tidied after the unlock
    (drive / "k").unlink()
    found = locate(root, key_dir=drive, media=[])
    assert found.pending and found.final_path == root / "k" and found.kind == "vault"


def test_damaged_key_is_reported_when_no_good_copy_exists(detached: tuple[Path, Path]) -> None:
    root, drive = detached
    (drive / "k").write_bytes(os.urandom(2048))
    with pytest.raises(KeyslotError, match="damaged"):
        locate(root, key_dir=drive, media=[])


def test_missing_everywhere_is_one_line_exit_4(tmp_path: Path) -> None:
    with pytest.raises(KeyslotError) as err:
        locate(tmp_path, media=[])
    assert str(err.value) == NOT_HERE and err.value.exit_code == 4 and "\n" not in NOT_HERE


def test_reachable_copies_take_same_vault_only(detached: tuple[Path, Path], tmp_path: Path) -> None:
    root, drive = detached
    spare = tmp_path / "spare"
    spare.mkdir()
    (spare / "k").write_bytes((drive / "k").read_bytes())
    other = tmp_path / "other-drive"
    other.mkdir()
    make_vault(tmp_path / "v2", key_dir=other).lock()
    found = reachable_copies(root, key_dir=drive, media=[spare, other])
    assert found == [drive / "k", spare / "k"]


def test_media_mounts_follow_the_platform_patterns() -> None:
    assert all(str(p).startswith(("/media/", "/run/media/")) for p in media_mounts("linux"))
    assert all(str(p).startswith("/Volumes/") for p in media_mounts("darwin"))


def test_open_through_a_pending_copy_finishes_the_move(detached: tuple[Path, Path]) -> None:
    from vault.core import Vault

    root, drive = detached
    os.replace(drive / "k", root / ".k.new")  # a move to the vault killed after the erase
    vault = Vault.open(root, PASS, key_dir=drive)
    vault.lock()
    assert sorted(p.name for p in root.iterdir()) == ["d", "k"]
