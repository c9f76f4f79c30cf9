"""Keyslot file: committed format vectors, corruption generator, bit-flip sweep."""

from __future__ import annotations

import hashlib
import random
import struct
from collections.abc import Callable

import pytest

from vault.errors import KeyslotError
from vault.keys import keyslots, layout
from vault.keys.kdf import TEST_PARAMS, KdfParams, derive
from vault.keys.keyslots import COPY_SIZE, SALT_LEN, SLOTS_START, Role


def counter_rng(seed: int = 0) -> Callable[[int], bytes]:
    """Deterministic 'random' bytes for format vectors."""
    state = {"n": seed}

    def rng(n: int) -> bytes:
        out = b""
        while len(out) < n:
            out += hashlib.sha256(b"vec" + state["n"].to_bytes(8, "big")).digest()
            state["n"] += 1
        return out[:n]

    return rng


def vector_file() -> tuple[bytes, bytes]:
    rng = counter_rng()
    sf = keyslots.new_file(TEST_PARAMS, rng)
    kek = bytes(range(32))
    dek = bytes(range(32, 64))
    sf = keyslots.wrap(sf, 3, kek, Role.PASSPHRASE, dek, rng)
    return keyslots.encode(sf, rng), kek


# Changing the on-disk format must be deliberate: update these and add a
# migration for existing vaults.
FORMAT_SHA256 = "a476ece635b5d6dd98e3410171422cd5eab53a85a125c364860a85baf6d8d7b3"


def test_format_vector_is_stable() -> None:
    data, _ = vector_file()
    assert len(data) == keyslots.FILE_SIZE == 2048
    assert hashlib.sha256(data).hexdigest() == FORMAT_SHA256


def test_vector_round_trip() -> None:
    data, kek = vector_file()
    sf = keyslots.decode(data)
    assert sf.params == TEST_PARAMS
    [hit] = keyslots.unwrap_all(sf, [kek])
    assert (hit.role, hit.index, bytes(hit.dek)) == (Role.PASSPHRASE, 3, bytes(range(32, 64)))
    assert keyslots.unwrap_all(sf, [bytes(32)]) == []


def _flip(data: bytes, *offsets: int) -> bytes:
    out = bytearray(data)
    for offset in offsets:
        out[offset] ^= 1
    return bytes(out)


def _recheck(copy: bytearray) -> bytes:
    copy[-32:] = hashlib.sha256(bytes(copy[:-32])).digest()
    return bytes(copy)


def _with_header(data: bytes, **fields: int) -> bytes:
    """Rewrite the masked header of both copies with new field values (valid checksums)."""
    copy = bytearray(data[:COPY_SIZE])
    salt = bytes(copy[:SALT_LEN])
    mask = layout.header_mask(salt)
    plain = bytes(a ^ b for a, b in zip(copy[SALT_LEN:SLOTS_START], mask, strict=True))
    version, salt_len, lanes, count, memory, passes = layout.HEADER.unpack(plain)
    values = {"version": version, "salt_len": salt_len, "lanes": lanes, "count": count,
              "memory": memory, "passes": passes, **fields}
    new = layout.HEADER.pack(values["version"], values["salt_len"], values["lanes"],
                                values["count"], values["memory"], values["passes"])
    copy[SALT_LEN:SLOTS_START] = bytes(a ^ b for a, b in zip(new, mask, strict=True))
    fixed = _recheck(copy)
    return fixed + fixed


CORRUPTIONS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "empty": (lambda d: b"", "truncated"),
    "truncated in salt": (lambda d: d[:SALT_LEN - 1], "truncated"),
    "truncated after header": (lambda d: d[:SLOTS_START], "truncated"),
    "truncated in slots": (lambda d: d[:SLOTS_START + 100], "truncated"),
    "truncated before checksum": (lambda d: d[:COPY_SIZE - 32], "truncated"),
    "too long": (lambda d: d + b"\0", "wrong size"),
    "both checksums wrong": (lambda d: _flip(d, COPY_SIZE - 1, 2 * COPY_SIZE - 1), "checksum"),
    "memory too large": (lambda d: _with_header(d, memory=8 * 1024 * 1024), "memory"),
    "passes zero": (lambda d: _with_header(d, passes=0), "passes"),
    "passes too many": (lambda d: _with_header(d, passes=99), "passes"),
    "lanes too many": (lambda d: _with_header(d, lanes=200), "lanes"),
    "wrong salt length": (lambda d: _with_header(d, salt_len=16), "salt length"),
    "unknown version": (lambda d: _with_header(d, version=9), "version"),
    "bad slot count": (lambda d: _with_header(d, count=3), "slot count"),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_header_corruption_gives_specific_error(name: str) -> None:
    data, _ = vector_file()
    corrupt, expected = CORRUPTIONS[name]
    with pytest.raises(KeyslotError, match=expected):
        keyslots.decode(corrupt(data))


def test_truncation_at_every_byte_never_crashes() -> None:
    data, kek = vector_file()
    for cut in range(0, len(data)):
        try:
            sf = keyslots.decode(data[:cut])
        except KeyslotError:
            assert cut < COPY_SIZE
            continue
        assert cut >= COPY_SIZE  # copy A complete: still opens
        assert keyslots.unwrap_all(sf, [kek])


def test_bit_flip_sweep() -> None:
    """A flip in one copy is repaired by the other; the same flip in both is detected."""
    data, kek = vector_file()
    rnd = random.Random(7)
    for offset in range(COPY_SIZE):
        bit = 1 << rnd.randrange(8)
        one = bytearray(data)
        one[offset] ^= bit
        assert keyslots.unwrap_all(keyslots.decode(bytes(one)), [kek]), offset
        both = bytearray(one)
        both[COPY_SIZE + offset] ^= bit
        with pytest.raises(KeyslotError):
            keyslots.decode(bytes(both))


def test_tampered_slot_with_valid_checksum_does_not_unwrap() -> None:
    data, kek = vector_file()
    copy = bytearray(data[:COPY_SIZE])
    copy[SLOTS_START + 3 * keyslots.SLOT_LEN + 20] ^= 0x40
    fixed = _recheck(copy)
    assert keyslots.unwrap_all(keyslots.decode(fixed + fixed), [kek]) == []


def test_params_are_masked() -> None:
    data, _ = vector_file()
    raw = struct.pack(">II", TEST_PARAMS.memory_kib, TEST_PARAMS.time_cost)
    assert raw not in data
    assert keyslots.decode(data).params == KdfParams(1024, 1, 4)


def test_derive_matches_params_from_file() -> None:
    data, _ = vector_file()
    sf = keyslots.decode(data)
    assert len(derive(b"x", sf.salt, sf.params)) == 32
