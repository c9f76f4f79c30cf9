"""Crypto-erase and cleanup (the panic path; expanded in the panic module)."""

from __future__ import annotations

import contextlib
import os

from vault.fsutil import overwrite_in_place
from vault.paths import VaultPaths


def crypto_erase(paths: VaultPaths) -> bool:
    """Step 1: overwrite the keyslot file in place with random bytes and fsync.

    Returns True when the overwrite reached the disk. From here no passphrase
    or recovery key can recover the DEK, whatever the database size.
    """
    try:
        fd = os.open(paths.keyslots, os.O_WRONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        overwrite_in_place(fd, max(os.fstat(fd).st_size, 2048))
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def erase_for_duress(paths: VaultPaths) -> None:
    """Duress: destroy the real keyslots, then unlink the (now undecryptable) database."""
    crypto_erase(paths)
    for path in [paths.database, *paths.db_sidecars(), paths.premigration]:
        with contextlib.suppress(OSError):
            path.unlink()
