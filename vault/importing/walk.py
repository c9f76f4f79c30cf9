"""Expand the user's chosen paths into files to import, reporting everything skipped.

Rules (each skipped item becomes a ``Rejection`` with a reason from
``reasons``, never an exception, so one odd file cannot stop a batch):

* Folders are walked recursively in byte order of names (deterministic).
* A symlink named directly as an argument is followed: the user chose it.
  Inside a folder, a symlink is followed only if its target resolves inside the
  chosen folder; otherwise it is reported, never read.
* A folder reached twice is reported, as a loop if it is its own ancestor
  (symlink or bind mount), else as already included; files are not deduplicated
  here (the store deduplicates by SHA-256).
* FIFOs, sockets and devices are reported without being opened (opening a FIFO
  would block).
* Names that are not valid UTF-8 are accepted: the file is real evidence, and
  ``Candidate.resolved`` still opens it. ``path`` is a display form where the
  undecodable bytes are written ``\\xNN`` (and control characters too, so a
  name cannot inject terminal escapes), which is always a valid UTF-8 ``str``
  for JSON and the TUI. It is for showing, not for opening.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vault.importing import reasons


@dataclass(frozen=True)
class Candidate:
    """A regular, readable file to inspect: ``path`` to show, ``resolved`` to open."""

    path: str
    resolved: Path


@dataclass(frozen=True)
class Rejection:
    """Something skipped before inspection, with a one-line reason."""

    path: str
    reason: str


WalkResult = Candidate | Rejection


def display_path(path: str) -> str:
    """A printable, UTF-8-safe rendering of a file system path (for people and JSON)."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def walk_inputs(paths: Sequence[Path | str]) -> Iterator[WalkResult]:
    """Yield a ``Candidate`` or a ``Rejection`` for every file under ``paths``, in order."""
    for arg in paths:
        given = os.fspath(arg)
        shown = display_path(given)
        try:
            st = os.stat(given)  # follows a symlink named by the user
        except OSError as exc:
            yield Rejection(shown, _stat_error_reason(given, exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk_folder(given, shown)
        else:
            yield _file_result(given, shown, st, Path(given).resolve())


def _stat_error_reason(path: str, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return reasons.SYMLINK_LOOP
    if isinstance(exc, FileNotFoundError):
        return reasons.BROKEN_SYMLINK if os.path.islink(path) else reasons.MISSING
    if isinstance(exc, PermissionError):
        return reasons.UNREADABLE_FILE
    return reasons.cannot_open(exc.strerror or "error")


def _file_result(path: str, shown: str, st: os.stat_result, resolved: Path) -> WalkResult:
    mode = st.st_mode
    if stat.S_ISREG(mode):
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except PermissionError:
            return Rejection(shown, reasons.UNREADABLE_FILE)
        except OSError as exc:
            return Rejection(shown, reasons.cannot_open(exc.strerror or "error"))
        os.close(fd)
        return Candidate(shown, resolved)
    if stat.S_ISFIFO(mode):
        kind = "FIFO"
    elif stat.S_ISSOCK(mode):
        kind = "socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "device"
    else:
        kind = "unknown kind"
    return Rejection(shown, reasons.special_file(kind))


@dataclass(frozen=True)
class _Folder:
    path: str
    shown: str
    ancestors: frozenset[tuple[int, int]]


def _walk_folder(given: str, shown: str) -> Iterator[WalkResult]:
    """Depth-first, pre-order, names sorted as bytes; an explicit stack, so depth is unbounded."""
    root = Path(given).resolve()
    root_st = os.stat(root)
    top = _Folder(given, shown, frozenset({(root_st.st_dev, root_st.st_ino)}))
    visited = set(top.ancestors)
    stack: list[Iterator[WalkResult | _Folder]] = [_list_folder(top, root)]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, _Folder):
            key = _key_of(item)
            if key in visited:
                yield Rejection(item.shown, reasons.DIRECTORY_REPEATED)
                continue
            visited.add(key)
            stack.append(_list_folder(item, root))
        else:
            yield item


def _key_of(folder: _Folder) -> tuple[int, int]:
    st = os.stat(folder.path)
    return (st.st_dev, st.st_ino)


def _list_folder(folder: _Folder, root: Path) -> Iterator[WalkResult | _Folder]:
    try:
        with os.scandir(folder.path) as it:
            entries = sorted(it, key=lambda entry: os.fsencode(entry.name))
    except PermissionError:
        yield Rejection(folder.shown, reasons.UNREADABLE_FOLDER)
        return
    except OSError as exc:
        yield Rejection(folder.shown, reasons.cannot_open(exc.strerror or "error"))
        return
    for entry in entries:
        shown = os.path.join(folder.shown, display_path(entry.name))
        try:
            yield from _classify(entry, shown, folder, root)
        except OSError as exc:  # vanished or became unreadable mid-walk
            yield Rejection(shown, _stat_error_reason(entry.path, exc))


def _classify(entry: os.DirEntry[str], shown: str, folder: _Folder, root: Path) -> Iterator[WalkResult | _Folder]:
    if entry.is_symlink():
        try:
            target = Path(entry.path).resolve(strict=True)
        except FileNotFoundError:
            yield Rejection(shown, reasons.BROKEN_SYMLINK)
            return
        except (RuntimeError, OSError):  # RuntimeError: symlink loop on Python < 3.13
            yield Rejection(shown, reasons.SYMLINK_LOOP)
            return
        if not target.is_relative_to(root):
            yield Rejection(shown, reasons.SYMLINK_OUTSIDE)
            return
        st = os.stat(target)
        resolved = target
    else:
        st = entry.stat(follow_symlinks=False)
        resolved = Path(entry.path).resolve()
    if stat.S_ISDIR(st.st_mode):
        key = (st.st_dev, st.st_ino)
        if key in folder.ancestors:
            yield Rejection(shown, reasons.DIRECTORY_LOOP)
        else:
            yield _Folder(entry.path, shown, folder.ancestors | {key})
    else:
        yield _file_result(entry.path, shown, st, resolved)
