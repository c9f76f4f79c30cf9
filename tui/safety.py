"""Panic key and idle auto-lock: small, clock-injectable state machines.

The panic key must be deliberate but needs no dialog to read: the same key
twice within ``window`` seconds. ``run_panic`` calls ``vault.panic.wipe.panic``: the
keyslot overwrite comes first, the UI drops its key right after (``on_erased``).
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


def run_panic(root: Path, *, rehearse: bool = False,
              on_erased: Callable[[], None] | None = None, key_dir: Path | None = None,
              key_files: tuple[Path, ...] = ()) -> Any:
    """Crypto-erase, then ``on_erased`` (drop key, close DB), then remove files.

    ``rehearse`` runs the same path on a throwaway stand-in (``vault.panic.rehearsal``).
    Returns the core's ``PanicReport``.
    """
    if rehearse:
        from vault.panic.rehearsal import rehearse as run_rehearsal

        return run_rehearsal(root)
    from vault.panic.wipe import panic

    return panic(root, on_erased=on_erased, key_dir=key_dir, key_files=key_files)


def panic_failure(report: Any) -> str:
    """What the user must be told after a panic; "" only when every step worked.

    Plain English on purpose: it is printed after the TUI has closed, with no
    catalog loaded, like the CLI's errors.
    """
    if report is None or not getattr(report, "keyslots_destroyed", False):
        detail = report.steps[0].detail if report is not None and report.steps else "not run"
        return f"spravka: PANIC FAILED, the key was NOT destroyed ({detail}); run `spravka panic --yes`"
    problems = getattr(report, "problems", [])
    if problems:
        return "spravka: key destroyed (the vault cannot be opened); some files remain: " + "; ".join(problems)
    return ""


def describe(report: Any) -> str:
    """One line per step, e.g. 'destroy keyslots: 1.3 ms ok'."""
    steps = getattr(report, "steps", None) or []
    return "; ".join(f"{s.name}: {s.seconds * 1000:.1f} ms {'ok' if s.ok else s.detail}" for s in steps)
