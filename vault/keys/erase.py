"""Crypto-erase: destroy the keyslot file in place, so no passphrase opens the vault again.

Lives with the keys (not with the panic feature) because the core's duress
unlock needs it too; the panic package adds the cleanup around it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from pathlib import Path

from vault.faults import checkpoint
from vault.fsutil import overwrite_in_place
from vault.keys.keyslots import FILE_SIZE
from vault.paths import VaultPaths


def crypto_erase(paths: VaultPaths) -> tuple[bool, str]:
    """Step 1. Returns (done, reason-if-not)."""
    return erase_file(paths.keyslots)


def erase_copies(files: Sequence[Path]) -> list[tuple[Path, bool, str]]:
    """Step 1 with a detached key: every reachable copy (drive, vault folder), in order."""
    return [(path, *erase_file(path)) for path in files]


def erase_file(path: Path) -> tuple[bool, str]:
    """Overwrite one keyslot file in place. Returns (done, reason-if-not)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return False, "keyslot file not found"
    except OSError as exc:
        return False, exc.strerror or str(exc)
    try:
        size = max(os.fstat(fd).st_size, FILE_SIZE)
        checkpoint("panic-before-overwrite")
        overwrite_in_place(fd, size, chunk=max(size, 1 << 20))
        return True, ""
    except OSError as exc:
        return False, exc.strerror or str(exc)
    finally:
        os.close(fd)


def erase_for_duress(paths: VaultPaths) -> None:
    """Duress: destroy the real keyslots, then unlink the (now undecryptable) database.

    No overwrite here: it would take seconds on a large vault and the unlock
    must look normal; the data is already unrecoverable after step 1.
    """
    crypto_erase(paths)
    for path in [paths.database, *paths.db_sidecars(), paths.premigration]:
        with contextlib.suppress(OSError):
            path.unlink()
