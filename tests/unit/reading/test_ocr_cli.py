"""The `search`, `ocr` and `suggest` JSON contracts, through a real subprocess.

The commands are added to the group here if the lead has not registered them
yet, so the test exercises ``main()``'s error handling either way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import PASS, ROOT, Result, make_vault
from tests.unit.reading.conftest import import_paths, needs_tesseract, write_png
from tests.unit.reading.gen import make_sample

RUN = ("import sys; from vault.cli import main, search_cmds\n"
       "getattr(main, '_register', lambda: None)()\n"
       "[main.cli.add_command(c) for c in search_cmds.COMMANDS if c.name not in main.cli.commands]\n"
       "sys.argv[0] = 'spravka'; main.main(sys.argv[1:])\n")


def cli(*args: str, vault: Path, env: dict[str, str] | None = None) -> Result:
    full = dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(vault), **(env or {}))
    proc = subprocess.run([sys.executable, "-c", RUN, *args, "--passphrase-stdin"], input=PASS + "\n",
                          capture_output=True, text=True, env=full, cwd=ROOT, timeout=120)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@needs_tesseract
def test_ocr_then_search_then_suggest(tmp_path: Path) -> None:
    sample = make_sample(1005)
    vault = make_vault(tmp_path / "v")
    try:
        (doc_id,) = import_paths(vault, [write_png(sample, tmp_path / "scan.png")])
    finally:
        vault.lock()
    res = cli("ocr", "--json", vault=tmp_path / "v")
    assert res.code == 0, res.err
    (row,) = res.json()
    assert row["document_id"] == doc_id and row["status"] == "done" and row["ocr_pages"] == 1
    assert cli("ocr", "--json", vault=tmp_path / "v").json() == []

    res = cli("search", "--json", "бронхиальной астмой", vault=tmp_path / "v")
    assert res.code == 0, res.err
    (hit,) = res.json()
    assert hit.keys() == {"document_id", "kind", "issued", "snippet"}
    assert hit["document_id"] == doc_id and "астм" in hit["snippet"].lower()
    assert cli("search", "--json", "бассейн", vault=tmp_path / "v").json() == []

    res = cli("suggest", "--json", str(doc_id), vault=tmp_path / "v")
    assert res.code == 0, res.err
    pairs = {(s["field"], s["value"]) for s in res.json()}
    assert ("issued", sample.issued.isoformat()) in pairs and ("icd10", sample.icd10) in pairs
    assert all(s.keys() == {"field", "value", "fragment", "confidence", "ref"} for s in res.json())


def test_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    make_vault(tmp_path / "v").lock()
    res = cli("search", "--json", "…", vault=tmp_path / "v")
    assert res.code == 9 and res.err.count("\n") == 1 and "no words" in res.err
    res = cli("suggest", "--json", "42", vault=tmp_path / "v")
    assert res.code == 14 and res.err.startswith("spravka: no document with id 42")
    res = cli("ocr", "--json", vault=tmp_path / "v", env={"PATH": str(tmp_path)})
    assert res.code == 16 and res.err.startswith("spravka: OCR is unavailable") and res.out == ""
