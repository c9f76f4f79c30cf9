"""Keyslot hygiene: the checks and wipes that no output shows, proven directly.

A wrong-but-authentic payload is refused; reserved header bytes must be zero;
the plaintext payload buffer is wiped after wrapping; ``unwrap_all`` tries every
slot for every key (counted with an instrumented AEAD, not through timing); and
after ``passwd`` the old keyslot bytes are gone from the raw disk image.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path
from typing import Any

import pytest

from vault.errors import KeyslotError
from vault.keys import keyslots, layout
from vault.keys.kdf import TEST_PARAMS
from vault.keys.keyslots import COPY_SIZE, SALT_LEN, SLOTS_START, Role

KEK, DEK = bytes(range(32)), bytes(range(100, 132))


def _file_with_payload(payload: bytes, index: int = 2) -> keyslots.SlotFile:
    """A slot file whose slot ``index`` authenticates, holding ``payload`` verbatim."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sf = keyslots.new_file(TEST_PARAMS)
    nonce = bytes(12)
    blob = nonce + AESGCM(KEK).encrypt(nonce, payload, keyslots._aad(sf, index))
    return sf.with_slot(index, blob)


def test_an_authentic_slot_with_nonzero_padding_is_refused() -> None:
    good = bytes([Role.PASSPHRASE]) + bytes(15) + DEK
    assert [bytes(u.dek) for u in keyslots.unwrap_all(_file_with_payload(good), [KEK])] == [DEK]
    for at in (1, 8, 15):
        bad = bytearray(good)
        bad[at] = 1
        assert keyslots.unwrap_all(_file_with_payload(bytes(bad)), [KEK]) == []


@pytest.mark.parametrize("role", [0, 4, 255])
def test_an_authentic_slot_with_an_unknown_role_is_refused(role: int) -> None:
    payload = bytes([role]) + bytes(15) + DEK
    assert keyslots.unwrap_all(_file_with_payload(payload), [KEK]) == []


def _with_header(**fields: int) -> bytes:
    """An encoded file whose first copy carries the given header fields, checksum fixed."""
    sf = keyslots.new_file(TEST_PARAMS)
    data = bytearray(keyslots.encode(sf))
    values = {"version": 1, "salt_len": SALT_LEN, "lanes": TEST_PARAMS.lanes, "count": 8,
              "memory": TEST_PARAMS.memory_kib, "passes": TEST_PARAMS.time_cost, "reserved": 0}
    values.update(fields)
    plain = struct.pack(">BBBBII", *(values[k] for k in ("version", "salt_len", "lanes", "count",
                                                          "memory", "passes")))
    plain += values["reserved"].to_bytes(4, "big")
    mask = layout.header_mask(sf.salt)
    data[SALT_LEN:SLOTS_START] = bytes(a ^ b for a, b in zip(plain, mask, strict=True))
    end = keyslots.CHECKSUM_START
    data[end:COPY_SIZE] = hashlib.sha256(bytes(data[:end])).digest()
    return bytes(data)


def test_the_header_builder_matches_the_real_encoder() -> None:
    assert keyslots.decode(_with_header()).params == TEST_PARAMS


@pytest.mark.parametrize(("field", "value", "message"), [
    ("reserved", 1, "unsupported version"),
    ("reserved", 1 << 31, "unsupported version"),
    ("version", 2, "unsupported version"),
    ("salt_len", 16, "bad salt length"),
    ("count", 7, "bad slot count"),
])
def test_a_header_with_a_bad_field_is_refused(field: str, value: int, message: str) -> None:
    with pytest.raises(KeyslotError, match=message):
        keyslots.decode(_with_header(**{field: value}))


def test_the_payload_buffer_is_wiped_after_wrapping(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[bytearray] = []

    class Tracked(bytearray):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            made.append(self)

    monkeypatch.setattr(keyslots, "bytearray", Tracked, raising=False)
    sf = keyslots.wrap(keyslots.new_file(TEST_PARAMS), 0, KEK, Role.PASSPHRASE, DEK)
    monkeypatch.undo()
    assert made and all(len(buf) == keyslots.PAYLOAD_LEN for buf in made)
    assert all(not any(buf) for buf in made)
    assert [bytes(u.dek) for u in keyslots.unwrap_all(sf, [KEK])] == [DEK]


class CountingAEAD:
    """AESGCM that counts decrypt calls (the loop must never exit early)."""

    calls = 0

    def __init__(self, key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._inner = AESGCM(key)

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        CountingAEAD.calls += 1
        return self._inner.decrypt(nonce, data, aad)


@pytest.mark.parametrize("hit", [0, 7])
def test_unwrap_all_tries_every_slot_for_every_key(hit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    sf = keyslots.wrap(keyslots.new_file(TEST_PARAMS), hit, KEK, Role.PASSPHRASE, DEK)
    sf = keyslots.wrap(sf, 3, bytes(32), Role.DURESS, bytes(32))
    monkeypatch.setattr(keyslots, "AESGCM", CountingAEAD)
    CountingAEAD.calls = 0
    found = keyslots.unwrap_all(sf, [KEK, bytes(32), b"\x01" * 32])
    assert CountingAEAD.calls == 3 * keyslots.SLOT_COUNT
    assert {(u.index, u.role) for u in found} == {(3, Role.DURESS), (hit, Role.PASSPHRASE)}


def test_passwd_leaves_no_old_keyslot_bytes_on_the_raw_disk(tmp_path: Path) -> None:
    """The old inode is overwritten in place: its slot bytes appear nowhere in the image."""
    from tests.proof import kit
    from vault.core import Vault

    if not kit.is_root():
        pytest.skip("needs root to mount an ext4 image (CI runs as root)")
    image = tmp_path / "disk.img"
    with kit.loop_mount(image, tmp_path / "mnt", 16, sync=False) as base:
        vault, _ = Vault.create(base / "v", "old phrase", params=TEST_PARAMS)
        old = (base / "v" / "k").read_bytes()
        vault.change_passphrase("old phrase", "new phrase")
        vault.lock()
        new = (base / "v" / "k").read_bytes()
    raw = image.read_bytes()
    assert new in raw  # the search works: the live file is found
    changed = [at for at in range(0, len(old) - 16, 16) if old[at:at + 16] not in new]
    assert len(changed) >= 8  # the old wrapped slot and the padding, in both copies
    assert [at for at in changed if old[at:at + 16] in raw] == []


def test_a_failed_scrub_does_not_fail_the_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scrub is best effort: the new keyslot file is already in place when it runs."""
    path = tmp_path / "k"
    first = keyslots.wrap(keyslots.new_file(TEST_PARAMS), 0, KEK, Role.PASSPHRASE, DEK)
    keyslots.write(path, first)  # no old file: nothing to scrub
    scrubbed: list[int] = []

    def broken(fd: int, size: int, chunk: int = 1 << 20) -> None:
        scrubbed.append(size)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(keyslots, "overwrite_in_place", broken)
    second = keyslots.clear_slot(first, 0)
    keyslots.write(path, second)
    assert scrubbed == [keyslots.FILE_SIZE]
    assert keyslots.read(path).slots == second.slots


def test_an_unreadable_keyslot_path_is_a_one_line_vault_error(tmp_path: Path) -> None:
    from vault.errors import VaultError

    (tmp_path / "k").mkdir()  # a directory where the file should be
    with pytest.raises(VaultError, match="reading the keyslot file"):
        keyslots.read(tmp_path / "k")
    with pytest.raises(VaultError, match="opening the keyslot file"):
        keyslots.write(tmp_path / "k", keyslots.new_file(TEST_PARAMS))


def test_a_slot_file_value_cannot_be_changed_in_place() -> None:
    import dataclasses

    sf = keyslots.new_file(TEST_PARAMS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sf.salt = bytes(32)  # type: ignore[misc]
    assert keyslots.clear_slot(sf, 0).slots[1:] == sf.slots[1:]  # changes make a new value
