"""Recovery keys: 256 random bits written as Crockford base32 groups with a check.

Crockford's alphabet drops I, L, O and U, and decoding folds the look-alikes
(I/L -> 1, O -> 0), so a key copied by hand survives the usual misreadings.
A 2-symbol check (SHA-256 of the key, first 10 bits) catches typos before we
spend any time on unlock.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_FOLD = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})
KEY_BYTES = 32
DATA_SYMBOLS = 52  # ceil(256 / 5)
CHECK_SYMBOLS = 2
GROUP = 4


def _encode_int(value: int, symbols: int) -> str:
    out = []
    for _ in range(symbols):
        out.append(ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(out))


def _check(key: bytes) -> str:
    digest = int.from_bytes(hashlib.sha256(b"spravka-recovery" + key).digest()[:2], "big")
    return _encode_int(digest >> 6, CHECK_SYMBOLS)


def generate() -> tuple[bytearray, str]:
    """A new recovery key and its printable form (shown to the user once)."""
    key = bytearray(secrets.token_bytes(KEY_BYTES))
    return key, format_key(bytes(key))


def format_key(key: bytes) -> str:
    text = _encode_int(int.from_bytes(key, "big"), DATA_SYMBOLS) + _check(key)
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def parse(text: str) -> bytearray | None:
    """Return the key if ``text`` is a well-formed recovery key, else ``None``."""
    cleaned = "".join(ch for ch in text.upper() if ch not in "- \t").translate(_FOLD)
    if len(cleaned) != DATA_SYMBOLS + CHECK_SYMBOLS or any(ch not in ALPHABET for ch in cleaned):
        return None
    value = 0
    for ch in cleaned[:DATA_SYMBOLS]:
        value = (value << 5) | ALPHABET.index(ch)
    if value >> (KEY_BYTES * 8):
        return None
    key = value.to_bytes(KEY_BYTES, "big")
    if _check(key) != cleaned[DATA_SYMBOLS:]:
        return None
    return bytearray(key)
