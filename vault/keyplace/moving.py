"""Moving the key of an open vault between its folder and a drive; making spares.

The vault stays locked against other processes throughout (its directory
lock). The new copy is checked against the keyslot file the vault was
unlocked with before the old one is destroyed (``vault.keys.relocate``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput
from vault.keyplace.spares import Spare, list_spares, record_spare
from vault.keys import relocate
from vault.keys.location import VAULT_NAME, KeyLocation, key_name, mount_point
from vault.paths import VaultPaths

if TYPE_CHECKING:
    from vault.core import Vault

TO_VAULT = "vault"


def current(vault: Vault) -> KeyLocation:
    """The copy this vault was opened with."""
    path = vault.paths.keyslots
    kind = "vault" if path.parent == vault.paths.root else "drive"
    return KeyLocation(path, kind, vault.slot_file)


def move_key(vault: Vault, to: Path | str) -> KeyLocation:
    """Move the key to ``to`` (a directory, or ``"vault"`` for the vault folder)."""
    from vault.storage import audit

    dest_dir = vault.paths.root if str(to) == TO_VAULT else _directory(to)
    name = VAULT_NAME if dest_dir == vault.paths.root else key_name()
    new = relocate.move(current(vault), dest_dir, name)
    vault.paths = VaultPaths(vault.paths.root, new)
    where = current(vault)
    with vault.session() as s:
        audit.append(s, "key.moved", {"to": where.kind})
    return where


def copy_key(vault: Vault, to: Path, *, today: date | None = None) -> Spare:
    """Write a spare copy into ``to`` and record it (where, when) in the database."""
    dest_dir = _directory(to)
    path = relocate.copy(current(vault), dest_dir, key_name())
    return record_spare(vault, path, mount_point(dest_dir), today or date.today())


def _directory(value: Path | str) -> Path:
    """An absolute directory from user input; an empty value is never "here"."""
    if not str(value).strip():
        raise InvalidInput("give the directory on the drive (or 'vault')")
    return Path(value).expanduser().absolute()


def key_status(vault: Vault) -> dict[str, Any]:
    """Where the key lives and which spares exist, for ``key status`` and the TUI."""
    spares = list_spares(vault)
    return {**current(vault).to_json(), "copies": 1 + len(spares),
            "spares": [s.to_json() for s in spares]}


def place_restored_key(target: Path, key_dir: Path) -> KeyLocation:
    """After a restore: move the restored vault's key onto a drive."""
    from vault.keys.location import locate

    found = locate(target, key_dir=target, media=[])
    new = relocate.move(found, key_dir, key_name())
    return KeyLocation(new, "drive", found.slot_file)
