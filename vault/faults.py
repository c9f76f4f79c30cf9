"""Crash points for the kill -9 tests.

``checkpoint(name)`` kills the process with SIGKILL when the environment
variable ``SPRAVKA_FAULT`` equals ``name``. Nothing else reads that variable,
and it can only make the program die earlier, never do something different.
"""

from __future__ import annotations

import os


def checkpoint(name: str) -> None:
    if os.environ.get("SPRAVKA_FAULT") == name:
        import signal  # only here: a panic passes a checkpoint before its overwrite

        os.kill(os.getpid(), signal.SIGKILL)
