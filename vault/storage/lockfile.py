"""One process per vault: an advisory ``flock`` on the vault directory itself.

Locking the directory (not a file inside it) means there is no extra file to
leak or to clean up, and the lock survives the keyslot file being replaced.
The kernel drops it if the process dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from vault.errors import VaultLocked


class DirLock:
    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise VaultLocked("the vault is open in another Spravka process; close it first") from None

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
