"""``spravka panic --yes`` before click loads (vault/cli/quick.py, issue 18): the plain form
destroys the keys with only the panic path imported, prints and exits exactly as the click
command does, and any other command line is left to click."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, Result, make_vault
from vault.cli.quick import PanicArgs, parse_panic

_PROBE = """
import json, sys
import vault.keys.erase as erase
def checkpoint(name):
    if name == "panic-after-erase":
        loaded = [m for m in ("click", "argon2", "sqlalchemy", "sqlcipher3", "vault.cli.main",
                              "vault.core", "vault.storage") if m in sys.modules]
        print(json.dumps(loaded), flush=True)
erase.checkpoint = checkpoint
from vault.cli.entry import main
main(sys.argv[1:])
"""

# What the erase does not need, and costs start-up ms before it (issue 18, the panic figures).
_LEAN_PROBE = """
import sys
before = set(sys.modules)
import vault.keys.erase as erase
def checkpoint(name):
    if name == "panic-after-erase":
        heavy = ("cryptography", "dataclasses", "typing", "inspect", "json", "ctypes", "secrets",
                 "hashlib", "vault.keys.keyslots", "vault.keys.location", "vault.panic.registry")
        sys.stdout.write(",".join(m for m in heavy if m in sys.modules and m not in before) + "\\n")
        sys.stdout.flush()
erase.checkpoint = checkpoint
from vault.cli.entry import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize(("argv", "expected"), [
    (["panic", "--yes"], PanicArgs(None, None, False, "")),
    (["--vault", "/v", "panic", "--json", "--yes"], PanicArgs("/v", None, True, "")),
    (["--vault=/a", "--key-dir=/k", "panic", "--yes", "--vault", "/b", "--message", "пока"],
     PanicArgs("/b", "/k", False, "пока")),  # the subcommand's --vault wins, as in click
    (["panic", "--yes", "--key-dir", "/k1", "--message="], PanicArgs(None, "/k1", False, "")),
])
def test_the_plain_form_is_taken(argv: list[str], expected: PanicArgs) -> None:
    assert parse_panic(argv) == expected


@pytest.mark.parametrize("argv", [
    [], ["docs"], ["panic"], ["panic", "--json"], ["panic", "--yes", "--rehearse"],
    ["panic", "--yes", "--help"], ["--help", "panic", "--yes"], ["--version"],
    ["panic", "--yes", "--yes"], ["panic", "--yes=1"], ["panic", "--yes", "extra"],
    ["panic", "--yes", "--vault"], ["panic", "--yes", "--vault", "--json"],
    ["panic", "--yes", "--vault", " "], ["panic", "--yes", "--key-dir="],
    ["panic", "--yes", "--message", "-x"], ["--json", "panic", "--yes"],
    ["duress", "panic", "--yes"], ["panic", "--yes", "--no-such-option"],
])
def test_anything_else_is_left_to_click(argv: list[str]) -> None:
    assert parse_panic(argv) is None


def test_a_path_click_would_refuse_is_left_to_click(tmp_path: Path) -> None:
    afile = tmp_path / "f"
    afile.write_text("")
    assert parse_panic(["panic", "--yes", "--vault", str(afile)]) is None
    assert parse_panic(["--key-dir", str(afile), "panic", "--yes"]) is None
    assert parse_panic(["panic", "--yes", "--vault", str(tmp_path)]) is not None


def test_keys_are_destroyed_before_click_or_the_vault_core_loads(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    out = subprocess.run([sys.executable, "-c", _PROBE, "panic", "--yes", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root)))
    assert out.returncode == 0, out.stderr
    loaded, report = out.stdout.splitlines()
    assert json.loads(loaded) == []
    assert json.loads(report)["keyslots_destroyed"] is True and not root.exists()


@pytest.mark.parametrize("key_dir", [False, True])
def test_the_erase_point_is_reached_with_the_standard_library_only(tmp_path: Path, key_dir: bool) -> None:
    root, drive = tmp_path / "v", tmp_path / "drive"
    drive.mkdir()
    make_vault(root, key_dir=drive if key_dir else None).lock()
    out = subprocess.run([sys.executable, "-c", _LEAN_PROBE, "--key-dir", str(drive), "panic", "--yes"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root)))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == ""  # none of the heavy modules was loaded before it
    assert not root.exists() and not (drive / "k").exists()


def _entry(*args: str, vault: Path) -> Result:
    proc = subprocess.run([sys.executable, "-m", "vault.cli.entry", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(vault)))
    return Result(proc.returncode, proc.stdout, proc.stderr)


def _same_shape(text: str, root: Path) -> str:
    return re.sub(r'"ms": [0-9.]+', '"ms": 0', text.replace(str(root), "ROOT"))


@pytest.mark.parametrize("args", [("--json",), ("--message", "пока"), ()])
def test_quick_and_click_paths_print_and_exit_alike(tmp_path: Path, args: tuple[str, ...]) -> None:
    quick_root, click_root = tmp_path / "q" / "v", tmp_path / "c" / "v"
    for root in (quick_root, click_root):
        make_vault(root).lock()
    quick = _entry("panic", "--yes", *args, vault=quick_root)
    slow = _entry("panic", "--yes", "--yes", *args, vault=click_root)  # a repeat: click's path
    assert quick.code == slow.code == 0
    assert _same_shape(quick.out, quick_root) == _same_shape(slow.out, click_root)
    assert quick.err == slow.err == ""
    assert not quick_root.exists() and not click_root.exists()


def test_a_failed_destroy_is_the_same_error_on_both_paths(tmp_path: Path) -> None:
    results = []
    for name, extra in (("q", ()), ("c", ("--yes",))):
        root = tmp_path / name / "v"
        make_vault(root).lock()
        (root / "k").unlink()
        (root / "k").mkdir()  # a directory where the key file should be: it cannot be overwritten
        results.append(_entry("panic", "--yes", *extra, vault=root))
    quick, slow = results
    assert quick.code == slow.code != 0
    assert quick.err == slow.err and "could not destroy the keyslots" in quick.err
