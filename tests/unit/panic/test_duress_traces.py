"""Duress leaves no trace: fresh salt, export registry destroyed in place, the real database
gone, and the empty vault's created time is the day, not the minute of the coerced unlock."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import make_vault
from vault.core import Vault
from vault.info import vault_info
from vault.keys import keyslots
from vault.panic import registry

DURESS = "под давлением"


def test_duress_unlock_leaves_no_link_to_the_real_vault(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    vault.set_duress(DURESS)
    registry.add(vault.paths, tmp_path / "lawyer.pdf")
    vault.lock()
    old_salt = (root / "k").read_bytes()[: keyslots.SALT_LEN]
    x_fd = os.open(root / "x", os.O_RDONLY)  # to look at the old inode afterwards
    try:
        old_x = os.pread(x_fd, 1 << 16, 0)
        with Vault.open(root, DURESS) as fresh:
            info = vault_info(fresh)
        scrubbed = os.pread(x_fd, 1 << 16, 0)
    finally:
        os.close(x_fd)
    assert len(scrubbed) == len(old_x) and scrubbed != old_x  # overwritten in place
    assert not (root / "x").exists()
    assert (root / "k").read_bytes()[: keyslots.SALT_LEN] != old_salt
    assert info["created"].endswith("T00:00:00+00:00")  # the day only
    assert info["documents"] == 0
    assert sorted(p.name for p in root.iterdir()) == ["d", "k"]  # the renamed database is gone
    with Vault.open(root, DURESS) as again:  # the fresh salt opens with the duress phrase
        assert vault_info(again)["documents"] == 0


def test_new_vaults_record_the_day_too(tmp_path: Path) -> None:
    """Else a midnight created time would itself say "duress vault"."""
    vault = make_vault(tmp_path / "v")
    try:
        assert vault_info(vault)["created"].endswith("T00:00:00+00:00")
    finally:
        vault.lock()

