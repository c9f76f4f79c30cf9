"""Where the keyslot file lives: the vault folder or a removable drive.

The whole key material is the 2 KiB keyslot file; kept on a drive, the laptop
alone opens nothing. Order of the search: ``--key-dir``, ``$SPRAVKA_KEY_DIR``,
the vault folder, then mounted removable media. ``vault.keys.probe`` does the
search (a panic uses it alone); this module adds the parse. A copy half-way through a
move (the pending name) counts only when no finished copy exists anywhere, so
a crash during ``key move`` never leaves zero or two usable keys.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vault.errors import KeyslotError
from vault.keys.keyslots import SlotFile, decode
from vault.keys.layout import NotAKeyFile, read_key_file
from vault.keys.probe import DEFAULT_NAME as DEFAULT_NAME
from vault.keys.probe import ENV_KEY_DIR as ENV_KEY_DIR
from vault.keys.probe import ENV_KEY_NAME as ENV_KEY_NAME
from vault.keys.probe import VAULT_NAME as VAULT_NAME
from vault.keys.probe import candidate_dirs, name_in, pending_name, place_kind
from vault.keys.probe import key_name as key_name
from vault.keys.probe import media_mounts as media_mounts
from vault.keys.probe import reachable_copies as reachable_copies

NOT_HERE = ("keyslot file missing: the key is not here; insert the drive that holds it "
            "or pass --key-dir")


def mount_point(path: Path) -> Path:
    """The mount point that holds ``path`` (the directory itself when unknown)."""
    probe = path.resolve()
    while not os.path.ismount(probe) and probe.parent != probe:
        probe = probe.parent
    return probe


@dataclass(frozen=True)
class KeyLocation:
    """A found keyslot file, what kind of place holds it, and leftovers to tidy."""

    path: Path
    kind: str  # "vault" or "drive"
    slot_file: SlotFile = field(repr=False, compare=False)
    pending: bool = False
    stale: tuple[Path, ...] = ()

    @property
    def mount(self) -> Path | None:
        return mount_point(self.path.parent) if self.kind == "drive" else None

    @property
    def final_path(self) -> Path:
        """Where the key lives once a move a crash interrupted is finished."""
        return self.path.with_name(self.path.name[1:-len(".new")]) if self.pending else self.path

    def to_json(self) -> dict[str, str | None]:
        return {"key_location": self.kind, "key_mount": str(self.mount) if self.mount else None,
                "key_path": str(self.final_path)}


def locate(vault_root: Path, key_dir: Path | None = None, *,
           env: Mapping[str, str] | None = None, media: list[Path] | None = None) -> KeyLocation:
    """The keyslot file to unlock with, or ``KeyslotError`` (exit 4) with one line."""
    dirs = candidate_dirs(vault_root, key_dir, env=env, media=media)
    damaged: list[tuple[Path, KeyslotError]] = []
    found: list[tuple[Path, SlotFile]] = []
    pending: list[tuple[Path, SlotFile]] = []
    for d in dirs:
        name = name_in(d, vault_root, env)
        for path, bucket in ((d / name, found), (d / pending_name(name), pending)):
            try:
                bucket.append((path, _read(path)))
            except FileNotFoundError:
                continue
            except KeyslotError as err:
                if bucket is found:
                    damaged.append((path, err))
    if found:
        path, sf = found[0]
        return KeyLocation(path, place_kind(path, vault_root), sf,
                           stale=tuple(p for p, _sf in pending))
    if pending:
        path, sf = pending[0]
        leftovers = [p for p, _sf in pending[1:]] + [p for p, _err in damaged]
        return KeyLocation(path, place_kind(path, vault_root), sf, pending=True, stale=tuple(leftovers))
    if damaged:
        raise damaged[0][1]
    raise KeyslotError(NOT_HERE)


def _read(path: Path) -> SlotFile:
    try:
        data = read_key_file(path)
    except FileNotFoundError:
        raise
    except NotAKeyFile as exc:
        raise KeyslotError(f"keyslot file damaged: {exc}") from None
    except OSError as exc:
        raise KeyslotError(f"keyslot file unreadable: {exc.strerror or exc}") from None
    return decode(data)
