"""Is the key here? A cheap check the unlock screen polls in a thread worker.

The check reads at most a few 2 KiB files (the key's candidate places); it never
unlocks anything, so a passphrase typed early stays in memory until it says yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass(frozen=True)
class KeyPresence:
    present: bool
    kind: str | None = None  # "vault" or "drive"
    where: str | None = None  # the drive's mount point


@dataclass
class KeyChecked(Message):
    presence: KeyPresence


@dataclass
class KeyAwaited(Message):
    """An unlock found no key: the secret is held again until the drive appears."""

    secret: str


def key_presence(vault_dir: Path, key_dir: Path | None) -> KeyPresence:
    from vault.errors import KeyslotError
    from vault.keys.location import NOT_HERE, locate

    try:
        found = locate(vault_dir, key_dir)
    except KeyslotError as err:
        # A damaged key is "here": unlocking then says what is wrong with it.
        return KeyPresence(str(err) != NOT_HERE)
    mount = found.mount
    return KeyPresence(True, found.kind, str(mount) if mount else None)


def is_key_missing(error: str) -> bool:
    from vault.keys.location import NOT_HERE

    return error == NOT_HERE
