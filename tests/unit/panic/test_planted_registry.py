"""A file planted as the export registry ``x`` can never stop panic from destroying the key.

Before the fix, panic read and parsed ``x`` before step 1: garbage raised
JSONDecodeError (keyslots untouched), a FIFO hung it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault, spravka
from vault.core import Vault
from vault.errors import VaultError
from vault.keys import keyslots
from vault.keys.erase import read_salt
from vault.panic import registry
from vault.paths import VaultPaths

VARIANTS = ["garbage", "valid-key-bad-json", "fifo", "symlink", "huge"]


def plant(paths: VaultPaths, variant: str, outside: Path) -> None:
    """Put a hostile ``x`` next to the keyslots, as anyone with write access could."""
    target = paths.registry
    target.unlink(missing_ok=True)
    if variant == "garbage":
        target.write_bytes(b"{")
    elif variant == "valid-key-bad-json":  # the key is public: encrypt "{" properly
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        key = registry._key(read_salt(paths))
        target.write_bytes(nonce + AESGCM(key).encrypt(nonce, b"{", None))
    elif variant == "fifo":
        os.mkfifo(target)
    elif variant == "symlink":
        outside.write_bytes(b"not yours")
        target.symlink_to(outside)
    elif variant == "huge":
        with open(target, "wb") as fh:
            fh.truncate(100 << 20)


def assert_key_destroyed(root: Path, before: bytes) -> None:
    after = (root / "k").read_bytes() if (root / "k").exists() else b""
    assert after != before
    with pytest.raises(VaultError):
        Vault.open(root, PASS)


@pytest.mark.parametrize("variant", VARIANTS)
def test_cli_panic_destroys_the_key_whatever_x_is(tmp_path: Path, variant: str) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    vault.lock()
    before = (root / "k").read_bytes()
    plant(VaultPaths(root), variant, tmp_path / "outside")
    res = spravka("panic", "--yes", "--json", vault=root, timeout=60)
    assert "internal error" not in res.err
    assert res.json()["keyslots_destroyed"] is True
    assert_key_destroyed(root, before)
    if variant == "symlink":
        assert (tmp_path / "outside").read_bytes() == b"not yours"  # never followed


def test_registry_rewrite_scrubs_the_old_version_in_place(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    paths = vault.paths
    registry.add(paths, tmp_path / "a.pdf")
    old_fd = os.open(paths.registry, os.O_RDONLY)
    try:
        old = os.pread(old_fd, 1 << 16, 0)
        registry.add(paths, tmp_path / "b.pdf")
        scrubbed = os.pread(old_fd, 1 << 16, 0)  # the replaced inode, still open
    finally:
        os.close(old_fd)
    vault.lock()
    assert len(scrubbed) == len(old) and scrubbed != old
    assert registry.read(paths) == [str((tmp_path / n).resolve()) for n in ("a.pdf", "b.pdf")]


def test_keyslot_salt_is_all_panic_reads_before_erasing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    data = (tmp_path / "v" / "k").read_bytes()
    assert read_salt(vault.paths) == data[: keyslots.SALT_LEN]
    (tmp_path / "v" / "k").unlink()
    os.mkfifo(tmp_path / "v" / "k")
    assert read_salt(vault.paths) == b""  # a FIFO neither blocks nor counts


def test_a_planted_list_cannot_make_panic_delete_other_files(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    root = tmp_path / "v"
    vault = make_vault(root)
    vault.lock()
    precious = tmp_path / "thesis.odt"
    precious.write_bytes(b"PK\x03\x04 years of work")
    nonce = os.urandom(12)
    listing = f'["{precious}"]'.encode()
    (root / "x").write_bytes(nonce + AESGCM(registry._key(read_salt(VaultPaths(root)))).encrypt(
        nonce, listing, None))  # the key is public: anyone can write a valid list
    assert registry.read(VaultPaths(root)) == [str(precious)]
    assert spravka("panic", "--yes", vault=root).code == 0
    assert precious.read_bytes() == b"PK\x03\x04 years of work"
