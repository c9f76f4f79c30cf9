"""Proof figures: each proof test records what it measured, for scripts/proof.

``record("fuzz", {...})`` merges one key into the JSON file named by
``SPRAVKA_PROOF_FIGURES`` (nothing happens when it is unset). An flock keeps
parallel pytest workers from overwriting each other.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

ENV = "SPRAVKA_PROOF_FIGURES"


def record(key: str, value: Any) -> None:
    print(f"[proof] {key}: {json.dumps(value, ensure_ascii=False)}")
    target = os.environ.get(ENV)
    if not target:
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError:
            data = {}
        data[key] = value
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                       encoding="utf-8")
        os.replace(tmp, path)
