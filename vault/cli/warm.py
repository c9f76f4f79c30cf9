"""Work a command needs after the unlock, started before it so it overlaps Argon2id.

Argon2id releases the GIL for about a second; loading rule data or modules on
another thread meanwhile takes that work off the path the user waits on. The
work must not depend on the passphrase or the vault (it runs whatever the
unlock's outcome), and its error is raised where the result is used, so a
command fails the same way and with the same exit code as without it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``fn()`` on its own thread; ``result()`` waits for it and returns or raises.

    Not a daemon thread: when a command fails before it needs the result (no vault, a
    locked vault), the interpreter waits for ``fn`` at exit. A daemon thread would be
    torn down in the middle of its imports, and that crashed the process (SIGSEGV,
    exit -11 instead of the documented code)."""

    def __init__(self, fn: Callable[[], T], name: str = "warm") -> None:
        self._fn = fn
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=name)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller in result()
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
