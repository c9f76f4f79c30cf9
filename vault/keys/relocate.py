"""Moving and copying the keyslot file between the vault folder and a drive.

A move never has zero usable copies and never two: the new copy is written
under the pending name and fsynced, read back and compared, and only then is
the old copy overwritten in place and removed; the pending copy is renamed
last. ``vault.keys.location`` takes a pending copy only when no finished copy
exists, so a kill -9 at any point leaves exactly one key that opens.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vault.errors import InvalidInput, KeyslotError
from vault.faults import checkpoint
from vault.fsutil import (
    FILE_MODE,
    atomic_write,
    fsync_dir,
    os_error,
    overwrite_in_place,
)
from vault.keys.keyslots import FILE_SIZE, SlotFile, decode
from vault.keys.location import KeyLocation, pending_name


def finish(location: KeyLocation) -> Path:
    """Complete a move a crash interrupted (rename the pending copy) and shred leftovers."""
    for leftover in location.stale:
        with contextlib.suppress(OSError):
            destroy(leftover)
    if not location.pending:
        return location.path
    final = location.final_path
    os.replace(location.path, final)
    fsync_dir(final.parent)
    return final


def move(location: KeyLocation, dest_dir: Path, name: str) -> Path:
    """Move the key to ``dest_dir``; returns the new path. The caller holds the vault lock."""
    source = finish(location)
    dest = _target(dest_dir, name, source)
    data = _read_exact(source, location.slot_file)
    pending = dest.with_name(pending_name(dest.name))
    try:
        _write_durably(pending, data)
        checkpoint("keymove-after-pending")
        _check_copy(pending, data, location.slot_file)
        checkpoint("keymove-before-erase")
        destroy(source, fault="keymove-mid-erase")
        checkpoint("keymove-after-erase")
        os.replace(pending, dest)
        checkpoint("keymove-after-rename")
        fsync_dir(dest.parent)
    except OSError as exc:
        raise os_error(exc, "moving the key") from None
    return dest


def copy(location: KeyLocation, dest_dir: Path, name: str) -> Path:
    """Write a spare copy of the key into ``dest_dir`` and check it reads back."""
    source = finish(location)
    dest = _target(dest_dir, name, source)
    data = _read_exact(source, location.slot_file)
    atomic_write(dest, data, what="writing the spare key")
    _check_copy(dest, data, location.slot_file)
    return dest


def destroy(path: Path, *, fault: str = "") -> None:
    """Overwrite a key file in place with random bytes, fsync, then unlink it."""
    fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    try:
        overwrite_in_place(fd, max(os.fstat(fd).st_size, FILE_SIZE))
    finally:
        os.close(fd)
    checkpoint(fault)
    path.unlink()
    fsync_dir(path.parent)


def _target(dest_dir: Path, name: str, source: Path) -> Path:
    dest_dir = Path(dest_dir).expanduser()
    if not dest_dir.is_dir():
        raise InvalidInput(f"{dest_dir} is not a directory; mount the drive first")
    dest = dest_dir / name
    if dest.resolve() == source.resolve():
        raise InvalidInput(f"the key is already at {dest}")
    if dest.exists():
        raise InvalidInput(f"{dest} already exists; it may be another vault's key")
    return dest


def _read_exact(source: Path, expected: SlotFile) -> bytes:
    data = source.read_bytes()
    if decode(data) != expected:
        raise KeyslotError("the key file changed while the vault was open; nothing moved")
    return data


def _write_durably(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def _check_copy(path: Path, data: bytes, expected: SlotFile) -> None:
    """Read the new copy back; it must be byte-identical and open the same slots."""
    back = path.read_bytes()
    if back != data or decode(back) != expected:
        with contextlib.suppress(OSError):
            destroy(path)
        raise KeyslotError(f"the copy at {path} did not read back intact; nothing moved")
