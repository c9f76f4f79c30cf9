"""Where in-place overwrite does not destroy old blocks: copy-on-write file systems
(btrfs, zfs, bcachefs) and ext3/ext4 mounted ``data=journal`` keep the previous
contents of an overwritten block elsewhere, so crypto-erase there is not final.

``init`` warns about them; read from ``/proc/self/mountinfo`` (Linux), silent elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

COPY_ON_WRITE = {"btrfs", "zfs", "bcachefs"}
MOUNTINFO = Path("/proc/self/mountinfo")


def _unescape(field: str) -> str:
    return field.encode().decode("unicode_escape") if "\\" in field else field


def mount_of(path: Path, mountinfo: str) -> tuple[str, str]:
    """(file-system type, its mount and super options) of the mount holding ``path``."""
    target = str(path)
    best, found = "", ("", "")
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 6 or len(tail) < 3:
            continue
        point = _unescape(fields[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, found = point, (tail[0], fields[5] + "," + tail[2])
    return found


def overwrite_warning(path: Path, mountinfo: str | None = None) -> str:
    """A one-line warning when overwriting in place at ``path`` keeps old blocks, else ""."""
    if mountinfo is None:
        try:
            mountinfo = MOUNTINFO.read_text()
        except OSError:
            return ""
    fstype, options = mount_of(Path(os.path.realpath(path)), mountinfo)  # may not exist yet
    if fstype in COPY_ON_WRITE:
        return (f"warning: this folder is on {fstype}, a copy-on-write file system: a panic "
                f"cannot overwrite old copies of the key file; use encrypted storage underneath")
    if "data=journal" in options.split(","):
        return ("warning: this file system is mounted data=journal: old copies of the key file "
                "may survive a panic in the journal")
    return ""
