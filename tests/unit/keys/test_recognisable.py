"""What the README says about recognisability holds: the keyslot file (and so the head of a
backup) is recognisable by anyone who knows the published format, which lets one bad copy be
repaired from the other; random data is not mistaken for it. And ``init`` warns where in-place
overwrite does not destroy old blocks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.helpers import PASS, make_vault, spravka
from vault.keys.kdf import TEST_PARAMS
from vault.mounts import overwrite_warning

COPY = 1024


def recognise(data: bytes) -> dict[str, int] | None:
    """A recogniser written from the README's description only (not from our reader):
    copy 1 ends with SHA-256 of the rest; its header is XOR-masked with HKDF(salt)."""
    if len(data) < COPY:
        return None
    copy = data[:COPY]
    if hashlib.sha256(copy[:-32]).digest() != copy[-32:]:
        return None
    salt = copy[:32]
    mask = HKDF(hashes.SHA256(), 16, salt=None, info=b"spravka/header-mask").derive(salt)
    header = bytes(a ^ b for a, b in zip(copy[32:48], mask, strict=True))
    return {"version": header[0], "salt_len": header[1], "lanes": header[2], "slots": header[3],
            "memory_kib": int.from_bytes(header[4:8], "big"),
            "time_cost": int.from_bytes(header[8:12], "big")}


def test_keyslot_file_and_backup_head_are_recognisable_as_documented(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    found = recognise((tmp_path / "v" / "k").read_bytes())
    assert found == {"version": 1, "salt_len": 32, "lanes": TEST_PARAMS.lanes, "slots": 8,
                     "memory_kib": TEST_PARAMS.memory_kib, "time_cost": TEST_PARAMS.time_cost}
    backup = tmp_path / "b.bak"
    res = spravka("backup", "--out", str(backup), "--passphrase-stdin", stdin=PASS + "\n",
                  vault=tmp_path / "v")
    assert res.code == 0, res.err
    assert recognise(backup.read_bytes()[:2048]) == found


def test_random_data_is_not_recognised() -> None:
    assert not any(recognise(os.urandom(2048)) for _ in range(2000))


MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
40 22 0:35 / /home rw,relatime shared:20 - btrfs /dev/sda2 rw,space_cache=v2
41 22 8:3 / /srv rw,relatime shared:21 - ext4 /dev/sda3 rw,data=journal
42 22 8:4 / /srv/safe rw,relatime shared:22 - ext4 /dev/sda4 rw,data=ordered
"""


def test_overwrite_warning_for_copy_on_write_and_data_journal() -> None:
    assert "btrfs" in overwrite_warning(Path("/home/u/vault"), MOUNTINFO)
    assert "data=journal" in overwrite_warning(Path("/srv/v"), MOUNTINFO)
    assert overwrite_warning(Path("/srv/safe/v"), MOUNTINFO) == ""  # the longest mount wins
    assert overwrite_warning(Path("/var/v"), MOUNTINFO) == ""
