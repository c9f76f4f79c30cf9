"""Opening an older vault migrates it, after an encrypted copy is taken."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.helpers import PASS
from vault.core import Vault
from vault.keys.kdf import TEST_PARAMS
from vault.records.values import now_iso
from vault.storage.models import DocumentRow
from vault.storage.store import latest_version, schema_version
from vault.verify import verify_vault


def test_version_1_vault_migrates_and_keeps_data(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault, _ = Vault.create(root, PASS, params=TEST_PARAMS, schema_upto=1)
    assert schema_version(vault.engine) == 1
    with vault.session() as s:  # plain SQL: the ORM maps the newest schema, not version 1
        s.execute(text("INSERT INTO documents (kind, added, media_type, size, sha256, page_count, diagnosis) "
                       "VALUES ('sick_leave', :added, 'image/png', 0, :sha, 1, 'Бронхиальная астма')"),
                  {"added": now_iso(),
                   "sha": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"})
    vault.lock()
    before = (root / "d").read_bytes()
    with Vault.open(root, PASS) as again:
        assert schema_version(again.engine) == latest_version() >= 3
        assert verify_vault(again).ok
        with again.session() as s:
            assert s.get(DocumentRow, 1).diagnosis == "Бронхиальная астма"  # type: ignore[union-attr]
    assert (root / "d.pre").read_bytes() == before  # encrypted copy of the old file
    with Vault.open(root, PASS) as third:  # idempotent: nothing left to migrate
        from vault.storage.audit import entries

        with third.session() as s:
            assert [e.action for e in entries(s)].count("vault.migrated") == 1
