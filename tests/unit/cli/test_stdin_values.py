"""Record values, search terms and import paths can stay out of argv (``/proc/PID/cmdline``,
shell history): ``--fields-stdin``, ``--query-stdin``, ``--paths-stdin``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.corpus.make_corpus import png
from tests.helpers import PASS, ROOT, init_vault, spravka

SECRET_NOTE = "диагноз-канарейка-7731"


def _stdin(fields: dict[str, object]) -> str:
    return PASS + "\n" + json.dumps(fields, ensure_ascii=False)


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stdin") / "v"
    init_vault(root)
    scan = root.parent / "scan.png"
    scan.write_bytes(png())
    res = spravka("import", "--passphrase-stdin", "--paths-stdin", "--json",
                  stdin=f"{PASS}\n{scan}\n", vault=root)
    assert res.code == 0, res.err
    assert res.json()[0]["status"] == "imported"
    return root


def test_cmdline_holds_no_field_value_while_waiting(vault: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SPRAVKA_VAULT": str(vault)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vault.cli.main", "condition", "add", "--passphrase-stdin",
         "--fields-stdin", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    try:
        time.sleep(1.0)  # it now waits for the passphrase line
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode()
        out, err = proc.communicate(_stdin({"icd10": "J45.0", "article": 52, "subitem": "в",
                                            "primary": True, "notes": SECRET_NOTE}), timeout=120)
    finally:
        proc.kill()
    assert "--fields-stdin" in cmdline
    assert SECRET_NOTE not in cmdline and "J45" not in cmdline
    assert proc.returncode == 0, err
    row = json.loads(out)
    assert row["notes"] == SECRET_NOTE and row["icd10"] == "J45.0" and row["article"] == 52


@pytest.mark.parametrize("args, fields, check", [
    (("summons", "add"), {"appear_on": "2026-12-01", "channel": "registry", "attended": False,
                          "notes": SECRET_NOTE}, lambda r: r["notes"] == SECRET_NOTE),
    (("letter", "add"), {"purpose": "ags", "sent": "2026-03-20", "tracking": "80085193123453"},
     lambda r: r["tracking"] == "80085193123453"),
    (("doc", "set", "1"), {"notes": SECRET_NOTE, "icd10": "J45.0"},
     lambda r: r["notes"] == SECRET_NOTE),
    (("profile", "set"), {"name": "Иван Петров", "birth_date": "2005-02-28"},
     lambda r: r["name"] == "Иван Петров"),
    (("settings", "set"), {"ags_target_period": "2027-spring"},
     lambda r: r["ags_target_period"] == "2027-spring"),
])
def test_every_value_command_takes_fields_on_stdin(vault: Path, args: tuple[str, ...],
                                                   fields: dict[str, object], check: object) -> None:
    res = spravka(*args, "--passphrase-stdin", "--fields-stdin", "--json", stdin=_stdin(fields),
                  vault=vault)
    assert res.code == 0, res.err
    assert check(res.json())  # type: ignore[operator]


def test_set_and_link_on_stdin(vault: Path) -> None:
    cond = spravka("condition", "add", "--passphrase-stdin", "--fields-stdin", "--json",
                   stdin=_stdin({"icd10": "J45.1", "article": 52}), vault=vault).json()
    res = spravka("condition", "set", str(cond["id"]), "--passphrase-stdin", "--fields-stdin",
                  "--json", stdin=_stdin({"notes": SECRET_NOTE}), vault=vault)
    assert res.code == 0 and res.json()["notes"] == SECRET_NOTE
    res = spravka("link", "--passphrase-stdin", "--fields-stdin", "--json", vault=vault,
                  stdin=_stdin({"document_id": 1, "condition_id": cond["id"], "element": "current"}))
    assert res.code == 0 and res.json()["linked"] is True
    summons = spravka("summons", "add", "--appear-on", "2026-11-01", "--passphrase-stdin", "--json",
                      stdin=PASS + "\n", vault=vault).json()
    res = spravka("summons", "set", str(summons["id"]), "--passphrase-stdin", "--fields-stdin",
                  "--json", stdin=_stdin({"covered_by": [1], "notes": "x"}), vault=vault)
    assert res.code == 0, res.err


def test_search_query_on_stdin(vault: Path) -> None:
    spravka("doc", "set", "1", "--passphrase-stdin", "--fields-stdin", stdin=_stdin(
        {"diagnosis": "обострение астмы"}), vault=vault)
    res = spravka("search", "--passphrase-stdin", "--query-stdin", "--json",
                  stdin=PASS + "\nобострения\n", vault=vault)
    assert res.code == 0, res.err
    assert [h["document_id"] for h in res.json()] == [1]


@pytest.mark.parametrize("args, stdin, code", [
    (("condition", "add", "--fields-stdin"), PASS + "\n{", 9),
    (("condition", "add", "--fields-stdin"), PASS + "\n[1, 2]", 9),
    (("condition", "add", "--fields-stdin"), PASS + '\n{"icd10": {"a": 1}}', 9),
    (("condition", "add", "--fields-stdin"), PASS + '\n{"article": 52}', 9),
    (("condition", "add", "--fields-stdin", "--icd10", "J45.0"), PASS + "\n{}", 2),
    (("condition", "add", "--article", "52"), PASS + "\n", 2),
    (("doc", "set", "1"), PASS + "\n", 2),
    (("search",), PASS + "\n", 2),
    (("search", "--query-stdin"), PASS + "\n  \n", 9),
    (("import", "--paths-stdin"), PASS + "\n\n", 9),
    (("link", "--fields-stdin"), PASS + '\n{"document_id": 1}', 9),
])
def test_bad_stdin_values_are_one_line_errors(vault: Path, args: tuple[str, ...], stdin: str,
                                              code: int) -> None:
    res = spravka(*args, "--passphrase-stdin", stdin=stdin, vault=vault)
    assert res.code == code, res.err
    assert len(res.err.strip().splitlines()) == 1 and "Traceback" not in res.err
