"""The key on a drive through the CLI: init --key-dir, opening without the drive,
SPRAVKA_KEY_DIR, key move both ways, key copy, restore --key-dir, panic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import PASS, spravka
from vault.keys.location import NOT_HERE


@pytest.fixture
def detached(tmp_path: Path) -> tuple[Path, Path, str]:
    """A vault whose key lives on a 'drive' directory; returns (vault, drive, recovery key)."""
    drive = tmp_path / "drive"
    drive.mkdir()
    root = tmp_path / "v"
    res = spravka("init", "--key-dir", str(drive), "--passphrase-stdin", "--insecure-test-kdf",
                  "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    assert res.json()["key_path"] == str(drive / "k")
    return root, drive, res.json()["recovery_key"]


def _info(root: Path, *args: str, secret: str = PASS, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return spravka("info", *args, "--passphrase-stdin", "--json", stdin=secret + "\n", vault=root,
                   env=env)


def test_init_key_dir_leaves_no_keyslot_file_in_the_vault_folder(
        detached: tuple[Path, Path, str]) -> None:
    root, drive, _rk = detached
    assert sorted(p.name for p in root.iterdir()) == ["d"]
    assert sorted(p.name for p in drive.iterdir()) == ["k"]


@pytest.mark.parametrize("which", ["passphrase", "recovery key"])
def test_opening_without_the_drive_exit_4_one_line(detached: tuple[Path, Path, str],
                                                   which: str) -> None:
    root, _drive, recovery = detached
    res = _info(root, secret=PASS if which == "passphrase" else recovery)
    assert res.code == 4 and res.out == ""
    assert res.err == f"spravka: {NOT_HERE}\n"


def test_key_dir_option_and_env_open_it(detached: tuple[Path, Path, str]) -> None:
    root, drive, recovery = detached
    res = _info(root, "--key-dir", str(drive))
    assert res.code == 0, res.err
    assert res.json()["key_location"] == "drive" and res.json()["key_path"] == str(drive / "k")
    res = spravka("--key-dir", str(drive), "info", "--passphrase-stdin", "--json",
                  stdin=PASS + "\n", vault=root)  # also before the subcommand (as for the TUI)
    assert res.code == 0 and res.json()["key_location"] == "drive", res.err
    res = _info(root, secret=recovery, env={"SPRAVKA_KEY_DIR": str(drive)})
    assert res.code == 0, res.err
    assert res.json()["key_mount"]  # the mount point that holds the drive directory


def test_key_move_both_ways(detached: tuple[Path, Path, str]) -> None:
    root, drive, _rk = detached
    res = spravka("key", "move", "--to", "vault", "--key-dir", str(drive), "--passphrase-stdin",
                  "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    assert res.json() == {"key_location": "vault", "key_mount": None, "key_path": str(root / "k")}
    assert sorted(p.name for p in drive.iterdir()) == []
    assert sorted(p.name for p in root.iterdir()) == ["d", "k"]
    assert _info(root).json()["key_location"] == "vault"

    res = spravka("key", "move", "--to", str(drive), "--passphrase-stdin", "--json",
                  stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    assert res.json()["key_location"] == "drive"
    assert sorted(p.name for p in root.iterdir()) == ["d"]
    assert sorted(p.name for p in drive.iterdir()) == ["k"]
    assert _info(root).code == 4
    assert _info(root, "--key-dir", str(drive)).code == 0


def test_key_move_refuses_to_overwrite_and_bad_targets(detached: tuple[Path, Path, str],
                                                       tmp_path: Path) -> None:
    root, drive, _rk = detached
    res = spravka("key", "move", "--to", str(tmp_path / "absent"), "--key-dir", str(drive),
                  "--passphrase-stdin", stdin=PASS + "\n", vault=root)
    assert res.code == 9 and "mount the drive first" in res.err
    other = tmp_path / "other"
    other.mkdir()
    (other / "k").write_bytes(b"someone else's file")
    res = spravka("key", "move", "--to", str(other), "--key-dir", str(drive),
                  "--passphrase-stdin", stdin=PASS + "\n", vault=root)
    assert res.code == 9 and "already exists" in res.err
    assert (other / "k").read_bytes() == b"someone else's file"
    assert _info(root, "--key-dir", str(drive)).code == 0


def test_key_copy_records_the_spare(detached: tuple[Path, Path, str], tmp_path: Path) -> None:
    root, drive, _rk = detached
    spare_dir = tmp_path / "spare"
    spare_dir.mkdir()
    res = spravka("key", "copy", "--to", str(spare_dir), "--key-dir", str(drive),
                  "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    assert (spare_dir / "k").read_bytes() == (drive / "k").read_bytes()
    res = spravka("key", "status", "--key-dir", str(drive), "--passphrase-stdin", "--json",
                  stdin=PASS + "\n", vault=root)
    data = res.json()
    assert data["copies"] == 2 and len(data["spares"]) == 1
    spare = data["spares"][0]
    assert spare["path"] == str(spare_dir / "k") and spare["reachable"] is True
    assert len(spare["made"]) == 10  # an ISO date
    assert _info(root, "--key-dir", str(spare_dir)).code == 0  # a spare opens the vault


def test_panic_destroys_every_reachable_copy(detached: tuple[Path, Path, str]) -> None:
    root, drive, _rk = detached
    res = spravka("panic", "--yes", "--json", "--key-dir", str(drive), vault=root)
    assert res.code == 0, res.err
    data = res.json()
    assert data["keyslots_destroyed"] is True and data["key_absent"] is False
    assert str(drive / "k") in data["destroyed"] and str(root / "d") in data["destroyed"]
    assert not root.exists() and list(drive.iterdir()) == []  # overwrite: tests/proof


def test_panic_without_the_drive_deletes_the_database_and_says_so(
        detached: tuple[Path, Path, str]) -> None:
    root, drive, _rk = detached
    res = spravka("panic", "--yes", vault=root)
    assert res.code == 0 and res.out == ""
    assert "key on the drive no longer opens anything" in res.err
    assert not root.exists() and (drive / "k").exists()
    res = _info(root, "--key-dir", str(drive))
    assert res.code == 8  # nothing left that the drive's key could open


def test_panic_without_the_drive_json_lists_what_was_destroyed(
        detached: tuple[Path, Path, str]) -> None:
    root, _drive, _rk = detached
    res = spravka("panic", "--yes", "--json", vault=root)
    data = res.json()
    assert res.code == 0 and data["key_absent"] is True and data["keyslots_destroyed"] is False
    assert data["destroyed"] == [str(root / "d")]
    assert "no longer opens anything" in data["note"]


def test_duress_works_with_the_key_on_a_drive(detached: tuple[Path, Path, str]) -> None:
    root, drive, _rk = detached
    res = spravka("duress", "set", "--key-dir", str(drive), "--passphrase-stdin",
                  stdin=f"{PASS}\nduress phrase 123\n", vault=root)
    assert res.code == 0, res.err
    res = _info(root, "--key-dir", str(drive), secret="duress phrase 123")
    assert res.code == 0 and res.json()["documents"] == 0
    assert _info(root, "--key-dir", str(drive)).code == 3  # the real vault is gone
    assert sorted(p.name for p in root.iterdir()) == ["d"]  # the new key stayed on the drive


def test_restore_with_key_dir_puts_the_key_on_the_drive(detached: tuple[Path, Path, str],
                                                        tmp_path: Path) -> None:
    root, drive, _rk = detached
    bak = tmp_path / "vault.bak"
    res = spravka("backup", "--out", str(bak), "--key-dir", str(drive), "--passphrase-stdin",
                  stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    drive2 = tmp_path / "drive2"
    drive2.mkdir()
    target = tmp_path / "restored"
    res = spravka("restore", str(bak), "--vault", str(target), "--key-dir", str(drive2),
                  "--passphrase-stdin", "--json", stdin=PASS + "\n")
    assert res.code == 0, res.err
    assert res.json()["key_location"] == "drive"
    assert sorted(p.name for p in target.iterdir()) == ["d"]
    assert _info(target, "--key-dir", str(drive2)).code == 0


def test_init_puts_the_key_in_spravka_key_dir(tmp_path: Path) -> None:
    drive = tmp_path / "drive"
    drive.mkdir()
    env = {"SPRAVKA_KEY_DIR": str(drive)}
    res = spravka("init", "--passphrase-stdin", "--insecure-test-kdf", "--json",
                  stdin=PASS + "\n", vault=tmp_path / "v", env=env)
    assert res.code == 0, res.err
    assert sorted(p.name for p in (tmp_path / "v").iterdir()) == ["d"]
    assert _info(tmp_path / "v", env=env).json()["key_location"] == "drive"


def test_empty_key_dir_is_a_usage_error_not_the_current_directory(tmp_path: Path) -> None:
    res = spravka("init", "--key-dir", "", "--passphrase-stdin", "--insecure-test-kdf",
                  stdin=PASS + "\n", vault=tmp_path / "v")
    assert res.code == 2 and "--key-dir" in res.err
    assert not (tmp_path / "v").exists()
