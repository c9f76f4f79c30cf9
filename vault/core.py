"""The vault: create, unlock (passphrase, recovery key or duress), lock, manage slots.

One Argon2id run per unlock attempt, then every slot is tried with every
candidate key; after the KDF the remaining work is padded to a fixed floor so
the real, the duress and a wrong passphrase take the same time.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput, VaultError, WrongPassphrase
from vault.fsutil import FILE_MODE, ensure_private_dir, fsync_file
from vault.keys import keyslots, recovery
from vault.keys.argon import passphrase_bytes
from vault.keys.hardening import wipe
from vault.keys.kdf import KdfParams, calibrate, derive
from vault.keys.keyslots import Random, Role, SlotFile
from vault.keys.resalt import Resalter
from vault.keys.slotmap import SlotMap
from vault.keys.subkeys import DB_KEY, RECOVERY_KEK, hkdf, signing_key
from vault.keys.unlock import UNLOCK_FLOOR_S, KeyPhase, require_vault, unlock_keys
from vault.paths import VaultPaths
from vault.storage import audit
from vault.storage.lockfile import DirLock
from vault.storage.preload import preload_open

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session


class Vault:
    """An unlocked vault. Holds the DEK (a bytearray) until ``lock()``."""

    def __init__(self, paths: VaultPaths, dek: bytearray, dir_lock: DirLock,
                 engine: Engine, slot_file: SlotFile) -> None:
        self.paths = paths
        self._dek: bytearray | None = dek
        self._lock = dir_lock
        self._engine: Engine | None = engine
        self._slot_file = slot_file
        self._sessions: Any = None
        self._db_key: bytearray | None = None  # the engine's raw SQLCipher key, zeroed on lock
        self._resalter = Resalter()  # duress: the fresh salt, after the floor
        self.kdf_seconds = 0.0  # of the unlock that opened it (for scripts/bench)
        self.floor_sleep_seconds = 0.0  # the idle sleep that padded it to the floor (same)

    # ------------------------------------------------------------------ life
    @classmethod
    def create(cls, root: Path, passphrase: str, *, params: KdfParams | None = None,
               kdf_target_ms: int = 1500, rng: Random = secrets.token_bytes,
               with_recovery: bool = True, schema_upto: int | None = None,
               key_dir: Path | None = None) -> tuple[Vault, str | None]:
        """Create a new vault in an empty (or missing) directory.

        ``key_dir`` puts the keyslot file there (a drive) instead of the vault
        folder. ``schema_upto`` builds an older schema version: only for
        migration tests and format fixtures.
        """
        root = Path(root)
        paths = VaultPaths(root, _new_key_file(key_dir))
        if root.exists() and any(root.iterdir()):
            raise VaultError(f"{root} is not empty; choose a new directory for the vault")
        ensure_private_dir(root)
        dir_lock = DirLock(root)
        try:
            params = params or calibrate(kdf_target_ms)
            sf = keyslots.new_file(params, rng)
            kek = derive(passphrase_bytes(passphrase), sf.salt, params)
            vault = cls._fresh(paths, dir_lock, sf, kek, rng, schema_upto)
            wipe(kek)
        except BaseException:
            dir_lock.release()
            raise
        text = vault.new_recovery_key(rng=rng) if with_recovery else None
        return vault, text

    @classmethod
    def _fresh(cls, paths: VaultPaths, dir_lock: DirLock, sf: SlotFile, kek: bytearray,
               rng: Random, schema_upto: int | None = None, *, write_slots: bool = True) -> Vault:
        """Database first, keyslot file last: a crash leaves no openable half-vault.
        Duress leaves the keyslot file to ``_resalt_later`` (fewer fsyncs in the floor)."""
        from vault.storage.store import make_engine, migrate, probe

        dek = bytearray(rng(32))
        index = secrets.randbelow(keyslots.SLOT_COUNT)
        sf = keyslots.wrap(sf, index, kek, Role.PASSPHRASE, dek, rng)
        os.close(os.open(paths.database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        db_key = hkdf(dek, DB_KEY)
        engine = make_engine(paths.database, db_key, fast=True)
        probe(engine)
        migrate(engine, upto=schema_upto)
        vault = cls(paths, dek, dir_lock, engine, sf)
        with vault.session() as s:
            SlotMap.load(s).assign(index, Role.PASSPHRASE).save(s)
            # the day only: a duress vault must not record the minute of the coerced unlock
            day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
            audit.append(s, "vault.created", {"schema": _schema(engine)}, now=day)
        engine.dispose()
        fsync_file(paths.database)
        vault._engine = make_engine(paths.database, db_key)
        vault._db_key = db_key
        vault._sessions = None
        if write_slots:
            keyslots.write(paths.keyslots, sf, rng)
        return vault

    @classmethod
    def open(cls, root: Path, secret: str, *, floor_s: float = UNLOCK_FLOOR_S,
             rng: Random = secrets.token_bytes, key_dir: Path | None = None) -> Vault:
        """Unlock with a passphrase or a recovery key (or, silently, the duress phrase).

        The key is looked for in ``key_dir``, ``$SPRAVKA_KEY_DIR``, the vault
        folder, then on mounted removable media (``vault.keys.location``).
        """
        root = Path(root)
        require_vault(root)
        dir_lock = DirLock(root)
        try:
            keys = unlock_keys(root, secret, key_dir=key_dir, preload=preload_open, floor_s=floor_s)
        except BaseException:
            dir_lock.release()
            raise
        return cls.from_keys(keys, dir_lock, secret, rng)

    @classmethod
    def from_keys(cls, keys: KeyPhase, dir_lock: DirLock, secret: str,
                  rng: Random = secrets.token_bytes) -> Vault:
        """The database half of an unlock, inside the floor; ``keys`` is settled here.
        Takes over ``dir_lock`` (released on failure)."""
        try:
            doomed: list[Path] = []
            try:
                vault = cls._dispatch(keys.paths, dir_lock, keys.slot_file, keys.keks[0],
                                      keys.found, rng, doomed)
            finally:
                keys.settle()
            vault.kdf_seconds, vault.floor_sleep_seconds = keys.kdf_seconds, keys.floor_sleep_seconds
            if keys.found and keys.found[0].role is Role.DURESS:
                vault._resalt_later(passphrase_bytes(secret), doomed)
            return vault
        except BaseException:
            dir_lock.release()
            raise

    @classmethod
    def _dispatch(cls, paths: VaultPaths, dir_lock: DirLock, sf: SlotFile, kek: bytearray,
                  found: list[keyslots.Unwrapped], rng: Random, doomed: list[Path]) -> Vault:
        if not found:
            raise WrongPassphrase()
        hit = found[0]
        if hit.role is Role.DURESS:
            from vault.keys.erase import erase_for_duress  # noqa: PLC0415 (duress path, loaded on use)

            wipe(hit.dek)
            doomed.extend(erase_for_duress(paths))  # renames only: constant time
            fresh = keyslots.new_file(sf.params, rng)
            fresh = SlotFile(sf.salt, sf.params, fresh.slots)  # same salt until _resalt_later
            return cls._fresh(paths, dir_lock, fresh, kek, rng, write_slots=False)
        return cls._open_db(paths, dir_lock, hit.dek, sf)

    @classmethod
    def _open_db(cls, paths: VaultPaths, dir_lock: DirLock, dek: bytearray, sf: SlotFile) -> Vault:
        from vault.storage.rekey import open_database
        from vault.storage.store import latest_version, schema_version

        db_key = hkdf(dek, DB_KEY)
        engine = open_database(paths.database, db_key)
        vault = cls(paths, dek, dir_lock, engine, sf)
        vault._db_key = db_key
        if schema_version(engine) < latest_version():
            from vault.storage.migration import upgrade

            upgrade(engine, paths)
        return vault

    def _resalt_later(self, secret: bytearray, doomed: list[Path]) -> None:
        """Duress, after the floor: unlink the old database, fresh salt (``keys.resalt``)."""
        self._resalter.start(self.paths.keyslots, doomed, secret, bytearray(self._require_dek()),
                             self._slot_file.params, self._passphrase_index, self._set_slot_file)

    def _passphrase_index(self) -> int:
        with self.session() as s:
            return SlotMap.load(s).index_of(Role.PASSPHRASE) or 0

    def _set_slot_file(self, sf: SlotFile) -> None:
        self._slot_file = sf

    def _settle(self) -> None:
        self._resalter.settle()

    def lock(self) -> None:
        """Drop the key and close the database. Idempotent.

        Also zeroes the SQLCipher raw key the engine held. Python cannot promise
        that freed plaintext buffers are overwritten; tests/proof/test_memory.py
        measures what is left (a gc.collect() here was measured: no gain, and
        it cost ~0.1 s per lock).
        """
        self._settle()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        self._sessions = None
        wipe(self._dek)
        self._dek = None
        wipe(self._db_key)
        self._db_key = None
        self._lock.release()

    @property
    def is_open(self) -> bool:
        return self._dek is not None

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.lock()

    # ------------------------------------------------------------------ data
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultError("the vault is locked")
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on any error."""
        from sqlalchemy.orm import sessionmaker

        from vault.storage.store import translate_db_errors

        if self._sessions is None:
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with translate_db_errors(), self._sessions() as s, s.begin():
            yield s

    def signing_key(self) -> Ed25519PrivateKey:
        return signing_key(self._require_dek())

    def subkey(self, info: bytes) -> bytearray:
        return hkdf(self._require_dek(), info)

    def _require_dek(self) -> bytearray:
        if self._dek is None:
            raise VaultError("the vault is locked")
        return self._dek

    # ----------------------------------------------------------------- slots
    def _kek(self, secret: str) -> bytearray:
        self._settle()
        sf = self._slot_file
        return derive(passphrase_bytes(secret), sf.salt, sf.params)

    def _store_slot(self, index: int, kek: bytearray, role: Role, action: str,
                    rng: Random = secrets.token_bytes) -> None:
        # A duress slot carries a random key, never the DEK: a disk image taken
        # before the duress unlock must not open with the duress passphrase.
        payload = bytearray(rng(32)) if role is Role.DURESS else self._require_dek()
        sf = keyslots.wrap(self._slot_file, index, kek, role, payload, rng)
        wipe(kek)
        with self.session() as s:
            SlotMap.load(s).assign(index, role).save(s)
            audit.append(s, action, {})
            keyslots.write(self.paths.keyslots, sf, rng)
        self._slot_file = sf

    def _matching_index(self, secret: str, role: Role) -> int:
        kek = self._kek(secret)
        hits = [u for u in keyslots.unwrap_all(self._slot_file, [kek]) if u.role is role]
        wipe(kek)
        for hit in hits:
            if hit.dek == self._dek:
                return hit.index
        raise WrongPassphrase()

    def change_passphrase(self, old: str, new: str) -> None:
        index = self._matching_index(old, Role.PASSPHRASE)
        self._store_slot(index, self._kek(new), Role.PASSPHRASE, "passphrase.changed")

    def add_passphrase(self, new: str) -> None:
        with self.session() as s:
            index = SlotMap.load(s).free_index()
        self._store_slot(index, self._kek(new), Role.PASSPHRASE, "passphrase.added")

    def remove_passphrase(self, passphrase: str) -> None:
        index = self._matching_index(passphrase, Role.PASSPHRASE)
        with self.session() as s:
            slots = SlotMap.load(s)
            if slots.count(Role.PASSPHRASE) <= 1:
                raise VaultError("cannot remove the only passphrase")
            slots.release(index).save(s)
            sf = keyslots.clear_slot(self._slot_file, index)
            audit.append(s, "passphrase.removed", {})
            keyslots.write(self.paths.keyslots, sf)
        self._slot_file = sf

    def new_recovery_key(self, *, rng: Random = secrets.token_bytes) -> str:
        """Replace any recovery slot with a fresh 256-bit key; return its printable form once."""
        self._settle()
        key, text = recovery.generate()
        with self.session() as s:
            slots = SlotMap.load(s)
            index = slots.index_of(Role.RECOVERY)
        if index is None:
            with self.session() as s:
                index = SlotMap.load(s).free_index()
        kek = hkdf(key, RECOVERY_KEK, salt=self._slot_file.salt)
        wipe(key)
        self._store_slot(index, kek, Role.RECOVERY, "recovery_key.created", rng)
        return text

    def set_duress(self, passphrase: str) -> None:
        with self.session() as s:
            slots = SlotMap.load(s)
            index = slots.index_of(Role.DURESS)
            if index is None:
                index = slots.free_index()
        self._store_slot(index, self._kek(passphrase), Role.DURESS, "settings.changed")

    def clear_duress(self) -> None:
        self._settle()
        with self.session() as s:
            slots = SlotMap.load(s)
            index = slots.index_of(Role.DURESS)
            if index is None:
                return
            slots.release(index).save(s)
            sf = keyslots.clear_slot(self._slot_file, index)
            audit.append(s, "settings.changed", {})
            keyslots.write(self.paths.keyslots, sf)
        self._slot_file = sf

    @property
    def slot_file(self) -> SlotFile:
        """The keyslot file this vault was unlocked with (a key move checks its copy against
        it; a re-key re-wraps it). Waits for a duress re-salt still running."""
        self._settle()
        return self._slot_file

    def passphrase_slot(self, passphrase: str) -> tuple[int, bytearray]:
        """The slot index ``passphrase`` opens and its KEK (one Argon2id run; caller wipes)."""
        kek = self._kek(passphrase)
        for hit in keyslots.unwrap_all(self._slot_file, [kek]):
            if hit.role is Role.PASSPHRASE and hit.dek == self._dek:
                return hit.index, kek
        wipe(kek)
        raise WrongPassphrase()

    def adopt(self, dek: bytearray, sf: SlotFile) -> None:
        """After a re-key (``vault.rekeying``): hold the new DEK and slot file, reopen the
        re-encrypted database."""
        from vault.storage.rekey import open_database

        if self._engine is not None:
            self._engine.dispose()
        wipe(self._dek)
        wipe(self._db_key)
        self._dek, self._slot_file, self._sessions = dek, sf, None
        self._db_key = hkdf(dek, DB_KEY)
        self._engine = open_database(self.paths.database, self._db_key)

    @property
    def kdf_params(self) -> KdfParams:
        return self._slot_file.params


def _new_key_file(key_dir: Path | None) -> Path | None:
    """Where ``create`` puts the key on a drive; never over an existing file."""
    if key_dir is None:
        return None
    from vault.keys.location import key_name

    key_dir = Path(key_dir).expanduser()
    if not key_dir.is_dir():
        raise InvalidInput(f"{key_dir} is not a directory; mount the drive first")
    target = key_dir / key_name()
    if target.exists():
        raise InvalidInput(f"{target} already exists; it may be another vault's key")
    return target


def _schema(engine: Engine) -> int:
    from vault.storage.store import schema_version

    return schema_version(engine)
