"""Durable, atomic file writes and in-place overwrites.

Every file the vault writes goes through here, so there is one place that gets
``write temp -> fsync -> rename -> fsync dir`` right and one place that sets
0600/0700 permissions.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from vault.errors import NoSpace, VaultError
from vault.faults import checkpoint

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) as 0700; tighten it if it already exists."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def os_error(exc: OSError, what: str) -> VaultError:
    """Turn an OSError into the one-line error the user sees."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NoSpace(f"no space left on device while {what}")
    if exc.errno == errno.EROFS:
        return VaultError(f"read-only file system while {what}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return VaultError(f"permission denied while {what}")
    return VaultError(f"{what} failed: {exc.strerror or exc}")


def temp_name(target: Path) -> Path:
    import secrets  # not at the top: a panic imports this module before its overwrite

    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


def atomic_write(
    target: Path, data: bytes, *, what: str = "writing a file", fault: str = ""
) -> None:
    """Replace ``target`` with ``data`` so a crash leaves the old or the new file."""
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        checkpoint(fault)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise os_error(exc, what) from None


def overwrite_in_place(fd: int, size: int, chunk: int = 1 << 20) -> None:
    """Overwrite the first ``size`` bytes of an open file with random bytes, then fsync.

    Used for crypto-erase: the keyslot inode is rewritten, not replaced, so the
    old key material does not survive in freed blocks (on a plain disk; SSDs
    may remap, which the threat model states).
    """
    done = 0
    while done < size:
        n = min(chunk, size - done)
        done += os.pwrite(fd, os.urandom(n), done)  # what secrets.token_bytes returns
    os.fsync(fd)


FileId = tuple[int, int, int, int]


def identity(st: os.stat_result) -> FileId:
    """(device, inode, size, mtime_ns): which file was read, and that it was not written since."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def shred_file(path: Path, *, overwrite: bool = True,
               expect: tuple[int, ...] | None = None) -> None:
    """Overwrite (optionally) and unlink a file; missing files are fine.

    A symlink, FIFO or device planted in its place is unlinked, never followed,
    opened for blocking or overwritten. ``expect`` is the caller's ``identity``
    of what it read (or just its device and inode): if the path now names
    another file, or that file was written since, nothing is touched (``ESTALE``).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return
    except OSError:
        if stat.S_ISREG(os.lstat(path).st_mode):
            raise
        path.unlink(missing_ok=True)
        return
    try:
        info = os.fstat(fd)
        if expect is not None and (info.st_dev, info.st_ino) != expect[:2]:
            raise OSError(errno.ESTALE, "the path now names a different file")
        if expect is not None and identity(info)[:len(expect)] != tuple(expect):
            raise OSError(errno.ESTALE, "the file was written after it was read")
        if overwrite and stat.S_ISREG(info.st_mode):
            overwrite_in_place(fd, info.st_size)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
