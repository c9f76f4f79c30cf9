"""Spare copies of the key, recorded inside the encrypted database (where, when).

A JSON value in the ``settings`` table: no migration, and nothing about the
spares is readable without the key. Panic cannot reach a spare that is not
connected; it survives but opens nothing once the database is gone.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault

SETTING = "key_spares"


@dataclass(frozen=True)
class Spare:
    path: str
    mount: str
    made: str  # ISO date

    @property
    def reachable(self) -> bool:
        return Path(self.path).is_file()

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "reachable": self.reachable}


def list_spares(vault: Vault) -> list[Spare]:
    from vault.storage.models import Setting

    with vault.session() as s:
        row = s.get(Setting, SETTING)
        items = json.loads(row.value) if row is not None else []
    return [Spare(str(i["path"]), str(i["mount"]), str(i["made"])) for i in items]


def record_spare(vault: Vault, path: Path, mount: Path, made: date) -> Spare:
    spare = Spare(str(path), str(mount), made.isoformat())
    others = [s for s in list_spares(vault) if s.path != spare.path]
    _save(vault, [*others, spare], "key.copied")
    return spare


def _save(vault: Vault, spares: list[Spare], action: str) -> None:
    from vault.storage import audit
    from vault.storage.models import Setting

    value = json.dumps([asdict(s) for s in spares], ensure_ascii=False)
    with vault.session() as s:
        s.merge(Setting(key=SETTING, value=value))
        audit.append(s, action, {"count": len(spares)})
