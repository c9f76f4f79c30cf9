"""Vault core and panic figures: KDF, unlock overhead, lock, panic timing."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from scripts.benchkit.model import Figure, at_most, info, timed


def unlock_figures(quick: bool) -> list[Figure]:
    from vault.core import Vault
    from vault.keys.kdf import calibrate
    from vault.records.values import now_iso
    from vault.storage.models import ChunkRow, DocumentRow

    params = calibrate(1500)
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        root = Path(tmp) / "v"
        vault, _ = Vault.create(root, "bench passphrase", params=params)
        with vault.session() as s:  # 1,000 documents, as the goal says
            for i in range(1000):
                s.add(DocumentRow(kind="other", added=now_iso(), media_type="image/png", size=4,
                                  sha256=f"{i:064x}", page_count=1))
            s.flush()
            s.add(ChunkRow(document_id=1, seq=0, data=b"x"))
        vault.lock()
        totals, kdfs, overheads, locks = [], [], [], []
        for _ in range(3 if quick else 5):
            start = time.perf_counter()
            v = Vault.open(root, "bench passphrase")
            totals.append(time.perf_counter() - start)
            kdfs.append(v.kdf_seconds)
            overheads.append(totals[-1] - v.kdf_seconds)
            locks.append(timed(v.lock))
    total, kdf_s = statistics.median(totals), statistics.median(kdfs)
    return [
        info("argon2id_ms", kdf_s * 1000, "ms",
             f"m={params.memory_kib // 1024} MiB, t={params.time_cost}, p={params.lanes}"),
        info("unlock_total_ms", total * 1000, "ms", "1,000 documents"),
        at_most("unlock_overhead_ms", statistics.median(overheads) * 1000, "ms", 100,
                "includes the constant-time floor that hides which slot matched"),
        info("lock_ms", statistics.median(locks) * 1000, "ms"),
    ]


def _vault_of_size(size: int, parent: Path) -> Path:
    from tests.helpers import make_vault

    root = parent / f"p{size}"
    make_vault(root).lock()
    with open(root / "d", "ab") as fh:  # grow the (encrypted) database to the target size
        left = size - (root / "d").stat().st_size
        block = os.urandom(1 << 20)
        while left > 0:
            fh.write(block[: min(left, len(block))])
            left -= len(block)
        fh.flush()
        os.fsync(fh.fileno())
    return root


def _erase_time(root: Path) -> float:
    """Time step 1 (the only step that matters for 'unrecoverable') on a fresh keyslot file."""
    from vault.fsutil import atomic_write
    from vault.keys.erase import crypto_erase
    from vault.paths import VaultPaths

    atomic_write(root / "k", os.urandom(2048))
    start = time.perf_counter()
    done, why = crypto_erase(VaultPaths(root))
    elapsed = time.perf_counter() - start
    if not done:
        raise RuntimeError(why)
    return elapsed


def panic_figures(quick: bool) -> list[Figure]:
    from vault.panic.wipe import panic

    runs = 9 if quick else 21
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        small, large = _vault_of_size(1 << 20, Path(tmp)), _vault_of_size(1 << 30, Path(tmp))
        s_times, l_times = [], []
        for _ in range(runs):  # interleaved, so drift in the machine hits both alike
            s_times.append(_erase_time(small))
            l_times.append(_erase_time(large))
        cleanup = panic(large).steps[1].seconds
        panic(small)
    s_med, l_med = statistics.median(s_times), statistics.median(l_times)
    return [
        at_most("panic_unrecoverable_1mb_ms", s_med * 1000, "ms", 50),
        at_most("panic_unrecoverable_1gb_ms", l_med * 1000, "ms", 50),
        at_most("panic_ratio_1gb_vs_1mb", l_med / s_med if s_med else 0.0, "x", 1.2,
                "one 2 KiB in-place overwrite + fsync whatever the size"),
        info("panic_full_cleanup_1gb_s", cleanup, "s", "overwrite + unlink of the 1 GB database"),
    ]
