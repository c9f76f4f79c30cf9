"""A backup taken while another thread imports a large file is consistent: the
document is in it whole or not at all, and the restored vault verifies."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault
from vault.backup.create import create_backup, restore_backup
from vault.core import Vault
from vault.importing.pipeline import FileResult, import_files
from vault.verify import verify_vault


@pytest.fixture(scope="module")
def big_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ~12 MB noise JPEG: many chunks, so the import transaction stays open a while."""
    from PIL import Image

    side = 2600
    buf = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buf, "JPEG", quality=95)
    path = tmp_path_factory.mktemp("big") / "big-scan.jpg"
    path.write_bytes(buf.getvalue())
    return path


def _importer(vault: Vault, path: Path, started: threading.Event,
              results: list[FileResult]) -> threading.Thread:
    def on_bytes(_n: int) -> None:
        started.set()

    def run() -> None:
        results.extend(import_files(vault, [path], on_bytes=on_bytes))

    return threading.Thread(target=run, daemon=True)


def _check(backup: Path, target: Path, size: int) -> int:
    restore_backup(backup, target, PASS)
    vault = Vault.open(target, PASS, floor_s=0)
    try:
        assert verify_vault(vault).ok
        from vault.records.documents import list_rows

        rows = list_rows(vault)
    finally:
        vault.lock()
    assert all(not r["sha256"].startswith("pending-") for r in rows)
    assert all(r["size"] == size for r in rows if r["original_name"] == "big-scan.jpg")
    return len(rows)


def test_backup_started_mid_import_holds_the_document_whole_or_not_at_all(
        tmp_path: Path, big_scan: Path) -> None:
    vault = make_vault(tmp_path / "v")
    started, results = threading.Event(), []  # type: list[FileResult]
    worker = _importer(vault, big_scan, started, results)
    worker.start()
    assert started.wait(60)
    create_backup(vault, tmp_path / "mid.bin")
    worker.join(60)
    vault.lock()
    assert [r.status for r in results] == ["imported"]
    assert _check(tmp_path / "mid.bin", tmp_path / "r", big_scan.stat().st_size) in (0, 1)


def test_import_started_during_a_backup_waits_and_lands_afterwards(
        tmp_path: Path, big_scan: Path) -> None:
    vault = make_vault(tmp_path / "v")
    started, results = threading.Event(), []  # type: list[FileResult]
    worker = _importer(vault, big_scan, started, results)

    def progress(done: int, total: int) -> None:
        if not worker.is_alive() and not started.is_set():
            worker.start()
            started.wait(30)  # the import is writing while the backup holds its snapshot

    create_backup(vault, tmp_path / "during.bin", progress=progress)
    worker.join(60)
    vault.lock()
    assert [r.status for r in results] == ["imported"]
    assert _check(tmp_path / "during.bin", tmp_path / "r", big_scan.stat().st_size) == 0
