"""Key-on-a-drive figures: unlock overhead with the key on a drive, finding it, moving it.

The unlock overhead goal (<= 100 ms) is the same as the one in ``core``: keeping the
key on a drive must not push it past the goal; the search of mounted drives is
timed on its own (``key_locate_ms``).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from scripts.benchkit.model import Figure, at_most, info

OTHER_DRIVES = 8


def key_drive_figures(quick: bool) -> list[Figure]:
    from vault.core import Vault
    from vault.keyplace.moving import move_key
    from vault.keys.kdf import TEST_PARAMS, calibrate
    from vault.keys.location import locate

    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        media = [Path(tmp) / f"drive{i}" for i in range(OTHER_DRIVES)]
        for d in media:
            d.mkdir()
        drive = media[-1]  # the last place searched
        root = Path(tmp) / "v"
        Vault.create(root, "bench passphrase", params=calibrate(1500), key_dir=drive)[0].lock()
        overheads = []
        for _ in range(runs):
            start = time.perf_counter()
            v = Vault.open(root, "bench passphrase", key_dir=drive)
            overheads.append(time.perf_counter() - start - v.kdf_seconds)
            v.lock()
        locates = []
        for _ in range(50):
            start = time.perf_counter()
            locate(root, media=media, env={})
            locates.append(time.perf_counter() - start)
        small = Path(tmp) / "small"
        vault, _ = Vault.create(small, "bench passphrase", params=TEST_PARAMS)
        moves = []
        for _ in range(runs):
            start = time.perf_counter()
            move_key(vault, drive.parent / "drive0")
            move_key(vault, "vault")
            moves.append((time.perf_counter() - start) / 2)
        vault.lock()
    return [
        at_most("unlock_overhead_key_on_drive_ms", statistics.median(overheads) * 1000, "ms", 100,
                "key on a drive (--key-dir); same goal as unlock_overhead_ms"),
        info("key_locate_ms", statistics.median(locates) * 1000, "ms",
             f"no --key-dir: the vault folder, then {OTHER_DRIVES} drives, key on the last"),
        info("key_move_ms", statistics.median(moves) * 1000, "ms",
             "write + fsync + read back + overwrite old + rename, one direction"),
    ]


GROUPS = {"keydrive": key_drive_figures}
