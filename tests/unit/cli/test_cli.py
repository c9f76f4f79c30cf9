"""The scripting contract, through the real `spravka` CLI in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, init_vault, spravka


def test_init_verify_info_json(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    created = init_vault(vault)
    assert created["vault"] == str(vault) and created["recovery_key"].count("-") == 13
    res = spravka("verify", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    assert res.code == 0 and res.json()["ok"] is True
    info = spravka("info", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault).json()
    assert info["documents"] == 0 and info["last_export"] is None


def test_vault_option_beats_environment(tmp_path: Path) -> None:
    init_vault(tmp_path / "a")
    res = spravka("info", "--vault", str(tmp_path / "a"), "--passphrase-stdin", "--json",
                  stdin=PASS + "\n", vault=tmp_path / "missing")
    assert res.code == 0, res.err
    assert spravka("locate", vault=tmp_path / "x").out.strip() == str(tmp_path / "x")


def test_passwd_reads_old_then_new(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    assert spravka("passwd", "--passphrase-stdin", stdin=f"{PASS}\nnew one\n", vault=vault).code == 0
    assert spravka("info", "--passphrase-stdin", stdin="new one\n", vault=vault).code == 0
    assert spravka("info", "--passphrase-stdin", stdin=PASS + "\n", vault=vault).code == 3


def test_recovery_key_command_and_unlock(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    res = spravka("recovery-key", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault)
    key = res.json()["recovery_key"]
    assert spravka("info", "--passphrase-stdin", stdin=key + "\n", vault=vault).code == 0


@pytest.mark.parametrize(("setup", "code", "message"), [
    ("wrong", 3, "wrong passphrase"),
    ("no-keyslots", 4, "keyslot file missing"),
    ("bad-keyslots", 4, "keyslot file damaged"),
    ("bad-db", 5, "database is damaged"),
    ("missing", 8, "no vault at"),
])
def test_errors_are_one_line_with_distinct_codes(tmp_path: Path, setup: str, code: int,
                                                 message: str) -> None:
    vault = tmp_path / "v"
    if setup != "missing":
        init_vault(vault)
    secret = PASS
    if setup == "wrong":
        secret = "nope"
    elif setup == "no-keyslots":
        (vault / "k").unlink()
    elif setup == "bad-keyslots":
        (vault / "k").write_bytes(os.urandom(2048))
    elif setup == "bad-db":
        data = bytearray((vault / "d").read_bytes())
        data[10] ^= 0xFF
        (vault / "d").write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in vault.iterdir()} if vault.exists() else {}
    res = spravka("info", "--passphrase-stdin", stdin=secret + "\n", vault=vault)
    assert res.code == code, res.err
    assert res.err.count("\n") == 1 and message in res.err and "Traceback" not in res.err
    after = {p.name: p.read_bytes() for p in vault.iterdir()} if vault.exists() else {}
    assert after == before


def test_no_passphrase_from_argv_or_without_terminal(tmp_path: Path) -> None:
    init_vault(tmp_path / "v")
    res = spravka("info", stdin="", vault=tmp_path / "v")
    assert res.code == 9 and "--passphrase-stdin" in res.err
    res = spravka("info", "--passphrase", PASS, vault=tmp_path / "v")
    assert res.code == 2


def test_locked_by_another_process(tmp_path: Path) -> None:
    from vault.core import Vault

    init_vault(tmp_path / "v")
    vault = Vault.open(tmp_path / "v", PASS)
    try:
        res = spravka("info", "--passphrase-stdin", stdin=PASS + "\n", vault=tmp_path / "v")
        assert res.code == 6 and "another" in res.err
    finally:
        vault.lock()


@pytest.mark.parametrize("fault", ["keyslot-before-rename", "after-keyslot-write"])
def test_killed_passphrase_change_leaves_old_or_new(tmp_path: Path, fault: str) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    env = dict(os.environ, SPRAVKA_VAULT=str(vault), SPRAVKA_FAULT=fault, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", "passwd", "--passphrase-stdin"],
                          input=f"{PASS}\nnew one\n", text=True, env=env, capture_output=True,
                          timeout=60)
    if fault == "keyslot-before-rename":
        assert proc.returncode == -signal.SIGKILL
    opens = [spravka("verify", "--passphrase-stdin", stdin=p + "\n", vault=vault).code == 0
             for p in (PASS, "new one")]
    assert opens.count(True) == 1
    assert opens == ([True, False] if fault == "keyslot-before-rename" else [False, True])


def test_help_lists_contract_commands() -> None:
    out = spravka("--help").out
    for name in ("init", "passwd", "recovery-key", "verify", "info"):
        assert name in out


def test_profile_and_settings(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    init_vault(vault)
    res = spravka("profile", "set", "name=Иван Петров", "birth_date=2005-02-28", "--json",
                  "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert res.code == 0 and res.json() == {"name": "Иван Петров", "birth_date": "2005-02-28"}
    bad = spravka("profile", "set", "birth_date=2005-02-30", "--passphrase-stdin", stdin=PASS + "\n",
                  vault=vault)
    assert bad.code == 9
    res = spravka("settings", "set", "ags_target_period=2027-spring", "history_min_months=24",
                  "--json", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert res.code == 0 and res.json()["history_min_months"] == 24
    assert spravka("settings", "set", "history_min_months=-1", "--passphrase-stdin",
                   stdin=PASS + "\n", vault=vault).code == 9
