"""The core never imports the UI: checked by import-linter and here at run time."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_core_imports_no_ui() -> None:
    code = (
        "import sys, vault, vault.core, vault.cli.main, vault.verify, vault.info\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_orm_matches_migrated_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect

    from tests.helpers import make_vault
    from vault.storage.models import Base

    vault = make_vault(tmp_path / "v")
    try:
        insp = inspect(vault.engine)
        for table in Base.metadata.sorted_tables:
            db_cols = {c["name"] for c in insp.get_columns(table.name)}
            assert {c.name for c in table.columns} == db_cols, table.name
    finally:
        vault.lock()
