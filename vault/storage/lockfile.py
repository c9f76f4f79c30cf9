"""One process per vault: an advisory ``flock`` on the vault directory itself.

Locking the directory (not a file inside it) means there is no extra file to
leak or to clean up, and the lock survives the keyslot file being replaced.
The kernel drops it if the process dies, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os

from vault.errors import VaultLocked


class DirLock:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            raise VaultLocked(_in_use_message(path)) from None

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def held_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another process holds the vault's lock right now (a look, nothing kept):
    ``spravka docs`` starts no Argon2id for a vault it then could not open."""
    try:
        DirLock(path).release()
    except VaultLocked:
        return True
    except OSError:
        return False  # no such folder: the unlock reports it
    return False


def _in_use_message(path: str | os.PathLike[str]) -> str:
    """Name the process holding the lock: most often the user's own terminal UI."""
    pid = _holder(path)
    if pid is None:
        return "the vault is open in another Spravka process; close it first"
    if _is_bare_spravka(pid):
        return (f"the vault is open in the Spravka terminal UI (process {pid}); "
                "lock it there with Ctrl+L (or quit it) and run this again")
    return f"the vault is open in another Spravka command (process {pid}); wait for it to finish"


def _is_bare_spravka(pid: int) -> bool:
    """A bare ``spravka [--vault DIR]`` is the TUI; anything with a subcommand is the CLI."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = [w.decode(errors="replace") for w in f.read().split(b"\0") if w]
    except OSError:
        return False
    starts = [i for i, w in enumerate(words) if w.endswith(("spravka", "vault.cli.entry"))]
    if not starts:
        return False
    rest = words[starts[0] + 1:]
    if rest[:1] == ["--vault"]:
        rest = rest[2:]
    elif rest[:1] and rest[0].startswith("--vault="):
        rest = rest[1:]
    return not rest


def _holder(path: str | os.PathLike[str]) -> int | None:
    """The pid holding a flock on ``path``, from /proc/locks (Linux); None elsewhere."""
    try:
        st = os.stat(path)
        with open("/proc/locks") as f:
            locks = f.read()
    except OSError:
        return None
    device = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in locks.splitlines():
        parts = line.split()
        if "FLOCK" in parts and device in parts:
            pid = parts[parts.index(device) - 1]
            if pid.isdigit() and int(pid) != os.getpid():
                return int(pid)
    return None
