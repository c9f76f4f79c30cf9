"""kill -9 at random points during import, edit, passphrase change, migration and export.

After every kill the vault opens, verifies (SQLCipher MACs, audit chain, every
document hash), and every document committed before the kill is intact.
The number of kills is SPRAVKA_CRASH_KILLS (default 50).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.corpus.make_corpus import png
from tests.helpers import PASS, ROOT
from vault.core import Vault
from vault.errors import WrongPassphrase
from vault.importing.pipeline import import_files
from vault.keys.kdf import TEST_PARAMS
from vault.records.documents import list_rows
from vault.verify import verify_vault

OPERATIONS = ("import", "edit", "passwd", "migration", "export")
NEW = "a new passphrase"


def _base(tmp: Path, schema_upto: int | None = None) -> tuple[Path, dict[int, str]]:
    root = tmp / f"base{schema_upto or ''}"
    vault, _ = Vault.create(root, PASS, params=TEST_PARAMS, schema_upto=schema_upto)
    src = tmp / "seed"
    src.mkdir(exist_ok=True)
    for i in range(2):
        (src / f"s{i}.png").write_bytes(png() + os.urandom(64 * 1024))
    if schema_upto is None:
        list(import_files(vault, [src]))
    hashes = {r["id"]: r["sha256"] for r in list_rows(vault)} if schema_upto is None else {}
    vault.lock()
    return root, hashes


def _command(op: str, vault: Path, big: Path, out: Path) -> tuple[list[str], str]:
    cli = [sys.executable, "-m", "vault.cli.main"]
    if op == "import":
        return [*cli, "import", str(big), "--passphrase-stdin"], PASS + "\n"
    if op == "edit":
        return [*cli, "doc", "set", "1", "diagnosis=Бронхиальная астма", "notes=после сбоя",
                "--passphrase-stdin"], PASS + "\n"
    if op == "passwd":
        return [*cli, "passwd", "--passphrase-stdin"], f"{PASS}\n{NEW}\n"
    if op == "migration":
        return [*cli, "info", "--passphrase-stdin"], PASS + "\n"
    return [*cli, "export", "--out", str(out), "--passphrase-stdin"], PASS + "\n"


def _open_any(root: Path) -> Vault:
    try:
        return Vault.open(root, PASS)
    except WrongPassphrase:
        return Vault.open(root, NEW)


def _duration(op: str, tmp: Path, base: Path, old_base: Path, big: Path, env: dict[str, str]) -> float:
    """How long the operation takes uninterrupted here, so kills land inside it."""
    root = tmp / f"calibrate-{op}"
    shutil.copytree(old_base if op == "migration" else base, root)
    cmd, stdin = _command(op, root, big, tmp / f"calibrate-{op}.pdf")
    start = time.perf_counter()
    subprocess.run(cmd, input=stdin.encode(), capture_output=True, cwd=ROOT,
                   env=dict(env, SPRAVKA_VAULT=str(root)), check=True)
    elapsed = time.perf_counter() - start
    shutil.rmtree(root)
    (tmp / f"calibrate-{op}.pdf").unlink(missing_ok=True)
    return elapsed


@pytest.mark.slow
def test_random_kills_never_lose_committed_data(tmp_path: Path) -> None:
    kills = int(os.environ.get("SPRAVKA_CRASH_KILLS", "50"))
    rnd = random.Random(int(os.environ.get("SPRAVKA_CRASH_SEED", "20261122")))
    base, hashes = _base(tmp_path)
    old_base, _ = _base(tmp_path, schema_upto=1)
    big = tmp_path / "big.png"
    big.write_bytes(png() + os.urandom(24 << 20))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("SPRAVKA_FAULT", None)
    durations = {op: _duration(op, tmp_path, base, old_base, big, env) for op in OPERATIONS}
    killed = completed = 0
    for i in range(kills):
        op = OPERATIONS[i % len(OPERATIONS)]
        root = tmp_path / f"run{i}"
        shutil.copytree(old_base if op == "migration" else base, root)
        out = tmp_path / f"export{i}.pdf"
        cmd, stdin = _command(op, root, big, out)
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=dict(env, SPRAVKA_VAULT=str(root)),
                                cwd=ROOT)
        assert proc.stdin is not None
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
        time.sleep(rnd.uniform(0.05, 0.95) * durations[op])
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        killed += code == -signal.SIGKILL
        completed += code == 0
        with _open_any(root) as vault:
            report = verify_vault(vault)
            assert report.ok, (i, op, report.to_json())
            rows = {r["id"]: r["sha256"] for r in list_rows(vault)}
        for doc_id, digest in hashes.items() if op != "migration" else ():
            assert rows[doc_id] == digest, (i, op)
        if out.exists():  # an export that finished is whole and encrypted
            check = subprocess.run(["qpdf", "--requires-password", str(out)])
            assert check.returncode == 0, (i, op)
        shutil.rmtree(root)
    from tests.proof.figures import record

    record("crash", {"runs": kills, "killed_mid_operation": killed, "completed_before_kill": completed,
                     "operations": list(OPERATIONS)})
    assert killed >= kills // 3  # the loop really interrupts work, not just idle processes
