"""Format stability: vaults and backups written by earlier versions open, migrate and verify.

The fixtures under tests/fixtures/ are made once by tests/fixtures/make_fixtures.py
and never regenerated; every later version must pass these tests unchanged.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from vault.backup.create import inspect_backup, restore_backup
from vault.core import Vault
from vault.storage.store import latest_version, schema_version
from vault.verify import verify_vault

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MANIFEST: dict[str, Any] = json.loads((FIXTURES / "fixtures.json").read_text())


def _contents(vault: Vault) -> dict[str, Any]:
    from sqlalchemy import text

    with vault.session() as s:
        docs = {sha: name for sha, name in s.execute(text("SELECT sha256, original_name FROM documents"))}
        conds = [c for (c,) in s.execute(text("SELECT icd10 FROM conditions ORDER BY id"))]
        boards = [b for (b,) in s.execute(text("SELECT on_date FROM board_dates ORDER BY on_date"))]
        n = {t: s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()  # noqa: S608
             for t in ("links", "summonses", "letters", "audit_log")}
    return {"documents": docs, "conditions": conds, "board_dates": boards, "links": n["links"],
            "summonses": n["summonses"], "letters": n["letters"], "audit_entries": n["audit_log"]}


def _check(vault: Vault, expected: dict[str, Any], *, new_entries: int = 0) -> None:
    report = verify_vault(vault)
    assert report.ok, report.to_json()
    assert report.documents == len(expected["documents"])
    got = _contents(vault)
    for key, value in expected.items():
        want = value + new_entries if key == "audit_entries" else value
        assert got[key] == want, key


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_fixture_files_were_never_regenerated(name: str) -> None:
    for rel, digest in MANIFEST[name]["sha256"].items():
        assert hashlib.sha256((FIXTURES / rel).read_bytes()).hexdigest() == digest, rel


@pytest.mark.parametrize("name", sorted(n for n in MANIFEST if n.startswith("vault-")))
def test_fixture_vault_opens_migrates_and_verifies(name: str, tmp_path: Path) -> None:
    entry = MANIFEST[name]
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    vault = Vault.open(root, entry["passphrase"], floor_s=0)
    try:
        migrated = entry["schema"] < latest_version()
        assert schema_version(vault.engine) == latest_version()
        assert (root / "d.pre").exists() == migrated
        if migrated:  # the pre-migration copy is the old file, byte for byte
            assert (root / "d.pre").read_bytes() == (FIXTURES / name / "d").read_bytes()
        _check(vault, entry["expected"] | _missing_tables(entry), new_entries=int(migrated))
    finally:
        vault.lock()
    if "recovery_key" in entry:
        Vault.open(root, entry["recovery_key"], floor_s=0).lock()


def _missing_tables(entry: dict[str, Any]) -> dict[str, Any]:
    """Schema-1 vaults have no evidence records: after migration those are empty."""
    base = {"conditions": [], "board_dates": [], "links": 0, "summonses": 0, "letters": 0}
    return {k: v for k, v in base.items() if k not in entry["expected"]}


@pytest.mark.parametrize("name", sorted(n for n in MANIFEST if n.startswith("backup-")))
def test_fixture_backup_inspects_and_restores(name: str, tmp_path: Path) -> None:
    entry = MANIFEST[name]
    for secret in (entry["passphrase"], entry["recovery_key"]):
        info = inspect_backup(FIXTURES / name, secret)
        assert info.schema == entry["schema"]
        assert info.counts["documents"] == len(entry["expected"]["documents"])
    report = restore_backup(FIXTURES / name, tmp_path / "restored", entry["passphrase"])
    assert report.documents_verified == len(entry["expected"]["documents"])
    vault = Vault.open(tmp_path / "restored", entry["passphrase"], floor_s=0)
    try:
        migrated = entry["schema"] < latest_version()
        _check(vault, entry["expected"], new_entries=1 + int(migrated))  # + backup.restored
    finally:
        vault.lock()
