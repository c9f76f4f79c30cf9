"""Every exit code in the README's scripting contract, produced by the real CLI.

``SCENARIOS`` holds one way to reach each code; ``test_every_readme_code_has_a_scenario``
reads the README table so a new code cannot be documented without a test.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, Result, init_vault, make_vault, spravka

IN = PASS + "\n"
Scenario = Callable[[Path], Result]


def _vault(tmp: Path) -> Path:
    root = tmp / "v"
    init_vault(root)
    return root


def internal(tmp: Path) -> Result:
    root = _vault(tmp)
    (root / "d").unlink()
    (root / "d").mkdir()  # SQLite cannot open a directory: not damage, not a user error
    return spravka("info", "--passphrase-stdin", stdin=IN, vault=root)


def usage(tmp: Path) -> Result:
    return spravka("no-such-command", vault=tmp / "v")


def wrong_passphrase(tmp: Path) -> Result:
    return spravka("info", "--passphrase-stdin", stdin="not it\n", vault=_vault(tmp))


def keyslots_missing(tmp: Path) -> Result:
    root = _vault(tmp)
    (root / "k").unlink()
    return spravka("info", "--passphrase-stdin", stdin=IN, vault=root)


def database_damaged(tmp: Path) -> Result:
    root = _vault(tmp)
    with open(root / "d", "r+b") as fh:
        fh.seek(100)
        fh.write(bytes(64))
    return spravka("info", "--passphrase-stdin", stdin=IN, vault=root)


def in_use(tmp: Path) -> Result:
    holder = make_vault(tmp / "v")  # this process holds the vault's lock
    try:
        return spravka("info", "--passphrase-stdin", stdin=IN, vault=tmp / "v")
    finally:
        holder.lock()


def no_space(tmp: Path) -> Result:
    from tests.proof import kit

    if not kit.is_root():
        pytest.skip("needs root to mount a small tmpfs (CI runs as root)")
    with kit.tmpfs_mount(tmp / "small", "3m") as small:
        root = small / "v"
        init_vault(root)
        big = tmp / "big.png"
        from PIL import Image

        Image.frombytes("RGB", (1200, 1200), os.urandom(1200 * 1200 * 3)).save(big)
        res = spravka("import", "--passphrase-stdin", str(big), stdin=IN, vault=root)
        after = spravka("verify", "--passphrase-stdin", stdin=IN, vault=root)
        assert after.code == 0, after.err  # nothing stored is lost
        return res


def no_vault(tmp: Path) -> Result:
    return spravka("info", "--passphrase-stdin", stdin=IN, vault=tmp / "nothing-here")


def invalid_value(tmp: Path) -> Result:
    return spravka("summons", "add", "--passphrase-stdin", "--appear-on", "31.02.2026",
                   stdin=IN, vault=_vault(tmp))


def rule_data_broken(tmp: Path) -> Result:
    """A copy of the program whose rule data has a bad value, run from that copy."""
    copy = tmp / "src"
    for name in ("vault", "schema"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    periods = copy / "schema" / "rules" / "periods.toml"
    text = periods.read_text(encoding="utf-8")
    periods.write_text(text.replace("max_days_after_placement = 30",
                                    "max_days_after_placement = -3"), encoding="utf-8")
    root = _vault(tmp)
    env = dict(os.environ, PYTHONPATH=str(copy), SPRAVKA_VAULT=str(root))
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", "gaps", "--passphrase-stdin"],
                          input=IN, capture_output=True, text=True, env=env, cwd=copy, timeout=120)
    assert "periods.toml" in proc.stderr, proc.stderr
    return Result(proc.returncode, proc.stdout, proc.stderr)


def integrity(tmp: Path) -> Result:
    from tests.unit.verify.test_tamper import CASES, _tamper

    root = _vault(tmp)
    _tamper(root, *CASES["audit row edited"][0])
    return spravka("verify", "--passphrase-stdin", stdin=IN, vault=root)


def import_rejected(tmp: Path) -> Result:
    note = tmp / "note.txt"
    note.write_text("not a scan\n")
    return spravka("import", "--passphrase-stdin", str(note), stdin=IN, vault=_vault(tmp))


def export_failed(tmp: Path) -> Result:
    return spravka("export", "--passphrase-stdin", "--out", str(tmp / "b.pdf"), stdin=IN,
                   vault=_vault(tmp))


def no_such_record(tmp: Path) -> Result:
    return spravka("doc", "show", "99", "--passphrase-stdin", stdin=IN, vault=_vault(tmp))


def cancelled(tmp: Path) -> Result:
    """'No' at the panic confirmation, typed on a real terminal (a pty)."""
    root = _vault(tmp)
    primary, secondary = os.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "vault.cli.main", "panic"], stdin=secondary,
                            stdout=secondary, stderr=secondary, env=env, cwd=ROOT)
    os.close(secondary)
    seen = b""
    deadline = time.monotonic() + 60
    while b"[y/N]" not in seen and time.monotonic() < deadline:
        if select.select([primary], [], [], 1)[0]:
            seen += os.read(primary, 1024)
    os.write(primary, b"n\n")
    code = proc.wait(timeout=60)
    while select.select([primary], [], [], 0.2)[0]:
        try:
            seen += os.read(primary, 1024)
        except OSError:
            break
    os.close(primary)
    assert (root / "k").exists()  # nothing was touched
    return Result(code, "", seen.decode(errors="replace").splitlines()[-1] + "\n")


SCENARIOS: dict[int, Scenario] = {
    1: internal, 2: usage, 3: wrong_passphrase, 4: keyslots_missing, 5: database_damaged,
    6: in_use, 7: no_space, 8: no_vault, 9: invalid_value, 10: rule_data_broken, 11: integrity,
    12: import_rejected, 13: export_failed, 14: no_such_record, 15: cancelled,
}


def readme_codes() -> dict[int, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("the exit code says which:")
    sentence = text[start: text.index("Exit 0 only on success", start)]
    return {int(n): what.strip() for n, what in re.findall(r"(\d+) ([^,]+)", sentence)}


def test_every_readme_code_has_a_scenario() -> None:
    codes = readme_codes()
    assert sorted(codes) == list(range(1, 16)), codes
    assert sorted(SCENARIOS) == sorted(codes)


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_exit_code(code: int, tmp_path: Path) -> None:
    res = SCENARIOS[code](tmp_path)
    assert res.code == code, (code, res.code, res.err)
    assert res.err.startswith("spravka: "), res.err
    assert res.err.count("\n") == 1 and "Traceback" not in res.err, res.err
