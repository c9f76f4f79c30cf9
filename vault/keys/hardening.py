"""Process hardening: no core dumps, not ptrace-able by other users, private files.

Python cannot promise that secrets are gone from memory (strings are
immutable, the allocator copies); we keep keys in ``bytearray``s, zero them on
lock, and make sure the process cannot be dumped to disk by a crash.
"""

from __future__ import annotations

import ctypes
import os
import resource

PR_SET_DUMPABLE = 4


def harden_process() -> None:
    """Before any secret is read. Plain ``try`` rather than ``contextlib.suppress``:
    ``spravka docs`` calls this before Argon2id can start, and every import counts."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    os.umask(0o077)


def wipe(buf: bytearray | None) -> None:
    """Overwrite a key buffer in place."""
    if buf is not None:
        buf[:] = bytes(len(buf))


def quiet_libraries() -> None:
    """pikepdf logs qpdf errors and Pillow warns on odd EXIF, both to stderr,
    where Textual draws and where scripts expect one line per error."""
    import logging
    import warnings

    logging.getLogger("pikepdf").setLevel(logging.CRITICAL + 1)
    logging.getLogger("pikepdf").propagate = False
    warnings.filterwarnings("ignore", module="PIL")
    warnings.filterwarnings("ignore", category=UserWarning)


def wipe_str(text: str) -> None:
    """Zero the characters of a str this module's caller built and is about to drop.

    Only for compact ASCII strings created for one use (e.g. the hex key
    pragma); never for interned or shared strings. A no-op for anything else.
    """
    import sys

    if not (text.isascii() and len(text) > 1):
        return
    header = sys.getsizeof("") - 1  # sizeof(PyASCIIObject) for compact ASCII
    address = id(text) + header
    if ctypes.string_at(address, len(text)) == text.encode("ascii"):
        ctypes.memset(address, 0, len(text))
