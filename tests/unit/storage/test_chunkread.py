"""The export's chunk reader: stored order, exact bytes, no leftover connection, clear errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_vault
from tests.unit.export.factories import gps_jpeg
from vault.errors import VaultError
from vault.importing.pipeline import import_files
from vault.storage.chunkread import BlobStream, iter_blobs, open_blobs

PARTS = [os.urandom(n) for n in (1 << 20, 1 << 20, 12_345)]


@pytest.fixture
def stored(tmp_path: Path) -> Any:
    """A vault whose one document holds PARTS as chunks, inserted in reverse ``seq`` order."""
    photo = tmp_path / "scan.jpg"
    photo.write_bytes(gps_jpeg())
    vault = make_vault(tmp_path / "v")
    [result] = list(import_files(vault, [photo]))
    assert result.status == "imported", result.reason
    with vault.engine.connect() as conn:
        raw = conn.connection.driver_connection
        doc_id = raw.execute("SELECT id FROM documents").fetchone()[0]
        raw.execute("BEGIN")
        raw.execute("DELETE FROM chunks WHERE document_id = ?", (doc_id,))
        for seq in reversed(range(len(PARTS))):  # row ids and seq disagree on purpose
            raw.execute("INSERT INTO chunks (document_id, seq, data) VALUES (?, ?, ?)",
                        (doc_id, seq, PARTS[seq]))
        raw.execute("COMMIT")
    yield vault, doc_id
    if vault.is_open:
        vault.lock()


def test_blobs_come_in_seq_order_not_row_order(stored: Any) -> None:
    vault, doc_id = stored
    assert list(iter_blobs(vault.engine, doc_id)) == PARTS


@pytest.mark.parametrize("size", [1, 4096, 1 << 20, (1 << 20) + 7, 3 << 20])
def test_reads_of_any_size_give_the_exact_bytes(stored: Any, size: int) -> None:
    vault, doc_id = stored
    stream = open_blobs(vault.engine, doc_id)
    got = []
    while block := stream.read(size):
        assert len(block) <= size
        got.append(block)
    stream.close()
    assert b"".join(got) == b"".join(PARTS)


def test_readinto_and_readall_after_a_partial_read(stored: Any) -> None:
    vault, doc_id = stored
    stream = open_blobs(vault.engine, doc_id)
    buf = bytearray(100)
    assert stream.readinto(buf) == 100
    assert bytes(buf) + stream.readall() == b"".join(PARTS)
    assert stream.read(10) == b""


def test_a_whole_chunk_is_handed_on_without_a_copy() -> None:
    blob = os.urandom(1 << 20)
    assert BlobStream(iter([blob])).read(1 << 20) is blob


def test_closing_early_returns_the_connection(stored: Any) -> None:
    vault, doc_id = stored
    pool = vault.engine.pool
    before = pool.checkedout()
    stream = open_blobs(vault.engine, doc_id)
    assert stream.read(10) == PARTS[0][:10]
    assert pool.checkedout() == before + 1
    stream.close()
    assert pool.checkedout() == before


def test_a_locked_vault_is_a_one_line_error_not_a_traceback(stored: Any) -> None:
    vault, doc_id = stored
    engine = vault.engine
    stream = open_blobs(engine, doc_id)
    vault.lock()  # disposes the engine: the key is gone
    with pytest.raises(VaultError):
        stream.read(10)
