"""Shared test helpers: run the real CLI in a subprocess, make vaults quickly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASS = "correct horse battery staple"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def spravka(*args: str, stdin: str = "", vault: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> Result:
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONPATH", str(ROOT))
    if vault is not None:
        full_env["SPRAVKA_VAULT"] = str(vault)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "vault.cli.main", *args], input=stdin, capture_output=True,
        text=True, env=full_env, timeout=timeout, cwd=ROOT,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def init_vault(vault: Path, passphrase: str = PASS) -> dict[str, Any]:
    res = spravka("init", "--passphrase-stdin", "--insecure-test-kdf", "--json",
                  stdin=passphrase + "\n", vault=vault)
    assert res.code == 0, res.err
    return res.json()  # type: ignore[no-any-return]


def make_vault(root: Path, passphrase: str = PASS, **kwargs: Any) -> Any:
    from vault.core import Vault
    from vault.keys.kdf import TEST_PARAMS

    vault, _ = Vault.create(root, passphrase, params=TEST_PARAMS, **kwargs)
    return vault
