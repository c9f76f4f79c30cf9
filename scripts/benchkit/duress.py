"""Duress figure: on a 1 GiB vault, a duress unlock takes as long as a right one.

Both are timed in the same run, interleaved, with the calibrated Argon2id
parameters. Each duress unlock destroys the real vault, so between runs the
keyslot file is put back and the database restored from a hard link kept
outside the vault (the duress path renames ``d`` and unlinks it after the floor;
the link keeps the data, so no 1 GiB rewrite per run).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from scripts.benchkit.model import Figure, at_most, info

REAL, DURESS = "bench passphrase", "bench duress phrase"


def _build(parent: Path, size: int) -> tuple[Path, bytes, Path]:
    from vault.core import Vault
    from vault.keys.kdf import calibrate

    root = parent / "v"
    vault, _ = Vault.create(root, REAL, params=calibrate(1500))
    vault.set_duress(DURESS)
    vault.lock()
    with open(root / "d", "ab") as fh:  # grow the encrypted database (free pages to SQLite)
        block = os.urandom(1 << 20)
        for _ in range(max(0, size - (root / "d").stat().st_size) >> 20):
            fh.write(block)
        os.fsync(fh.fileno())
    reserve = parent / "d.reserve"
    os.link(root / "d", reserve)
    return root, (root / "k").read_bytes(), reserve


def _restore(root: Path, slots: bytes, reserve: Path) -> None:
    for name in os.listdir(root):
        if name != "k":
            os.unlink(root / name)
    (root / "k").write_bytes(slots)
    os.link(reserve, root / "d")


def _timed_open(root: Path, secret: str) -> float:
    from vault.core import Vault

    start = time.perf_counter()
    vault = Vault.open(root, secret)
    elapsed = time.perf_counter() - start
    vault.lock()  # outside the timing (a duress lock waits for the background re-salt)
    return elapsed


def duress_figures(quick: bool) -> list[Figure]:
    runs = 3 if quick else 7
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        root, slots, reserve = _build(Path(tmp), 1 << 30)
        real, duress = [], []
        for _ in range(runs):  # interleaved: drift in the machine hits both alike
            real.append(_timed_open(root, REAL))
            duress.append(_timed_open(root, DURESS))
            _restore(root, slots, reserve)
    r_med, d_med = statistics.median(real), statistics.median(duress)
    return [
        info("duress_unlock_1gb_ms", d_med * 1000, "ms", f"median of {runs}"),
        info("right_unlock_1gb_ms", r_med * 1000, "ms", f"median of {runs}"),
        at_most("duress_vs_unlock", d_med / r_med, "x", 1.2,
                "1 GiB vault; duress renames the database inside the floor, unlinks it after"),
    ]


GROUPS = {"duress": duress_figures}
