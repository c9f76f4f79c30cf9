"""Someone with the key edits the vault behind its back: ``spravka verify`` must notice.

Each case opens the real database (as an attacker who learned the passphrase
would), changes one thing, and expects ``verify`` to exit 11 with a message that
names what broke. The triggers are dropped first where the edit needs it, as an
attacker would; a separate test proves the triggers themselves refuse edits.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.helpers import PASS, make_vault, spravka


def _jpeg(tag: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (tag * 40 % 256, 90, 200)).save(buf, "JPEG")
    return buf.getvalue()


def _vault(root: Path) -> None:
    """A vault with two documents and a few audit entries."""
    from vault.importing.pipeline import import_files

    vault = make_vault(root)
    src = root.parent / "src"
    src.mkdir()
    for tag in (1, 2):
        (src / f"scan{tag}.jpg").write_bytes(_jpeg(tag))
    assert [r.status for r in import_files(vault, [src])] == ["imported", "imported"]
    vault.lock()


def _tamper(root: Path, *statements: str) -> None:
    """Run SQL on the unlocked database, bypassing the library (and its audit)."""
    from vault.core import Vault

    with Vault.open(root, PASS, floor_s=0) as vault, vault.engine.begin() as conn:
        raw = conn.connection.driver_connection
        for statement in statements:
            raw.execute(statement)


NO_TRIGGERS = ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete")
LAST = "(SELECT max(seq) FROM audit_log)"

CASES: dict[str, tuple[tuple[str, ...], str]] = {
    "audit row edited": (
        (*NO_TRIGGERS, "UPDATE audit_log SET detail = '{\"x\":1}' WHERE seq = 2"),
        "audit log broken at entry 2: content was changed",
    ),
    "audit row deleted": (
        (*NO_TRIGGERS, "DELETE FROM audit_log WHERE seq = 2"),
        "audit log broken at entry 3: entries missing or reordered",
    ),
    "audit rows reordered": (
        (*NO_TRIGGERS, "UPDATE audit_log SET seq = -1 WHERE seq = 2",
         "UPDATE audit_log SET seq = 2 WHERE seq = 3", "UPDATE audit_log SET seq = 3 WHERE seq = -1"),
        "audit log broken at entry 2: entries missing or reordered",
    ),
    "chain head flipped": (
        (*NO_TRIGGERS, "UPDATE audit_log SET hash = (CASE substr(hash, 1, 1) WHEN 'a' THEN 'b' "
                       f"ELSE 'a' END) || substr(hash, 2) WHERE seq = {LAST}"),
        "content was changed",
    ),
    "byte flipped in a chunk": (
        ("UPDATE chunks SET data = CAST((CASE substr(data, 1, 1) WHEN x'FF' THEN x'FE' ELSE x'FF' END)"
         " || substr(data, 2) AS BLOB) WHERE document_id = 2 AND seq = 0",),
        "document 2 does not match its hash",
    ),
    "byte flipped in a document hash": (
        ("UPDATE documents SET sha256 = (CASE substr(sha256, 1, 1) WHEN 'a' THEN 'b' ELSE 'a' END)"
         " || substr(sha256, 2) WHERE id = 1",),
        "document 1 does not match its hash",
    ),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "v"
    _vault(root)
    res = spravka("verify", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    report = res.json()
    assert report.pop("audit_entries") >= 4
    assert report == {"ok": True, "cipher_integrity": "ok", "integrity_check": "ok",
                      "audit_chain": "ok", "documents": 2, "bad_documents": []}
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_fails_verify_with_exit_11_naming_it(case: str, pristine: Path,
                                                      tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "v"
    shutil.copytree(pristine, root)
    statements, named = CASES[case]
    _tamper(root, *statements)
    res = spravka("verify", "--passphrase-stdin", stdin=PASS + "\n", vault=root)
    assert res.code == 11, (res.code, res.err)
    assert named in res.err and res.err.count("\n") == 1, res.err


def test_flipped_chunk_is_reported_in_json(pristine: Path, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "v"
    shutil.copytree(pristine, root)
    _tamper(root, *CASES["byte flipped in a chunk"][0])
    res = spravka("verify", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 11
    assert res.json()["bad_documents"] == [2] and res.json()["audit_chain"] == "ok"


EDITS = {
    "update": "UPDATE audit_log SET action = 'x' WHERE seq = 1",
    "delete": "DELETE FROM audit_log WHERE seq = 1",
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_audit_log_refuses_update_and_delete(edit: str, pristine: Path, tmp_path: Path) -> None:
    import shutil

    import sqlcipher3

    root = tmp_path / "v"
    shutil.copytree(pristine, root)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="append-only"):
        _tamper(root, EDITS[edit])
    res = spravka("verify", "--passphrase-stdin", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err


def test_a_flipped_byte_in_the_database_file_fails_its_mac(pristine: Path, tmp_path: Path) -> None:
    """Without the key, an edit of the file itself: SQLCipher's page HMAC names the page."""
    import shutil

    root = tmp_path / "v"
    shutil.copytree(pristine, root)
    with open(root / "d", "r+b") as fh:
        fh.seek(-200, 2)  # inside the last page's data, before its IV and HMAC
        byte = fh.read(1)
        fh.seek(-200, 2)
        fh.write(bytes([byte[0] ^ 0x01]))
    res = spravka("verify", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 11, res.err
    assert "encryption MAC" in res.err and res.err.count("\n") == 1
    report = res.json()
    assert report["cipher_integrity"] != "ok" and report["ok"] is False
    assert (report["audit_entries"], report["documents"], report["bad_documents"]) == (0, 0, [])
