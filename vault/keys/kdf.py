"""Argon2id: parameters, calibration and the one hashing call.

Calibration follows cryptsetup's method (DESIGN.md §2): 4 lanes, memory first
(min(1 GiB, RAM/4), floor 256 MiB), then passes (at least 3) until the target
time is reached. Parameters read from disk are checked against a ceiling
*before* anything is allocated, so a tampered header cannot make us allocate
terabytes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from vault.keys.argon import MAX_TIME_COST, argon2id, check_bounds

FLOOR_MEMORY_KIB = 256 * 1024
LOW_MEMORY_KIB = 64 * 1024
CEILING_MEMORY_KIB = 1024 * 1024


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    time_cost: int
    lanes: int = 4

    def check(self) -> None:
        """Refuse out-of-range parameters before any allocation."""
        check_bounds(*self.settings())

    def settings(self) -> tuple[int, int, int]:
        """``(memory_kib, time_cost, lanes)``, the order ``vault.keys.argon`` takes them in."""
        return self.memory_kib, self.time_cost, self.lanes


# Explicit test-only parameters: never used unless a caller passes them.
TEST_PARAMS = KdfParams(memory_kib=1024, time_cost=1, lanes=4)


def derive(secret: bytes | bytearray, salt: bytes, params: KdfParams) -> bytearray:
    return argon2id(secret, salt, *params.settings())


def _total_ram_kib() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 1024
    except (ValueError, OSError):
        return 4 * 1024 * 1024


def _time_one(params: KdfParams) -> float:
    start = time.perf_counter()
    derive(b"calibration", b"\0" * 16, params)
    return time.perf_counter() - start


def calibrate(
    target_ms: int = 1000, *, ram_kib: int | None = None,
    measure: Callable[[KdfParams], float] = _time_one,
) -> KdfParams:
    """Pick memory first, then passes, so one derivation takes about ``target_ms``."""
    ram = _total_ram_kib() if ram_kib is None else ram_kib
    memory = min(CEILING_MEMORY_KIB, ram // 4)
    if memory < FLOOR_MEMORY_KIB:
        memory = max(LOW_MEMORY_KIB, memory)
    per_pass = max(measure(KdfParams(memory_kib=memory, time_cost=1, lanes=4)), 1e-4) * 1000
    if 3 * per_pass > target_ms and memory > FLOOR_MEMORY_KIB:
        # Three passes at this memory overshoot the target: give up memory (not
        # passes) down to the 256 MiB floor, as cryptsetup does on slow machines.
        scaled = int(memory * target_ms / (3 * per_pass))
        memory = max(FLOOR_MEMORY_KIB, scaled - scaled % 1024)
        per_pass = max(measure(KdfParams(memory_kib=memory, time_cost=1, lanes=4)), 1e-4) * 1000
    passes = max(3, min(MAX_TIME_COST, round(target_ms / per_pass)))
    return KdfParams(memory_kib=memory, time_cost=passes, lanes=4)
