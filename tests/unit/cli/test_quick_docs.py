"""``spravka docs --passphrase-stdin --json`` before click and without SQLAlchemy on its path
(vault/cli/quick.py, vault/records/quicklist.py; issue 18): the same bytes, errors and exit
codes as the click command, the same unlock (duress, recovery key, old schema, pending
re-key) and the same time for a right and a wrong passphrase."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, Result, make_vault
from vault.cli.quick import DocsArgs, parse_docs
from vault.core import Vault
from vault.errors import WrongPassphrase
from vault.keys.unlock import UNLOCK_FLOOR_S
from vault.records.quicklist import list_documents
from vault.storage.lockfile import DirLock

QUICK = ("docs", "--passphrase-stdin", "--json")
CLICK = ("docs", "--passphrase-stdin", "--json", "--json")  # a repeat: click's path


@pytest.mark.parametrize(("argv", "expected"), [
    (list(QUICK), DocsArgs(None, None)),
    (["--vault", "/a", "docs", "--json", "--passphrase-stdin"], DocsArgs("/a", None)),
    (["--vault=/a", "--key-dir=/k", "docs", "--passphrase-stdin", "--json", "--vault", "/b"],
     DocsArgs("/b", "/k")),  # the subcommand's --vault wins, as in click
])
def test_the_plain_form_is_taken(argv: list[str], expected: DocsArgs) -> None:
    assert parse_docs(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["docs"], ["docs", "--json"], ["docs", "--passphrase-stdin"], list(CLICK),
    ["docs", "--passphrase-stdin", "--json", "--help"], ["--help", *QUICK],
    ["docs", "--passphrase-stdin=1", "--json"], ["docs", "--passphrase-stdin", "--json", "x"],
    ["docs", "--passphrase-stdin", "--json", "--vault"], ["--json", *QUICK],
    ["docs", "--passphrase-stdin", "--json", "--key-dir", " "], ["doc", "--passphrase-stdin", "--json"],
    ["panic", "--yes"], ["docs", "--passphrase-stdin", "--json", "--yes"],
])
def test_anything_else_is_left_to_click(argv: list[str]) -> None:
    assert parse_docs(argv) is None


def _entry(*args: str, vault: Path, stdin: str = PASS + "\n", probe: str = "",
           env: dict[str, str] | None = None) -> Result:
    code = probe + "\nfrom vault.cli.entry import main\nmain()\n"
    proc = subprocess.run([sys.executable, "-c", code, *args], input=stdin.encode(),
                          capture_output=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(vault),
                                   **(env or {})))
    return Result(proc.returncode, proc.stdout.decode("utf-8", "backslashreplace"),
                  proc.stderr.decode("utf-8", "backslashreplace"))


def _both(vault: Path, stdin: str = PASS + "\n", env: dict[str, str] | None = None
          ) -> tuple[Result, Result]:
    return (_entry(*QUICK, vault=vault, stdin=stdin, env=env),
            _entry(*CLICK, vault=vault, stdin=stdin, env=env))


def _seed(root: Path, **kwargs: object) -> None:
    from vault.records.values import now_iso
    from vault.storage.models import DocumentRow

    vault = make_vault(root, **kwargs)
    with vault.session() as s:
        s.add(DocumentRow(kind="outpatient_record", added=now_iso(), media_type="image/jpeg",
                          size=10, sha256="a" * 64, page_count=2, facility="Поликлиника № 3",
                          original_name="выписка\x1b[31m.jpg", notes="строка\nвторая\u202e",
                          icd10="F32.1,J45", rotation='{"1": 90}', issued="2026-05-01"))
        s.add(DocumentRow(kind="other", added=now_iso(), media_type="application/pdf", size=3,
                          sha256="b" * 64, page_count=1, title="Своё название", reviewed=True))
    vault.lock()


def test_the_same_bytes_as_the_click_command(tmp_path: Path) -> None:
    _seed(tmp_path / "v")
    quick, slow = _both(tmp_path / "v")
    assert quick.code == slow.code == 0, (quick.err, slow.err)
    assert quick.out == slow.out and quick.err == slow.err == ""
    rows = json.loads(quick.out)
    assert [r["title"] for r in rows][1] == "Своё название" and rows[0]["rotation"] == {"2": 90}
    assert "\x1b" not in quick.out and "\u202e" not in quick.out


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LC_ALL": "C", "PYTHONUTF8": "0"}])
def test_a_misconfigured_locale_prints_what_click_prints(tmp_path: Path, env: dict[str, str]) -> None:
    _seed(tmp_path / "v")
    quick, slow = _both(tmp_path / "v", env=env)
    assert quick.code == slow.code and quick.out == slow.out and quick.err == slow.err
    assert quick.code == 0 or "Поликлиника" not in slow.out


@pytest.mark.parametrize("case", ["wrong", "empty", "no-line", "missing", "damaged", "locked"])
def test_errors_are_the_same_on_both_paths(tmp_path: Path, case: str) -> None:
    root = tmp_path / "v"
    if case != "missing":
        _seed(root)
    stdin = {"wrong": "not it\n", "empty": "\n", "no-line": ""}.get(case, PASS + "\n")
    if case == "damaged":
        with (root / "d").open("r+b") as f:  # page 1 of the database: authentication fails
            f.seek(100)
            f.write(b"\xff" * 64)
    held = DirLock(root) if case == "locked" else None
    try:
        quick, slow = _both(root, stdin)
    finally:
        if held is not None:
            held.release()
    assert quick.code == slow.code != 0
    assert quick.err == slow.err and quick.err.startswith("spravka: ") and quick.out == slow.out == ""
    assert quick.err.count("\n") == 1


_LEAN = """
import json, os, sys
from vault.core import Vault
calls = []
_from_keys = Vault.from_keys.__func__
Vault.from_keys = classmethod(lambda cls, *a, **k: calls.append(1) or _from_keys(cls, *a, **k))
_exit = os._exit  # the plain listing skips the interpreter's teardown (and atexit) on success
def _report(code):
    sys.stderr.write(json.dumps({"from_keys": len(calls), "click": "click" in sys.modules}) + "\\n")
    sys.stderr.flush()
    _exit(code)
os._exit = _report
"""


def test_the_plain_case_needs_neither_click_nor_the_vault_object(tmp_path: Path) -> None:
    _seed(tmp_path / "v")
    res = _entry(*QUICK, vault=tmp_path / "v", probe=_LEAN)
    assert res.code == 0 and len(res.json()) == 2
    assert json.loads(res.err) == {"from_keys": 0, "click": False}


def test_duress_goes_through_the_vault_and_erases_as_before(tmp_path: Path) -> None:
    root = tmp_path / "v"
    _seed(root)
    vault = Vault.open(root, PASS)
    vault.set_duress("под давлением")
    vault.lock()
    res = _entry(*QUICK, vault=root, stdin="под давлением\n", probe=_LEAN)
    assert res.code == 0 and res.json() == []
    assert json.loads(res.err.splitlines()[-1])["from_keys"] == 1
    with pytest.raises(WrongPassphrase):
        Vault.open(root, PASS)


def test_a_recovery_key_reads_on_the_plain_path(tmp_path: Path) -> None:
    from vault.keys.kdf import TEST_PARAMS

    vault, key = Vault.create(tmp_path / "v", PASS, params=TEST_PARAMS, with_recovery=True)
    vault.lock()
    assert key
    res = _entry(*QUICK, vault=tmp_path / "v", stdin=key + "\n", probe=_LEAN)
    assert res.code == 0 and res.json() == [] and json.loads(res.err)["from_keys"] == 0


def test_an_old_schema_is_upgraded_as_the_click_path_would(tmp_path: Path) -> None:
    make_vault(tmp_path / "v", schema_upto=1).lock()
    res = _entry(*QUICK, vault=tmp_path / "v", probe=_LEAN)
    assert res.code == 0 and res.json() == [] and json.loads(res.err)["from_keys"] == 1
    from vault.storage.store import latest_version, schema_version

    vault = Vault.open(tmp_path / "v", PASS)
    try:
        assert schema_version(vault.engine) == latest_version()
    finally:
        vault.lock()


def test_a_stale_rekey_copy_is_cleared_as_the_click_path_would(tmp_path: Path) -> None:
    _seed(tmp_path / "v")
    stale = tmp_path / "v" / "d.next"
    stale.write_bytes(b"from before the commit point")
    res = _entry(*QUICK, vault=tmp_path / "v", probe=_LEAN)
    assert res.code == 0 and len(res.json()) == 2 and json.loads(res.err)["from_keys"] == 1
    assert not stale.exists()


@pytest.mark.serial
def test_unlock_timing_does_not_tell_the_real_passphrase_from_a_wrong_one(tmp_path: Path) -> None:
    """On each path (the lean listing and ``Vault.open``) the real and a wrong
    passphrase take the same time. The two paths are compared only after the floor
    starts: before it, the lean path's preload (which overlaps Argon2id at real
    cost parameters) outlasts the test parameters' tiny Argon2id by a machine-
    dependent amount that says nothing about the passphrase."""
    root = tmp_path / "v"
    make_vault(root).lock()
    times: dict[str, list[float]] = {k: [] for k in ("lean", "lean-wrong", "open", "open-wrong")}
    floors: dict[str, list[float]] = {"lean": [], "open": []}
    for _ in range(30):
        for kind in times:
            secret = "not it" if kind.endswith("wrong") else PASS
            start = time.perf_counter()
            opened = None
            try:
                if kind.startswith("open"):
                    opened = Vault.open(root, secret)
                else:
                    floors["lean"].append(list_documents(root, secret).floor_sleep_seconds)
            except WrongPassphrase:
                pass
            times[kind].append(time.perf_counter() - start)
            if opened is not None:  # outside the timing, as in test_panic's timing test
                opened.lock()
                floors["open"].append(opened.floor_sleep_seconds)
    med = {k: statistics.median(v) for k, v in times.items()}
    assert abs(med["lean"] - med["lean-wrong"]) < 0.015, med
    assert abs(med["open"] - med["open-wrong"]) < 0.015, med
    # Both paths pad to the same floor: each sleeps most of it (the work after the
    # key derivation is small next to UNLOCK_FLOOR_S), so neither skips it.
    for path, slept in floors.items():
        assert statistics.median(slept) > UNLOCK_FLOOR_S / 3, (path, slept)
