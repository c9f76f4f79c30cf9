"""Panic rehearsal: the whole panic path on a throwaway vault of the same shape.

Users practise the key and see each step's timing without risking anything:
the stand-in has a random keyslot file, a database of random bytes the size
of the real one (capped), and one tracked fake export, next to the real vault
so the disk is the same.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from vault.fsutil import ensure_private_dir
from vault.keys.keyslots import FILE_SIZE
from vault.panic import registry
from vault.panic.wipe import PanicReport, panic
from vault.paths import VaultPaths

CAP = 1 << 30


def build_standin(real_root: Path) -> VaultPaths:
    parent = real_root.parent if real_root.parent.exists() else Path.home()
    paths = VaultPaths(parent / f".rehearsal-{secrets.token_hex(4)}")
    ensure_private_dir(paths.root)
    real_db = VaultPaths(real_root).database
    size = min(real_db.stat().st_size, CAP) if real_db.exists() else 1 << 20
    paths.keyslots.write_bytes(os.urandom(FILE_SIZE))
    with open(paths.database, "wb") as fh:
        left = size
        while left:
            n = min(left, 1 << 20)
            fh.write(os.urandom(n))
            left -= n
    fake_export = paths.root.parent / f".rehearsal-export-{secrets.token_hex(4)}.pdf"
    fake_export.write_bytes(b"%PDF-" + os.urandom(4091))
    registry.add(paths, fake_export)
    return paths


def rehearse(real_root: Path) -> PanicReport:
    standin = build_standin(real_root)
    return panic(standin.root)
