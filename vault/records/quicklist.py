"""Every document's row without the ORM: ``spravka docs --json``, the listing scripts
call most, starts in a fraction of the ORM's time (issue 18). Loaded while Argon2id
runs (``vault.keys.early``), so its imports are off the path the user waits on.

The unlock is ``Vault.open``'s own key half (``vault.keys.unlock``) with the same
preload and the same floor, so timing does not tell this path from the other.
Only the plain case reads through one keyed sqlcipher3 connection: the
passphrase or a recovery key opening a database that needs no migration and no
re-key finish. Anything else (duress, a wrong passphrase, a pending re-key, an
older schema, a missing database file) goes to ``Vault.from_keys`` inside the
same floor, exactly as ``Vault.open`` would have.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.keys.hardening import wipe
from vault.keys.keyslots import Random, Role
from vault.keys.subkeys import DB_KEY, hkdf
from vault.keys.unlock import UNLOCK_FLOOR_S, KeyPhase, require_vault, unlock_keys
from vault.records.documents import columns_of, json_text
from vault.storage.lockfile import DirLock
from vault.storage.rekey import next_path
from vault.storage.store import connect_plain, latest_version, translate_db_errors

if TYPE_CHECKING:
    from vault.keys.early import EarlyKdf


@dataclass(frozen=True)
class Listing:
    text: str  # every document's ``row_json``, as the JSON ``docs --json`` prints
    kdf_seconds: float  # of this unlock (scripts/bench subtracts it)
    floor_sleep_seconds: float


def list_documents(root: Path, secret: str, *, key_dir: Path | None = None,
                   floor_s: float = UNLOCK_FLOOR_S, rng: Random = secrets.token_bytes,
                   early: EarlyKdf | None = None) -> Listing:
    """Unlock, list every document as ``documents.row_json`` in JSON, lock again. ``early``: an
    Argon2id run already started on the vault's key file (``vault.keys.early``)."""
    root = Path(root)
    require_vault(root)
    schema = latest_version()  # here, not inside the floor: with an early Argon2id it is free
    dir_lock = DirLock(root)
    labels: list[Callable[[str], str]] = []
    try:
        keys = unlock_keys(root, secret, key_dir=key_dir, floor_s=floor_s, early=early,
                           preload=lambda: _preload(labels))
        conn = _plain_connection(keys, schema)
    except BaseException:
        dir_lock.release()
        raise
    if conn is None:
        return _through_vault(keys, dir_lock, secret, rng, labels)
    try:
        keys.settle()
        with translate_db_errors():
            text = json_text(columns_of(conn.cursor(), _label(labels)))
    finally:
        conn.close()
        dir_lock.release()
    return Listing(text, keys.kdf_seconds, keys.floor_sleep_seconds)


def _preload(labels: list[Callable[[str], str]]) -> None:
    """``Vault.open``'s preload (the duress path needs it inside the floor), plus the rule
    data's kind labels; all while Argon2id runs."""
    import vault.core  # noqa: F401 (Vault.from_keys, for every case but the plain one)
    from vault.records.titles import kind_labels
    from vault.storage.preload import preload_open

    preload_open()
    labels.append(kind_labels())


def _label(labels: list[Callable[[str], str]]) -> Callable[[str], str]:
    from vault.records.titles import kind_labels

    return labels[0] if labels else kind_labels()  # the preload failed: fail here, in plain sight


def _plain_connection(keys: KeyPhase, schema: int) -> Any | None:
    """Inside the floor: a keyed connection when the plain case holds, else None.
    On any error the floor is still slept out before it is raised."""
    hit = keys.found[0] if keys.found else None
    database = keys.paths.database
    if (hit is None or hit.role is Role.DURESS or not database.is_file()
            or next_path(database).exists()):
        return None
    try:
        conn = _open_current(database, hit.dek, schema)
    except BaseException:
        keys.settle()
        raise
    if conn is not None:
        for found in keys.found:
            wipe(found.dek)
    return conn


def _open_current(database: Path, dek: bytearray, schema: int) -> Any | None:
    """A keyed connection to ``database`` if its schema is at least ``schema``, else None."""
    db_key = hkdf(dek, DB_KEY)
    try:
        conn = connect_plain(database, db_key)
    finally:
        wipe(db_key)
    try:
        with translate_db_errors():
            current = int(conn.execute("PRAGMA user_version").fetchone()[0]) >= schema
    except BaseException:
        conn.close()
        raise
    if not current:
        conn.close()
        return None
    return conn


def _through_vault(keys: KeyPhase, dir_lock: DirLock, secret: str, rng: Random,
                   labels: list[Callable[[str], str]]) -> Listing:
    """What ``Vault.open`` then ``documents.list_json`` do, from the same key half."""
    from vault.core import Vault
    from vault.records.documents import list_json

    vault = Vault.from_keys(keys, dir_lock, secret, rng)
    try:
        text = list_json(vault, _label(labels))
    finally:
        vault.lock()
    return Listing(text, vault.kdf_seconds, vault.floor_sleep_seconds)
