"""Re-key: after it, an old keyslot file with the old passphrase or recovery key opens
nothing; a kill -9 at any point leaves a vault that opens with the passphrase."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, init_vault, make_vault, spravka
from vault.core import Vault
from vault.errors import DatabaseDamaged, WrongPassphrase
from vault.info import signing_fingerprint
from vault.rekeying import rekey
from vault.storage.models import Setting


def _canary(vault: Vault, value: str = "секрет") -> None:
    with vault.session() as s:
        s.merge(Setting(key="canary", value=value))


def _read_canary(vault: Vault) -> str | None:
    with vault.session() as s:
        row = s.get(Setting, "canary")
        return row.value if row else None


def test_old_keyslot_file_with_old_secrets_opens_nothing(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    old_recovery = vault.new_recovery_key()
    _canary(vault)
    old_fp = signing_fingerprint(vault)
    vault.set_duress("под давлением")
    vault.lock()
    old_slots = (root / "k").read_bytes()  # e.g. in an earlier backup or disk image

    vault = Vault.open(root, PASS)
    new_recovery = rekey(vault, PASS)
    assert _read_canary(vault) == "секрет"
    assert signing_fingerprint(vault) != old_fp
    vault.lock()

    for secret in (PASS, new_recovery):
        with Vault.open(root, secret) as v:
            assert _read_canary(v) == "секрет"
    with pytest.raises(WrongPassphrase):
        Vault.open(root, old_recovery)
    current = (root / "k").read_bytes()
    (root / "k").write_bytes(old_slots)  # the attacker's old copy next to today's database
    for secret in (PASS, old_recovery):
        with pytest.raises(DatabaseDamaged):
            Vault.open(root, secret)
    (root / "k").write_bytes(current)
    assert not (root / "d.next").exists()


def test_rekey_keeps_the_duress_passphrase_working(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    vault.set_duress("под давлением")
    rekey(vault, PASS)
    vault.lock()
    with Vault.open(root, "под давлением") as decoy:
        assert _read_canary(decoy) is None
    with pytest.raises(WrongPassphrase):
        Vault.open(root, PASS)


def test_wrong_passphrase_changes_nothing(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    before = (tmp_path / "v" / "k").read_bytes()
    with pytest.raises(WrongPassphrase):
        rekey(vault, "not the passphrase")
    vault.lock()
    assert (tmp_path / "v" / "k").read_bytes() == before


@pytest.mark.parametrize("fault", ["rekey-after-copy", "keyslot-before-rename",
                                   "after-keyslot-write", "rekey-after-keyslots"])
def test_kill_9_at_any_point_leaves_a_vault_that_opens(tmp_path: Path, fault: str) -> None:
    root = tmp_path / "v"
    init_vault(root)
    with Vault.open(root, PASS) as v:
        _canary(v)
    env = dict(os.environ, SPRAVKA_VAULT=str(root), SPRAVKA_FAULT=fault, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", "rekey", "--passphrase-stdin"],
                          input=PASS + "\n", text=True, env=env, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    with Vault.open(root, PASS) as v:
        assert _read_canary(v) == "секрет"
    assert not (root / "d.next").exists()
    assert spravka("verify", "--passphrase-stdin", stdin=PASS + "\n", vault=root).code == 0


def test_cli_rekey_prints_new_recovery_key_and_fingerprint(tmp_path: Path) -> None:
    root = tmp_path / "v"
    before = init_vault(root)
    res = spravka("rekey", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=root)
    assert res.code == 0, res.err
    data = res.json()
    assert data["rekeyed"] and data["fingerprint"] != before["fingerprint"]
    assert spravka("info", "--passphrase-stdin", stdin=data["recovery_key"] + "\n", vault=root).code == 0
    assert spravka("info", "--passphrase-stdin", stdin=before["recovery_key"] + "\n", vault=root).code == 3
