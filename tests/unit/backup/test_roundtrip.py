"""Backup -> restore keeps everything; the file looks random; a panic leaves it alone."""

from __future__ import annotations

import hashlib
import math
import threading
import zlib
from collections import Counter
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault
from tests.unit.backup.conftest import Made, cli
from tests.unit.backup.data import picture
from vault.backup.create import (
    change_restored_passphrase,
    create_backup,
    inspect_backup,
    restore_backup,
)
from vault.core import Vault
from vault.errors import Cancelled, VaultError, WrongPassphrase
from vault.verify import verify_vault


def _open(root: Path, secret: str = PASS) -> Vault:
    return Vault.open(root, secret, floor_s=0)


def test_round_trip_keeps_every_byte_link_event_and_audit_entry(made: Made, tmp_path: Path) -> None:
    report = restore_backup(made.backup, tmp_path / "restored", PASS)
    assert report.counts["documents"] == 3 and report.documents_verified == 3
    assert report.counts["conditions"] == 1 and report.counts["summonses"] == 1
    assert report.counts["letters"] == 1 and report.counts["board_dates"] == 1
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == ["d", "k"]
    vault = _open(tmp_path / "restored")
    try:
        assert verify_vault(vault).ok
        after = picture(vault)
    finally:
        vault.lock()
    before = made.picture
    for key in ("documents", "conditions", "links", "summonses", "letters", "boards"):
        assert after[key] == before[key], key
    assert [d["content_sha256"] for d in after["documents"]] == [d["sha256"] for d in before["documents"]]
    assert after["audit"][: len(before["audit"])] == before["audit"]
    assert [a[2] for a in after["audit"][len(before["audit"]):]] == ["backup.restored"]


def test_recovery_key_valid_at_backup_time_restores(made: Made, tmp_path: Path) -> None:
    info = inspect_backup(made.backup, made.recovery_key)
    assert info.counts["documents"] == 3 and info.schema >= 3
    restore_backup(made.backup, tmp_path / "r", made.recovery_key)
    vault = _open(tmp_path / "r", made.recovery_key)
    vault.lock()


def test_backup_file_looks_random(made: Made) -> None:
    data = made.backup.read_bytes()
    assert len(zlib.compress(data, 9)) > 0.999 * len(data)
    counts = Counter(data)
    entropy = -sum(c / len(data) * math.log2(c / len(data)) for c in counts.values())
    assert entropy > 7.99
    for needle in (b"SQLite format 3", b'"created"', b'"schema"', b"%PDF-", b"JFIF", b"\x89PNG",
                   "Городская".encode(), b"spravka", b"J45.0", b"outpatient"):
        assert needle not in data, needle


def test_sizes_do_not_follow_a_pattern(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        sizes = {create_backup(vault, tmp_path / f"b{i}.bin").size % 65536 for i in range(4)}
    finally:
        vault.lock()
    assert len(sizes) > 1


def test_backup_made_before_a_panic_survives_it(tmp_path: Path) -> None:
    from vault.panic.wipe import panic

    root = tmp_path / "v"
    vault = make_vault(root)
    create_backup(vault, tmp_path / "safe.bin")
    vault.lock()
    before = hashlib.sha256((tmp_path / "safe.bin").read_bytes()).hexdigest()
    assert panic(root).keyslots_destroyed and not root.exists()
    assert hashlib.sha256((tmp_path / "safe.bin").read_bytes()).hexdigest() == before
    restore_backup(tmp_path / "safe.bin", root, PASS)
    _open(root).lock()


def test_cli_backup_and_restore(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    out = tmp_path / "usb" / "spravka.bin"
    out.parent.mkdir()
    res = cli("backup", "--out", str(out), "--passphrase-stdin", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    assert "not removed by a panic wipe; keep it somewhere safe" in res.out
    again = cli("backup", "--out", str(out), "--passphrase-stdin", "--json", stdin=PASS + "\n",
                vault=root)
    assert again.code == 1 and again.err.count("\n") == 1 and "already exists" in again.err
    res = cli("restore", str(out), "--vault", str(tmp_path / "new"), "--passphrase-stdin", "--json",
              stdin=PASS + "\n")
    assert res.code == 0, res.err
    data = res.json()
    assert data["counts"]["audit_entries"] == 3 and "passwd" in data["hint"]
    busy = cli("restore", str(out), "--vault", str(tmp_path / "new"), "--passphrase-stdin",
               stdin=PASS + "\n")
    assert busy.code == 1 and "not empty" in busy.err and busy.err.count("\n") == 1


def test_backup_refuses_the_vault_directory_and_existing_files(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        with pytest.raises(VaultError, match="outside the vault"):
            create_backup(vault, tmp_path / "v" / "b.bin")
        (tmp_path / "b.bin").write_bytes(b"keep me")
        with pytest.raises(VaultError, match="already exists"):
            create_backup(vault, tmp_path / "b.bin")
        assert (tmp_path / "b.bin").read_bytes() == b"keep me"
        assert create_backup(vault, tmp_path / "b.bin", overwrite=True).size > 65536
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b.bin", "v"]
    finally:
        vault.lock()


def test_cancel_stops_backup_and_restore_and_leaves_nothing(made: Made, tmp_path: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        cancel.set()

    (tmp_path / "out").mkdir()
    vault = make_vault(tmp_path / "v")
    try:
        with pytest.raises(Cancelled):
            create_backup(vault, tmp_path / "out" / "b.bin", progress=progress, cancel=cancel)
    finally:
        vault.lock()
    assert seen and list((tmp_path / "out").iterdir()) == []
    cancel.clear()
    with pytest.raises(Cancelled):
        restore_backup(made.backup, tmp_path / "r", PASS, progress=progress, cancel=cancel)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "v"]


def test_passphrase_change_after_restore(made: Made, tmp_path: Path) -> None:
    restore_backup(made.backup, tmp_path / "a", PASS)
    assert change_restored_passphrase(tmp_path / "a", PASS, "brand new words") == "changed"
    _open(tmp_path / "a", "brand new words").lock()
    with pytest.raises(WrongPassphrase):
        _open(tmp_path / "a", PASS)
    restore_backup(made.backup, tmp_path / "b", made.recovery_key)
    assert change_restored_passphrase(tmp_path / "b", made.recovery_key, "another one") == "added"
    _open(tmp_path / "b", "another one").lock()
