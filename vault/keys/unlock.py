"""The key half of an unlock: find the keyslot file, one Argon2id run, try every slot.

Shared by ``Vault.open`` and the lean listing (``vault.records.quicklist``), so
both pay the same costs in the same order and the real, the duress and a wrong
passphrase take the same time whichever of them opens the vault. Free of
SQLAlchemy: the caller's ``preload`` imports what its database step needs while
Argon2id runs (it releases the GIL), whatever the outcome of the unlock.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vault.errors import VaultMissing
from vault.keys import keyslots, recovery
from vault.keys.argon import passphrase_bytes
from vault.keys.hardening import wipe
from vault.keys.kdf import derive
from vault.keys.keyslots import SlotFile, Unwrapped
from vault.keys.subkeys import RECOVERY_KEK, hkdf
from vault.paths import VaultPaths

if TYPE_CHECKING:
    from vault.keys.early import EarlyKdf

UNLOCK_FLOOR_S = 0.095
"""After the KDF, the work of every outcome is padded to this floor."""


@dataclass
class KeyPhase:
    """What the key half found; ``settle()`` ends it once the database half is done."""

    paths: VaultPaths
    slot_file: SlotFile
    keks: list[bytearray]
    found: list[Unwrapped]
    kdf_seconds: float  # Argon2id alone (scripts/bench subtracts it)
    deadline: float
    floor_sleep_seconds: float = 0.0  # the idle sleep that padded the unlock to the floor

    def settle(self) -> None:
        """Wipe the candidate keys and sleep out the rest of the floor."""
        for key in self.keks:
            wipe(key)
        self.floor_sleep_seconds = sleep_until(self.deadline)


def unlock_keys(root: Path, secret: str, *, key_dir: Path | None, preload: Callable[[], None],
                floor_s: float = UNLOCK_FLOOR_S, early: EarlyKdf | None = None) -> KeyPhase:
    """Derive the passphrase's key (and a recovery key's), then try every slot.

    The caller checked ``require_vault`` and holds the vault's directory lock.
    ``preload`` runs on a thread that is joined before the floor starts. ``early`` is
    an Argon2id run already under way (``vault.keys.early``), taken only if it was
    started on the key file found here.
    """
    paths, sf = find_key(root, key_dir)
    # Not a daemon: if Argon2id raises (Ctrl-C), the process waits for the imports at exit
    # instead of tearing them down half-way (see vault.cli.warm.Background).
    loader = threading.Thread(target=preload, name="unlock-preload")
    loader.start()  # overlaps Argon2id; started no earlier, or it slows the steps above
    taken = early.take(sf.salt, sf.params.settings()) if early is not None else None
    if taken is None:
        kdf_start = time.perf_counter()
        taken = derive(passphrase_bytes(secret), sf.salt, sf.params), time.perf_counter() - kdf_start
    kek, kdf_seconds = taken
    keks = [kek]
    loader.join()
    rk = recovery.parse(secret)
    if rk is not None:
        keks.append(hkdf(rk, RECOVERY_KEK, salt=sf.salt))
        wipe(rk)
    deadline = time.perf_counter() + floor_s
    try:
        found = keyslots.unwrap_all(sf, keks)
    except BaseException:
        for key in keks:
            wipe(key)
        raise
    return KeyPhase(paths, sf, keks, found, kdf_seconds, deadline)


def require_vault(root: Path) -> None:
    """Refuse a folder with neither a keyslot file nor a database in it."""
    paths = VaultPaths(root)
    if not paths.keyslots.exists() and not paths.database.exists():
        raise VaultMissing(f"no vault at {root}; create one with 'spravka init'")


def find_key(root: Path, key_dir: Path | None) -> tuple[VaultPaths, SlotFile]:
    """Locate the keyslot file; finish a key move a crash interrupted."""
    from vault.keys.location import locate
    from vault.keys.relocate import finish

    location = locate(root, key_dir)
    path = location.path
    with contextlib.suppress(OSError):
        path = finish(location)
    return VaultPaths(root, path), location.slot_file


def sleep_until(deadline: float) -> float:
    """Sleep until ``deadline``; the seconds actually slept (scripts/bench subtracts them)."""
    start = time.perf_counter()
    if deadline > start:
        time.sleep(deadline - start)
    return time.perf_counter() - start
