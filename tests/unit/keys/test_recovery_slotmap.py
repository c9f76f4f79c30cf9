"""Recovery-key text, the slot map and the subkey labels: committed vectors and edges.

Changing any vector here breaks every existing vault or printed recovery key:
it must be deliberate (with a migration), never a side effect.
"""

from __future__ import annotations

import unicodedata

import pytest

from vault.errors import VaultError
from vault.keys import argon, recovery, subkeys
from vault.keys.keyslots import SLOT_COUNT, Role
from vault.keys.slotmap import SlotMap

KEY = bytes(range(32))
TEXT = "0001-081G-8186-0W40-J2GB-1G6G-W3RG-2491-650N-2RBH-G68T-3CE1-T7GZ-SB"


def test_recovery_key_format_vector() -> None:
    assert recovery.format_key(KEY) == TEXT
    assert recovery.parse(TEXT) == bytearray(KEY)
    assert recovery.parse(recovery.format_key(b"\xff" * 32)) == bytearray(b"\xff" * 32)


def test_hand_copied_keys_are_forgiven() -> None:
    sloppy = TEXT.lower().replace("-", " ").replace("1", "l", 3).replace("0", "o", 2)
    assert recovery.parse("\t" + sloppy.replace("v", "u") + "  ") == bytearray(KEY)
    assert recovery.parse(TEXT.replace("1", "I")) == bytearray(KEY)


@pytest.mark.parametrize("text", [
    TEXT[:-1],  # one symbol short
    TEXT + "0",  # one symbol long
    TEXT[:-1] + ("0" if TEXT[-1] != "0" else "1"),  # wrong check symbol
    TEXT.replace("G", "G.", 1),  # a character outside the alphabet
    TEXT.replace("G", "Ж", 1),  # the right length, one character outside the alphabet
    "2" + TEXT[1:],  # more than 256 bits of data
    "",
])
def test_malformed_recovery_keys_are_refused(text: str) -> None:
    assert recovery.parse(text) is None


def test_every_generated_key_round_trips() -> None:
    for _ in range(50):
        key, text = recovery.generate()
        assert len(key) == 32 and text.count("-") == 13 and recovery.parse(text) == key


def test_subkey_labels_and_vectors() -> None:
    assert subkeys.hkdf(bytes(32), subkeys.DB_KEY).hex() == (
        "da4cafe64d57d91c062d478c97eb28db507b1930574775559d2f149958fff171")
    assert subkeys.hkdf(bytes(32), subkeys.RECOVERY_KEK, salt=b"s" * 32).hex() == (
        "1a0a300fc3637c0cedeadea864e7b0d77c1897ab6dafaf541458f9cde7120b56")
    assert subkeys.signing_key(bytes(32)).public_key().public_bytes_raw().hex() == (
        "e1ae5ec12ac452a3db9147f2ac818bb39d947352d6b6359d7e6a7f934ce19132")


def test_passphrases_are_nfc_normalised() -> None:
    composed, decomposed = "пароль é й", unicodedata.normalize("NFD", "пароль é й")
    assert composed != decomposed
    assert argon.passphrase_bytes(decomposed) == argon.passphrase_bytes(composed)
    assert argon.passphrase_bytes(composed) == bytearray(composed.encode("utf-8"))


class _Settings:
    """A session stand-in that stores the one settings row the slot map uses."""

    def __init__(self) -> None:
        self.rows: dict[str, str] = {}

    def execute(self, statement: object, params: dict[str, str]) -> _Settings:
        sql = str(statement)
        if sql.startswith("INSERT"):
            self.rows[params["k"]] = params["v"]
        self._found = self.rows.get(params["k"])
        return self

    def first(self) -> tuple[str] | None:
        return None if self._found is None else (self._found,)


def test_slot_map_round_trip_and_queries() -> None:
    session = _Settings()
    assert SlotMap.load(session).roles == {}  # type: ignore[arg-type]
    SlotMap().assign(5, Role.PASSPHRASE).assign(2, Role.RECOVERY).assign(7, Role.PASSPHRASE) \
        .save(session)  # type: ignore[arg-type]
    assert session.rows == {"keyslots": '{"2": 2, "5": 1, "7": 1}'}
    loaded = SlotMap.load(session)  # type: ignore[arg-type]
    assert loaded.roles == {2: Role.RECOVERY, 5: Role.PASSPHRASE, 7: Role.PASSPHRASE}
    assert loaded.index_of(Role.RECOVERY) == 2 and loaded.index_of(Role.DURESS) is None
    assert (loaded.count(Role.PASSPHRASE), loaded.count(Role.DURESS)) == (2, 0)
    assert loaded.release(5).release(6).roles == {2: Role.RECOVERY, 7: Role.PASSPHRASE}


def test_free_index_is_a_random_free_slot_and_full_is_an_error() -> None:
    slots = SlotMap({0: Role.PASSPHRASE, 3: Role.RECOVERY})
    drawn = {slots.free_index() for _ in range(300)}
    assert drawn == set(range(SLOT_COUNT)) - {0, 3}  # every free slot, never a used one
    full = SlotMap({i: Role.PASSPHRASE for i in range(SLOT_COUNT)})
    with pytest.raises(VaultError, match="all keyslots are in use"):
        full.free_index()
    assert SlotMap({i: Role.PASSPHRASE for i in range(SLOT_COUNT - 1)}).free_index() == SLOT_COUNT - 1


def test_fingerprint_format_vector() -> None:
    """What the lawyer reads over the phone: the first 128 bits of SHA-256 of the raw
    public key, in eight groups of four hex digits (a committed vector)."""
    assert subkeys.fingerprint(KEY) == "630d cd29 66c4 3366 9112 5448 bbb2 5b4f"
