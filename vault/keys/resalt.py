"""Duress, after the timing floor: a fresh salt for the empty vault, in the background.

A duress unlock has already run Argon2id over the old salt; a fresh salt needs a
second run, about as long as the unlock. Doing it inside the floor would make
duress twice as slow as a right passphrase, so it runs in a thread afterwards,
with its own copy of the key, while the user looks at the empty vault. Slot
operations and ``lock`` wait for it (``settle``): the unlock takes as long as a
real one; a lock within a second of a duress unlock takes longer (the threat
model says so).
"""

from __future__ import annotations

import contextlib
import secrets
import threading
from collections.abc import Callable
from pathlib import Path

from vault.keys import keyslots
from vault.keys.hardening import wipe
from vault.keys.kdf import KdfParams, derive
from vault.keys.keyslots import Role, SlotFile


class Resalter:
    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    def start(self, keyslot_path: Path, doomed: list[Path], secret: bytearray, dek: bytearray,
              params: KdfParams, index: Callable[[], int], done: Callable[[SlotFile], None]) -> None:
        """Unlink ``doomed``; write a keyslot file with a fresh salt whose slot ``index()``
        wraps ``dek`` under ``secret``; hand the new file to ``done``. Wipes both buffers.
        Everything, even reading the slot index, runs in the thread: nothing is added
        to the unlock's own time."""
        def work() -> None:
            try:
                for path in doomed:
                    with contextlib.suppress(OSError):
                        path.unlink()
                salt = secrets.token_bytes(keyslots.SALT_LEN)
                kek = derive(secret, salt, params)
                sf = SlotFile(salt, params, keyslots.new_file(params).slots)
                sf = keyslots.wrap(sf, index(), kek, Role.PASSPHRASE, dek)
                wipe(kek)
                keyslots.write(keyslot_path, sf)  # scrubs the old inode, old salt included
                done(sf)
            finally:
                wipe(secret)
                wipe(dek)

        self._thread = threading.Thread(target=work, name="duress-resalt")
        self._thread.start()

    def settle(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
