"""Backup format 1, pinned by an independent reader and writer written from the spec
(the docstring of ``vault/backup/format.py``), with every length and label as a literal.

A backup made today must restore with every later version: changing any number
here breaks existing backups, so it must be a new format (with a reader for the
old one), never a side effect.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from tests.helpers import PASS
from tests.unit.backup.conftest import Made
from vault.backup import format as fmt
from vault.errors import IntegrityError, WrongPassphrase
from vault.keys import keyslots
from vault.keys.argon import passphrase_bytes
from vault.keys.kdf import derive
from vault.keys.keyslots import Role, Unwrapped

KEYSLOT, PAGE, TRAILER_MIN, NONCE, TAG, RESERVE = 2048, 65536, 4096, 12, 16, 80
LABEL, AAD = b"spravka/backup", b"spravka/backup/1"
KEY = bytes(range(32))
SLOTS = bytes(range(256)) * 8  # stands in for a keyslot file: only its bytes matter here
# Known answer: seal_trailer(KEY, SLOTS, META) with the nonce 00..0b and no extra padding.
META = {"format": 1, "created": "2026-11-29T08:00:00+00:00", "schema": 7, "db_len": 65536,
        "counts": {"documents": 3, "letters": 1}, "digest": "ab" * 32}
VECTOR_SHA256 = "65710c47fe369d79a3a451b5141003a93e3519b95a8a650c0eecad4d42694bf6"


def _trailer_key(dek: bytes | bytearray) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=LABEL).derive(bytes(dek))


def _page_digest(db: bytes) -> str:
    h = hashlib.sha256(b"spravka/pages/1" + db[:16])
    pages = [db[i:i + PAGE] for i in range(0, len(db), PAGE)]
    for page in pages:
        h.update(page[-RESERVE:])
    h.update(len(pages).to_bytes(8, "big"))
    return h.hexdigest()


def _dek(slot_bytes: bytes) -> bytearray:
    sf = keyslots.decode(slot_bytes)
    [hit] = keyslots.unwrap_all(sf, [derive(passphrase_bytes(PASS), sf.salt, sf.params)])
    assert hit.role is Role.PASSPHRASE
    return hit.dek


def test_a_backup_reads_by_the_spec_alone(made: Made) -> None:
    """Keyslot file, whole pages, then nonce | AES-256-GCM(4-byte length, canonical JSON,
    zeros) with the label and the keyslot bytes as associated data."""
    data = made.backup.read_bytes()
    trailer_len = TRAILER_MIN + (len(data) - KEYSLOT - TRAILER_MIN) % PAGE
    slot_bytes, db, trailer = data[:KEYSLOT], data[KEYSLOT:-trailer_len], data[-trailer_len:]
    assert slot_bytes == (made.root / "k").read_bytes()  # the vault's keyslot file verbatim
    assert len(db) % PAGE == 0 and len(db) >= PAGE
    plain = AESGCM(_trailer_key(_dek(slot_bytes))).decrypt(trailer[:NONCE], trailer[NONCE:], AAD + slot_bytes)
    assert len(plain) == trailer_len - NONCE - TAG
    length = int.from_bytes(plain[:4], "big")
    body, padding = plain[4:4 + length], plain[4 + length:]
    assert padding == bytes(len(padding))
    meta = json.loads(body)
    assert body == json.dumps(meta, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert sorted(meta) == ["counts", "created", "db_len", "digest", "format", "schema"]
    assert (meta["format"], meta["db_len"], meta["digest"]) == (1, len(db), _page_digest(db))
    assert meta["counts"]["documents"] == 3 and meta["counts"]["letters"] == 1


def test_the_trailer_known_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt.secrets, "token_bytes", lambda n: bytes(range(n)))
    monkeypatch.setattr(fmt.secrets, "randbelow", lambda n: 0)
    blob = fmt.seal_trailer(KEY, SLOTS, META)
    body = json.dumps(META, sort_keys=True, separators=(",", ":")).encode()
    plain = len(body).to_bytes(4, "big") + body + bytes(TRAILER_MIN - NONCE - TAG - 4 - len(body))
    nonce = bytes(range(NONCE))
    assert blob == nonce + AESGCM(KEY).encrypt(nonce, plain, AAD + SLOTS)
    assert hashlib.sha256(blob).hexdigest() == VECTOR_SHA256
    assert fmt.open_trailer(KEY, SLOTS, blob) == META


@pytest.mark.parametrize(("extra", "size"), [(lambda n: 0, TRAILER_MIN), (lambda n: n - 1, TRAILER_MIN + PAGE - 1)])
def test_the_trailer_is_padded_to_less_than_one_page_over_its_minimum(
        monkeypatch: pytest.MonkeyPatch, extra: object, size: int) -> None:
    """So the reader can tell the trailer from the whole pages before it by the size alone."""
    monkeypatch.setattr(fmt.secrets, "randbelow", extra)
    assert len(fmt.seal_trailer(KEY, SLOTS, META)) == size


def test_metadata_that_does_not_fit_the_smallest_trailer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt.secrets, "randbelow", lambda n: 0)
    room = TRAILER_MIN - NONCE - TAG - 4  # the 4-byte length, then the JSON
    fits = {"x": "a" * (room - len('{"x":""}'))}
    assert len(fmt.seal_trailer(KEY, SLOTS, fits)) == TRAILER_MIN
    with pytest.raises(ValueError, match="backup metadata too large"):
        fmt.seal_trailer(KEY, SLOTS, {"x": fits["x"] + "a"})


def test_open_trailer_refuses_another_format_version() -> None:
    body = json.dumps({**META, "format": 2}).encode()
    nonce = bytes(NONCE)
    blob = nonce + AESGCM(KEY).encrypt(nonce, len(body).to_bytes(4, "big") + body, AAD + SLOTS)
    with pytest.raises(IntegrityError, match="unsupported backup format 2; update Spravka"):
        fmt.open_trailer(KEY, SLOTS, blob)


def test_the_layout_comes_from_the_size_alone() -> None:
    smallest = fmt.Layout.of(KEYSLOT + PAGE + TRAILER_MIN)
    assert (smallest.db_start, smallest.db_len, smallest.trailer_start) == (KEYSLOT, PAGE, KEYSLOT + PAGE)
    largest = fmt.Layout.of(KEYSLOT + 3 * PAGE + TRAILER_MIN + PAGE - 1)
    assert (largest.db_len, largest.trailer_start) == (3 * PAGE, KEYSLOT + 3 * PAGE)
    with pytest.raises(IntegrityError, match="truncated"):
        fmt.Layout.of(KEYSLOT + PAGE + TRAILER_MIN - 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        smallest.db_len = 0  # type: ignore[misc]


def test_a_backup_without_a_readable_keyslot_file_is_not_a_backup() -> None:
    with pytest.raises(IntegrityError, match="not a Spravka backup"):
        fmt.unlock_slots(bytes(KEYSLOT), PASS)


def _instrumented(monkeypatch: pytest.MonkeyPatch, found: list[Unwrapped]) -> list[bytearray]:
    """Let unlock_slots find ``found``; return the KEKs it derived, to check they are wiped."""
    keks: list[bytearray] = []

    def kek(*args: object) -> bytearray:
        keks.append(bytearray(b"\x07" * 32))
        return keks[-1]

    monkeypatch.setattr(fmt, "derive", kek)
    monkeypatch.setattr(fmt.keyslots, "unwrap_all", lambda sf, given: found)
    return keks


def test_unlock_returns_the_first_key_and_wipes_every_other(made: Made, monkeypatch: pytest.MonkeyPatch) -> None:
    """Duress slots never open a backup, and no key but the returned one stays in memory."""
    slot_bytes = made.backup.read_bytes()[:KEYSLOT]
    duress, first, second = (bytearray([n]) * 32 for n in (1, 2, 3))
    keks = _instrumented(monkeypatch, [Unwrapped(Role.DURESS, 0, duress), Unwrapped(Role.PASSPHRASE, 1, first),
                                       Unwrapped(Role.RECOVERY, 2, second)])
    _, dek = fmt.unlock_slots(slot_bytes, PASS)
    assert dek is first and dek == bytearray([2]) * 32
    assert [bytes(k) for k in (duress, second, *keks)] == [bytes(32)] * (2 + len(keks)) and keks
    only_duress = bytearray([1]) * 32
    _instrumented(monkeypatch, [Unwrapped(Role.DURESS, 0, only_duress)])
    with pytest.raises(WrongPassphrase):
        fmt.unlock_slots(slot_bytes, PASS)
    assert only_duress == bytes(32)
