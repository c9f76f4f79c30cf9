"""The keyslot file's outer shape, without its cryptography: what a panic needs first.

A panic reads the salt and overwrites the whole file before anything else, so
``vault.keys.erase`` and the key search take these numbers from here and do not
load ``cryptography`` (several ms of start-up) ahead of the overwrite.
``vault.keys.keyslots`` owns the format; a test pins these values to its own.
"""

from __future__ import annotations

try:  # CPython's own SHA-256: hashlib would load OpenSSL first (~2 ms before the overwrite)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other interpreters, and 3.12's _sha2
    from hashlib import sha256

SALT_LEN = 32
COPY_SIZE = 1024
FILE_SIZE = 2 * COPY_SIZE
CHECKSUM_LEN = 32
CHECKSUM_START = COPY_SIZE - CHECKSUM_LEN


def first_copy_salt(data: bytes) -> bytes | None:
    """The salt of a keyslot file whose first copy's checksum holds, else None.

    Enough to tell which file is a key of which vault; the full parse (header,
    slots, the second copy) is ``keyslots.decode``, for everything else.
    """
    if not COPY_SIZE <= len(data) <= FILE_SIZE:
        return None
    copy = data[:COPY_SIZE]
    if sha256(copy[:CHECKSUM_START]).digest() != copy[CHECKSUM_START:]:
        return None
    return copy[:SALT_LEN]
