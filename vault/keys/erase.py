"""Crypto-erase: destroy the keyslot file in place, so no passphrase opens the vault again.

Lives with the keys (not with the panic feature) because the core's duress
unlock needs it too; the panic package adds the cleanup around it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from vault.faults import checkpoint
from vault.fsutil import overwrite_in_place
from vault.keys.layout import FILE_SIZE, SALT_LEN
from vault.paths import VaultPaths

_SAFE_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def read_salt(paths: VaultPaths) -> bytes:
    """The keyslot file's salt, or b"" if it cannot be read safely.

    Panic needs it (the export registry's key comes from it) but must not be
    blocked by a planted FIFO, symlink or huge file: read at most the salt.
    """
    try:
        fd = os.open(paths.keyslots, os.O_RDONLY | _SAFE_OPEN)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.pread(fd, SALT_LEN, 0)
    except OSError:
        return b""
    finally:
        os.close(fd)


def crypto_erase(paths: VaultPaths) -> tuple[bool, str]:
    """Step 1. Returns (done, reason-if-not)."""
    return erase_file(paths.keyslots)


def erase_copies(files: Sequence[Path]) -> list[tuple[Path, bool, str]]:
    """Step 1 with a detached key: every reachable copy (drive, vault folder), in order."""
    return [(path, *erase_file(path)) for path in files]


def erase_file(path: Path) -> tuple[bool, str]:
    """Overwrite one keyslot file in place and fsync; never follows a link, never waits
    on a FIFO. Returns (done, reason-if-not)."""
    try:
        fd = os.open(path, os.O_WRONLY | _SAFE_OPEN)
    except FileNotFoundError:
        return False, "keyslot file not found"
    except OSError as exc:
        return False, exc.strerror or str(exc)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False, "keyslot file is not a regular file"
        size = max(os.fstat(fd).st_size, FILE_SIZE)
        checkpoint("panic-before-overwrite")
        overwrite_in_place(fd, size, chunk=max(size, 1 << 20))
        checkpoint("panic-after-erase")  # scripts/bench times a real panic up to here
        return True, ""
    except OSError as exc:
        return False, exc.strerror or str(exc)
    finally:
        os.close(fd)


def erase_for_duress(paths: VaultPaths) -> list[Path]:
    """Duress, inside the unlock's timing floor: destroy the real keyslots and the export
    registry in place, then move the (now undecryptable) database files to random names.

    Renames take the same time whatever the vault's size; the caller unlinks the
    returned paths after the floor (unlinking 1 GiB frees extents: tens of ms).
    No overwrite: the data is already unrecoverable after the keyslot overwrite.
    """
    crypto_erase(paths)
    _overwrite_registry(paths)
    doomed = []
    for path in [paths.database, *paths.db_sidecars(), paths.premigration, paths.rekey_copy]:
        target = paths.root / f".{os.urandom(8).hex()}.tmp"
        with contextlib.suppress(OSError):
            os.rename(path, target)
            doomed.append(target)
    return doomed


def _overwrite_registry(paths: VaultPaths) -> None:
    """The export list: overwritten in place (its key derives from the public salt), removed."""
    try:
        fd = os.open(paths.registry, os.O_WRONLY | _SAFE_OPEN)
    except OSError:
        return
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            overwrite_in_place(fd, min(os.fstat(fd).st_size, 1 << 20))
    except OSError:
        pass
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        paths.registry.unlink()
