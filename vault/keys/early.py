"""Argon2id started the moment the passphrase is read (issue 18).

``spravka docs --passphrase-stdin --json`` would otherwise load ``cryptography``,
``dataclasses`` and ``pathlib`` (about 40 ms) before Argon2id could start, and
every one of those milliseconds is on the path the user waits on. Here the
vault folder's own keyslot file is read with the standard library alone
(``vault.keys.layout``) and Argon2id runs on its own thread (it releases the
GIL) while the rest of the command loads and does its checks.

It is a guess, and never trusted as more: ``unlock_keys`` takes the result only
when the key file the full search then finds has the same salt and the same
settings; otherwise it derives as usual. A wrong guess (the key moved to a
drive, say) costs one more Argon2id run, never a wrong unlock.
"""

from __future__ import annotations

import os
import threading
import time

from vault.errors import KeyslotError
from vault.keys import argon, layout


class EarlyKdf:
    """One Argon2id run on its own thread for a known salt and settings."""

    def __init__(self, secret: str, salt: bytes, settings: tuple[int, int, int]) -> None:
        self.salt = salt
        self.settings = settings  # (memory_kib, time_cost, lanes)
        self._secret = argon.passphrase_bytes(secret)
        self._key: bytearray | None = None
        self._error: BaseException | None = None
        self.seconds = 0.0  # this Argon2id run alone (scripts/bench subtracts it)
        # Not a daemon: an error before the unlock takes the key makes the process wait
        # for this run at exit instead of tearing it down (see vault.cli.warm.Background).
        self._thread = threading.Thread(target=self._run, name="early-kdf")
        self._thread.start()

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self._key = argon.argon2id(self._secret, self.salt, *self.settings)
        except BaseException as exc:  # noqa: BLE001 - raised again by take()
            self._error = exc
        finally:
            self.seconds = time.perf_counter() - start
            self._secret[:] = bytes(len(self._secret))

    def take(self, salt: bytes, settings: tuple[int, int, int]) -> tuple[bytearray, float] | None:
        """The key and its Argon2id seconds when this run used ``salt`` and ``settings``;
        None for any other key file (the caller derives as usual). Once only."""
        if (salt, settings) != (self.salt, self.settings):
            return None
        self._thread.join()
        if self._error is not None:
            raise self._error
        key, self._key = self._key, None
        return (key, self.seconds) if key is not None else None


def start(secret: str, vault_dir: str | None) -> EarlyKdf | None:
    """Start Argon2id on ``vault_dir``'s own key file; None when there is none to read
    (no folder given, no file, damage): the unlock then finds and reports it as usual."""
    if not vault_dir:
        return None
    try:
        copy = layout.good_copy(layout.read_key_file(os.path.join(vault_dir, layout.VAULT_NAME)))
        if copy is None:
            return None
        settings = layout.kdf_settings(copy)
        argon.check_bounds(*settings)
    except (OSError, layout.NotAKeyFile, KeyslotError):
        return None
    return EarlyKdf(secret, copy[: layout.SALT_LEN], settings)
