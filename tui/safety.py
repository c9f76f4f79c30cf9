"""Panic key and idle auto-lock: small, clock-injectable state machines.

The panic key must be deliberate but needs no dialog to read: the same key
twice within ``window`` seconds. ``run_panic`` calls the core; if the lead's
full ``vault.wipe.panic`` is not there yet, it falls back to the crypto-erase
the core already has (the keyslot overwrite is what makes the vault
unrecoverable).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Clock = Callable[[], float]


class DoublePress:
    def __init__(self, window: float = 1.0, clock: Clock = time.monotonic) -> None:
        self.window, self.clock = window, clock
        self._last: float | None = None

    def press(self) -> bool:
        """True on the second press within the window (then the state resets)."""
        now = self.clock()
        if self._last is not None and now - self._last <= self.window:
            self._last = None
            return True
        self._last = now
        return False


class IdleWatch:
    def __init__(self, seconds: float, clock: Clock = time.monotonic) -> None:
        self.seconds, self.clock = seconds, clock
        self.last = clock()

    def touch(self) -> None:
        self.last = self.clock()

    def expired(self) -> bool:
        return self.seconds > 0 and self.clock() - self.last >= self.seconds


def run_panic(root: Path, *, rehearse: bool = False) -> Any:
    """Crypto-erase then clean up; returns the core's report (or a short dict)."""
    try:
        from vault.wipe import panic
    except ImportError:
        panic = None
    if panic is not None:
        return panic(root, rehearse=rehearse)
    if rehearse:
        raise NotImplementedError("rehearsal is not available yet in this build")
    from vault.paths import VaultPaths
    from vault.wipe import erase_for_duress

    start = time.perf_counter()
    erase_for_duress(VaultPaths(root))
    return {"fallback": True, "seconds": time.perf_counter() - start}
