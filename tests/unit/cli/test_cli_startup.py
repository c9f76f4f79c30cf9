"""Start-up: a scripted command loads its own command module and none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

_PROBE = """
import json, sys
from vault.cli.main import cli
found = cli.get_command(None, sys.argv[1])
mods = sorted(m for m in sys.modules if m.startswith("vault.cli.") and m.endswith("_cmds"))
heavy = sorted(m for m in ("sqlalchemy", "pikepdf", "PIL", "fpdf", "textual") if m in sys.modules)
print(json.dumps({"found": found is not None, "modules": mods, "heavy": heavy}))
"""


def _probe(name: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", _PROBE, name], capture_output=True, text=True,  # noqa: S603
                         check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "module"), [("docs", "doc_cmds"), ("export", "export_cmds"),
                                              ("gaps", "evidence_cmds")])
def test_a_scripted_command_loads_only_its_module(name: str, module: str) -> None:
    assert _probe(name) == {"found": True, "modules": [f"vault.cli.{module}"], "heavy": []}


def test_other_commands_still_resolve() -> None:
    probe = _probe("panic")
    from vault.cli.main import COMMAND_MODULES

    assert probe["found"] and probe["heavy"] == []
    assert probe["modules"] == sorted(f"vault.cli.{m}" for m in COMMAND_MODULES)
    assert _probe("no-such-command")["found"] is False
