"""The keyslot file's outer shape, without its cryptography: what a panic and an
unlock need first.

A panic reads the salt and overwrites the whole file before anything else, so
``vault.keys.erase`` and the key search take these numbers from here and do not
load ``cryptography`` (several ms of start-up) ahead of the overwrite. An unlock
reads the salt and the Argon2id settings from here, so Argon2id can start
before ``cryptography`` loads (``vault.keys.early``). ``vault.keys.keyslots``
owns the slots and builds on this module for the rest.
"""

from __future__ import annotations

import os
import stat
import struct

try:  # CPython's own SHA-256: hashlib would load OpenSSL first (~2 ms before the overwrite)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other interpreters, and 3.12's _sha2
    from hashlib import sha256

from vault.errors import KeyslotError

VAULT_NAME = "k"  # the key file's name in the vault folder (vault.paths: VaultPaths.keyslots)
VERSION = 1
SALT_LEN = 32
HEADER_LEN = 16
SLOT_COUNT = 8
COPY_SIZE = 1024
FILE_SIZE = 2 * COPY_SIZE
CHECKSUM_LEN = 32
CHECKSUM_START = COPY_SIZE - CHECKSUM_LEN
SLOTS_START = SALT_LEN + HEADER_LEN
HEADER = struct.Struct(">BBBBII4x")  # version, salt length, lanes, slots, memory KiB, passes
_MASK_INFO = b"spravka/header-mask"


class NotAKeyFile(Exception):
    """The name holds a directory, a FIFO or a device instead of a regular file."""


def read_key_file(path: str | os.PathLike[str]) -> bytes:
    """Up to ``FILE_SIZE + 1`` bytes of a regular file. Never waits: a FIFO planted under
    the key's name must not stop a panic (#15). ``FileNotFoundError`` when absent,
    ``NotAKeyFile`` when not a regular file, another ``OSError`` when unreadable."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAKeyFile("it is a directory" if stat.S_ISDIR(mode) else "not a regular file")
        return os.pread(fd, FILE_SIZE + 1, 0)
    finally:
        os.close(fd)


def first_copy_salt(data: bytes) -> bytes | None:
    """The salt of a keyslot file whose first copy's checksum holds, else None.

    Enough to tell which file is a key of which vault; the full parse (header,
    slots, the second copy) is ``keyslots.decode``, for everything else.
    """
    if not COPY_SIZE <= len(data) <= FILE_SIZE:
        return None
    copy = data[:COPY_SIZE]
    return copy[:SALT_LEN] if _checksum_holds(copy) else None


def good_copy(data: bytes) -> bytes | None:
    """The first copy whose checksum holds (the second one de-whitened), else None.
    One bad sector does not lock the user out."""
    if not COPY_SIZE <= len(data) <= FILE_SIZE:
        return None
    for start in (0, COPY_SIZE):
        copy = data[start : start + COPY_SIZE]
        if len(copy) == COPY_SIZE and start:
            copy = whiten(copy)
        if len(copy) == COPY_SIZE and _checksum_holds(copy):
            return copy
    return None


def _checksum_holds(copy: bytes) -> bool:
    return sha256(copy[:CHECKSUM_START]).digest() == copy[CHECKSUM_START:]


def whiten(copy: bytes) -> bytes:
    """XOR the second copy with a fixed keystream so the file has no repeated block.

    Not secrecy (the stream is public); it only keeps the two copies from
    standing out as a duplicated 1 KiB structure. Self-inverse.
    """
    stream = b"".join(
        sha256(b"spravka/copy-b" + i.to_bytes(4, "big")).digest() for i in range(COPY_SIZE // 32)
    )
    return bytes(a ^ b for a, b in zip(copy, stream, strict=True))


def header_mask(salt: bytes) -> bytes:
    """HKDF-SHA256 (RFC 5869: no salt, info ``spravka/header-mask``) of the file's salt,
    computed with the standard library's HMAC so reading the header needs no
    ``cryptography``. The mask hides nothing (the salt is public); a test pins it to
    cryptography's HKDF."""
    import hmac

    prk = hmac.digest(bytes(32), salt, "sha256")
    return hmac.digest(prk, _MASK_INFO + b"\x01", "sha256")[:HEADER_LEN]


def mask_header(salt: bytes, lanes: int, memory_kib: int, time_cost: int) -> bytes:
    plain = HEADER.pack(VERSION, SALT_LEN, lanes, SLOT_COUNT, memory_kib, time_cost)
    return bytes(a ^ b for a, b in zip(plain, header_mask(salt), strict=True))


def kdf_settings(copy: bytes) -> tuple[int, int, int]:
    """``(memory_kib, time_cost, lanes)`` from a good copy's masked header; each kind of
    damage has its own one-line ``KeyslotError``. Bounds are ``argon.check_bounds``'s."""
    salt = copy[:SALT_LEN]
    plain = bytes(a ^ b for a, b in zip(copy[SALT_LEN:SLOTS_START], header_mask(salt), strict=True))
    version, salt_len, lanes, count, memory, passes = HEADER.unpack(plain)
    if plain[12:] != bytes(4) or version != VERSION:
        raise KeyslotError("keyslot file damaged or of an unsupported version")
    if salt_len != SALT_LEN:
        raise KeyslotError("keyslot file damaged: bad salt length")
    if count != SLOT_COUNT:
        raise KeyslotError("keyslot file damaged: bad slot count")
    return memory, passes, lanes
