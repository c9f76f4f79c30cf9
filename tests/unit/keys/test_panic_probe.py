"""The panic's key search without the key format's crypto (vault/keys/probe.py, layout.py,
issue 18): the same copies as the full parse, from the salt and the checksum alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import make_vault
from vault.keys import keyslots, layout
from vault.keys.probe import reachable_copies


def test_layout_numbers_are_the_key_formats_own() -> None:
    assert (layout.SALT_LEN, layout.COPY_SIZE, layout.FILE_SIZE, layout.CHECKSUM_START) == (
        keyslots.SALT_LEN, keyslots.COPY_SIZE, keyslots.FILE_SIZE, keyslots.CHECKSUM_START)


def _key(tmp_path: Path) -> bytes:
    make_vault(tmp_path / "v").lock()
    return (tmp_path / "v" / "k").read_bytes()


def test_the_first_copy_gives_the_salt_the_full_parse_gives(tmp_path: Path) -> None:
    data = _key(tmp_path)
    assert layout.first_copy_salt(data) == keyslots.decode(data).salt
    assert layout.first_copy_salt(data[: layout.COPY_SIZE]) == keyslots.decode(data).salt


@pytest.mark.parametrize("damage", [
    lambda d: d[: layout.COPY_SIZE - 1],  # too short for one copy
    lambda d: d + b"\0",  # longer than the file
    lambda d: bytes([d[0] ^ 1]) + d[1:],  # the salt no longer matches the checksum
    lambda d: d[: layout.CHECKSUM_START] + bytes([d[layout.CHECKSUM_START] ^ 1]) + d[layout.CHECKSUM_START + 1:],
])
def test_a_first_copy_that_fails_its_checksum_gives_no_salt(tmp_path: Path, damage: object) -> None:
    assert layout.first_copy_salt(damage(_key(tmp_path))) is None  # type: ignore[operator]


def test_a_damaged_first_copy_falls_back_to_the_second(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    data = (root / "k").read_bytes()
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / "k").write_bytes(bytes(32) + data[32:])  # first copy broken, second intact
    other = tmp_path / "other"
    other.mkdir()
    make_vault(tmp_path / "v2", key_dir=other).lock()
    assert reachable_copies(root, media=[drive, other], env={}) == [root / "k", drive / "k"]


def test_an_unreadable_drive_file_is_left_and_the_vault_folders_own_is_taken(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    good = (root / "k").read_bytes()
    (root / "k").write_bytes(b"junk")  # the vault folder's own file: destroyed whatever it holds
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / "k").write_bytes(good)
    junk = tmp_path / "junk"
    (junk / "k").mkdir(parents=True)  # a directory under the key's name: not a copy
    assert reachable_copies(root, media=[junk, drive], env={}) == [root / "k", drive / "k"]


def test_media_mounts_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.keys import probe

    monkeypatch.setattr(probe.glob, "glob", lambda pattern: [pattern.replace("*", x) for x in "bfa"])
    monkeypatch.setattr(probe.os.path, "isdir", lambda p: not p.endswith("f"))  # f: a file
    assert probe.media_mounts("linux") == [Path("/media/a/a"), Path("/media/b/b"),
                                           Path("/run/media/a/a"), Path("/run/media/b/b")]
    assert probe.media_mounts("darwin") == [Path("/Volumes/a"), Path("/Volumes/b")]
    monkeypatch.setattr(probe.os.path, "exists", lambda p: p in ("C:\\", "D:\\", "Z:\\"))
    assert probe.media_mounts("win32") == [Path("D:\\"), Path("Z:\\")]  # C: is the system disk


def test_a_key_that_cannot_be_opened_or_read_is_not_a_drive_copy(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.keys import probe

    root = tmp_path / "v"
    make_vault(root).lock()
    loop, broken = tmp_path / "loop", tmp_path / "broken"
    loop.mkdir()
    (loop / "k").symlink_to("k")  # opening it fails (ELOOP)
    broken.mkdir()
    (broken / "k").write_bytes((root / "k").read_bytes())
    real_pread = os.pread

    def pread(fd: int, n: int, offset: int) -> bytes:
        if os.path.samestat(os.fstat(fd), (broken / "k").stat()):
            raise OSError(5, "Input/output error")
        return real_pread(fd, n, offset)

    monkeypatch.setattr(probe.os, "pread", pread)
    assert reachable_copies(root, media=[loop, broken], env={}) == [root / "k"]
    (root / "k").unlink()
    (root / "k").symlink_to("k")  # the vault folder's own name: taken even when unreadable
    assert reachable_copies(root, media=[], env={}) == [root / "k"]


def test_places_that_do_not_exist_are_compared_by_path(tmp_path: Path) -> None:
    from vault.keys.probe import candidate_dirs, place_kind

    missing = tmp_path / "gone"
    assert candidate_dirs(missing, key_dir=tmp_path / "x" / ".." / "gone", media=[], env={}) == [
        tmp_path / "x" / ".." / "gone"]
    assert place_kind(missing / "k", missing) == "vault"
    assert place_kind(tmp_path / "other" / "k", missing) == "drive"


def test_a_file_longer_than_a_key_is_not_a_drive_copy(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / "k").write_bytes((root / "k").read_bytes() + b"\0")  # as keyslots.decode: wrong size
    assert reachable_copies(root, media=[drive], env={}) == [root / "k"]


def test_a_copy_half_way_through_a_move_is_found_without_the_finished_one(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    drive = tmp_path / "drive"
    drive.mkdir()
    (drive / ".k.new").write_bytes((root / "k").read_bytes())  # a crash during `key move`
    assert reachable_copies(root, media=[drive], env={}) == [root / "k", drive / ".k.new"]


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=0, max_size=64))
def test_the_header_mask_is_cryptographys_hkdf(salt: bytes) -> None:
    """layout computes the mask with the standard library's HMAC, so an unlock reads the
    Argon2id settings before cryptography loads; it must be exactly cryptography's HKDF."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    expected = HKDF(hashes.SHA256(), layout.HEADER_LEN, salt=None,
                    info=b"spravka/header-mask").derive(salt)
    assert layout.header_mask(salt) == expected


def test_read_key_file_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(layout.NotAKeyFile, match="not a regular file"):
        layout.read_key_file(fifo)  # returns at once: O_NONBLOCK, no writer needed
    with pytest.raises(layout.NotAKeyFile, match="it is a directory"):
        layout.read_key_file(tmp_path)
    with pytest.raises(FileNotFoundError):
        layout.read_key_file(tmp_path / "absent")
    (tmp_path / "big").write_bytes(bytes(layout.FILE_SIZE + 100))
    assert len(layout.read_key_file(tmp_path / "big")) == layout.FILE_SIZE + 1
