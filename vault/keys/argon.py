"""The one Argon2id call, its parameter bounds and the passphrase's bytes.

Lean on purpose: the standard library and argon2-cffi's own C binding
(``_argon2_cffi_bindings``, the libargon2 that ``argon2.low_level`` calls) and
nothing else. ``import argon2`` itself costs about 20 ms of start-up (it loads
``dataclasses`` and ``typing`` for its password hasher), which ``spravka docs``
would pay before Argon2id could start (issue 18). The call is
``argon2.low_level.hash_secret_raw``'s own; a test pins the two to each other.
"""

from __future__ import annotations

import unicodedata

from _argon2_cffi_bindings import ffi, lib

from vault.errors import KeyslotError, VaultError

KEY_LEN = 32
MAX_MEMORY_KIB = 4 * 1024 * 1024  # 4 GiB
MAX_TIME_COST = 20
MAX_LANES = 16
MIN_MEMORY_KIB = 8  # argon2 floor per lane is 8 KiB; tests use tiny values
ARGON2_VERSION = 0x13


def check_bounds(memory_kib: int, time_cost: int, lanes: int) -> None:
    """Refuse out-of-range parameters before any allocation: a tampered header must not
    make us allocate terabytes."""
    if not (1 <= lanes <= MAX_LANES):
        raise KeyslotError("keyslot file damaged: KDF lanes parameter out of range")
    if not (MIN_MEMORY_KIB * max(lanes, 1) <= memory_kib <= MAX_MEMORY_KIB):
        raise KeyslotError("keyslot file damaged: KDF memory parameter out of range")
    if not (1 <= time_cost <= MAX_TIME_COST):
        raise KeyslotError("keyslot file damaged: KDF passes parameter out of range")


def argon2id(secret: bytes | bytearray, salt: bytes, memory_kib: int, time_cost: int,
             lanes: int) -> bytearray:
    """A 32-byte Argon2id key; the GIL is released while it runs (cffi)."""
    check_bounds(memory_kib, time_cost, lanes)
    out = ffi.new("uint8_t[]", KEY_LEN)
    pwd = ffi.new("uint8_t[]", bytes(secret))
    try:
        rv = lib.argon2_hash(time_cost, memory_kib, lanes, pwd, len(secret),
                             ffi.new("uint8_t[]", salt), len(salt), out, KEY_LEN,
                             ffi.NULL, 0, lib.Argon2_id, ARGON2_VERSION)
        if rv != lib.ARGON2_OK:
            reason = ffi.string(lib.argon2_error_message(rv)).decode()
            raise VaultError(f"the key derivation (Argon2id, {-(-memory_kib // 1024)} MiB) "
                             f"could not run: {reason}")
        return bytearray(ffi.buffer(out, KEY_LEN))
    finally:
        ffi.memmove(pwd, bytes(len(secret)), len(secret))
        ffi.memmove(out, bytes(KEY_LEN), KEY_LEN)


def passphrase_bytes(passphrase: str) -> bytearray:
    """NFC-normalise so the same passphrase typed on another keyboard still works."""
    return bytearray(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
