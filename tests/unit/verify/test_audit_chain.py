"""The audit log's chain, directly: genesis, sequence, digests, immutability of entries."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import make_vault
from vault.errors import IntegrityError
from vault.storage import audit

AT = datetime(2026, 5, 1, 12, 30, 45, 999, tzinfo=UTC)


def _rows(vault: object) -> list[tuple[int, str, str, str, str, str]]:
    from sqlalchemy import text

    with vault.session() as s:  # type: ignore[attr-defined]
        return [tuple(r) for r in s.execute(text(
            "SELECT seq, at, action, detail, prev_hash, hash FROM audit_log ORDER BY seq"))]


def test_entries_chain_from_genesis_with_documented_digests(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        with vault.session() as s:
            before = audit.verify_chain(s)
            first = audit.append(s, "test.one", {"b": 2, "a": "ж"}, now=AT)
            second = audit.append(s, "test.two", None, now=AT)
        rows = _rows(vault)
        assert len(rows) == before + 2 and [r[0] for r in rows] == list(range(1, before + 3))
        assert rows[0][4] == "0" * 64 == audit.GENESIS
        for prev, row in zip(rows, rows[1:], strict=False):
            assert row[4] == prev[5]
        seq, at, action, detail, prev, digest = rows[-2]
        assert (seq, at, action) == (before + 1, "2026-05-01T12:30:45+00:00", "test.one")
        assert detail == '{"a":"ж","b":2}' and rows[-1][3] == "{}"
        body = json.dumps([prev, seq, at, action, detail], ensure_ascii=False, separators=(",", ":"))
        assert digest == hashlib.sha256(body.encode()).hexdigest() == first.hash
        assert (first.seq, first.detail, second.seq, second.detail) == (
            before + 1, {"b": 2, "a": "ж"}, before + 2, {})
        with vault.session() as s:
            assert audit.verify_chain(s) == before + 2
            listed = audit.entries(s)
        assert listed[-2:] == [first, second]
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.action = "rewritten"  # type: ignore[misc]
    finally:
        vault.lock()


def test_an_empty_log_verifies_as_zero_entries(tmp_path: Path) -> None:
    from sqlalchemy import text

    vault = make_vault(tmp_path / "v")
    try:
        with vault.engine.begin() as conn:
            raw = conn.connection.driver_connection
            raw.execute("DROP TRIGGER audit_log_no_delete")
            raw.execute("DELETE FROM audit_log")
        with vault.session() as s:
            assert audit.verify_chain(s) == 0
            entry = audit.append(s, "fresh", {}, now=AT)
            assert entry.seq == 1
            assert s.execute(text("SELECT prev_hash FROM audit_log")).scalar() == audit.GENESIS
    finally:
        vault.lock()


def test_a_first_entry_that_does_not_start_at_one_is_refused(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        with vault.engine.begin() as conn:
            raw = conn.connection.driver_connection
            raw.execute("DROP TRIGGER audit_log_no_update")
            raw.execute("UPDATE audit_log SET seq = -seq")
            raw.execute("UPDATE audit_log SET seq = 1 - seq")  # 1, 2, … became 2, 3, …
        with vault.session() as s, pytest.raises(IntegrityError, match="entry 2: entries missing"):
            audit.verify_chain(s)
    finally:
        vault.lock()
