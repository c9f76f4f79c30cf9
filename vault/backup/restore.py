"""Reading backups: inspect (unlock + trailer) and restore (verify everything, then move).

Restore never writes under the target directory until the backup has passed
every check: the trailer's AEAD tag, the page digest, SQLCipher's HMAC on every
page, SQLite's ``integrity_check``, the audit hash chain and the SHA-256 of
every document (``verify_vault``). The checks run on a copy in a hidden
sibling directory (``.NAME.<random>.restore``, ciphertext only) that is removed
on any failure and renamed onto the target on success, so the target is either
absent/empty or a whole, verified vault.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from vault.backup.format import (
    DAMAGED,
    KEYSLOT_LEN,
    Layout,
    PageDigest,
    open_trailer,
    trailer_key,
    unlock_slots,
)
from vault.errors import Cancelled, IntegrityError, VaultError
from vault.fsutil import DIR_MODE, FILE_MODE, fsync_dir, os_error
from vault.keys.hardening import wipe
from vault.storage import audit

if TYPE_CHECKING:
    from vault.keys.keyslots import SlotFile

Progress = Callable[[int, int], None]
CHUNK = 1 << 20
COUNTED = {"documents": "documents", "conditions": "conditions", "links": "links",
           "summonses": "summonses", "letters": "letters", "board_dates": "board_dates",
           "audit_entries": "audit_log"}


@dataclass(frozen=True)
class BackupInfo:
    """What the trailer says (authenticated, but the pages are not checked yet)."""

    path: Path
    size: int
    created: str
    schema: int
    counts: dict[str, int]
    digest: str

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["path"] = str(self.path)
        return data


@dataclass(frozen=True)
class RestoreReport:
    target: Path
    backup: BackupInfo
    counts: dict[str, int]
    documents_verified: int
    audit_entries: int

    def to_json(self) -> dict[str, Any]:
        return {"vault": str(self.target), "backup_created": self.backup.created,
                "schema": self.backup.schema, "counts": self.counts,
                "documents_verified": self.documents_verified, "audit_entries": self.audit_entries}


def count_rows(raw: Any) -> dict[str, int]:
    """Row counts on a raw connection; tables a older schema lacks count as 0."""
    present = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {name: int(raw.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
            if table in present else 0 for name, table in COUNTED.items()}


def _open_file(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise os_error(exc, f"opening {path.name}") from None


def _read_at(fh: IO[bytes], offset: int, length: int) -> bytes:
    fh.seek(offset)
    data = fh.read(length)
    if len(data) != length:
        raise IntegrityError("not a Spravka backup, or it is truncated")
    return data


def _unlock(fh: IO[bytes], path: Path, secret: str) -> tuple[BackupInfo, bytes, SlotFile, bytearray]:
    size = os.fstat(fh.fileno()).st_size
    layout = Layout.of(size)
    slot_bytes = _read_at(fh, 0, KEYSLOT_LEN)
    sf, dek = unlock_slots(slot_bytes, secret)
    try:
        key = trailer_key(dek)
        meta = open_trailer(key, slot_bytes, _read_at(fh, layout.trailer_start, size - layout.trailer_start))
        wipe(key)
        if meta.get("db_len") != layout.db_len:
            raise IntegrityError(f"{DAMAGED}: its database part has the wrong length")
    except BaseException:
        wipe(dek)
        raise
    info = BackupInfo(path, size, str(meta["created"]), int(meta["schema"]),
                      {k: int(v) for k, v in meta["counts"].items()}, str(meta["digest"]))
    return info, slot_bytes, sf, dek


def inspect_backup(file: Path | str, secret: str) -> BackupInfo:
    """Unlock a backup and read its trailer: date, schema, counts. Reads no pages."""
    path = Path(file)
    with _open_file(path) as fh:
        info, _, _, dek = _unlock(fh, path, secret)
    wipe(dek)
    return info


def restore_backup(file: Path | str, target_dir: Path | str, secret: str,
                   progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> RestoreReport:
    """Verify ``file`` completely, then make it the vault at ``target_dir`` (empty or missing)."""
    from vault.storage.store import latest_version

    path, target = Path(file), Path(target_dir).expanduser().absolute()
    _check_target(target)
    with _open_file(path) as fh:
        info, slot_bytes, sf, dek = _unlock(fh, path, secret)
        try:
            if info.schema > latest_version():
                raise VaultError(f"this backup was made by a newer Spravka (schema {info.schema}); "
                                 f"update Spravka first")
            try:
                target.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
                staging = target.parent / f".{target.name}.{secrets.token_hex(6)}.restore"
                staging.mkdir(mode=DIR_MODE)
            except OSError as exc:
                raise os_error(exc, "creating a folder for the restore") from None
            try:
                _copy_pages(fh, Layout.of(info.size), staging / "d", info.digest, progress, cancel)
                _write_new(staging / "k", slot_bytes)
                report = _verify_and_stamp(staging, sf, dek, info, target)
                fsync_dir(staging)
                _install(staging, target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
        finally:
            wipe(dek)
    return report


def _check_target(target: Path) -> None:
    if target.exists():
        if not target.is_dir():
            raise VaultError(f"{target} is a file; restore into an empty or new directory")
        if any(target.iterdir()):
            raise VaultError(f"{target} is not empty; restore only into an empty or new "
                             f"directory (an existing vault is never overwritten)")


def _copy_pages(fh: IO[bytes], layout: Layout, dest: Path, expected: str,
                progress: Progress | None, cancel: threading.Event | None) -> None:
    digest = PageDigest()
    fh.seek(layout.db_start)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        left, done = layout.db_len, 0
        while left:
            if cancel is not None and cancel.is_set():
                raise Cancelled("restore cancelled")
            data = fh.read(min(CHUNK, left))
            if not data:
                raise IntegrityError("not a Spravka backup, or it is truncated")
            digest.update(data)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            left -= len(data)
            done += len(data)
            if progress is not None:
                progress(done, layout.db_len)
        if digest.hexdigest() != expected:
            raise IntegrityError(f"{DAMAGED}: its database pages do not match the trailer")
        os.fsync(fd)
    except OSError as exc:
        raise os_error(exc, "writing the restored database") from None
    finally:
        os.close(fd)


def _write_new(dest: Path, data: bytes) -> None:
    try:
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise os_error(exc, "writing the restored keyslot file") from None


def _verify_and_stamp(staging: Path, sf: SlotFile, dek: bytearray, info: BackupInfo,
                      target: Path) -> RestoreReport:
    """Open the staged copy as a vault (no KDF: we hold the DEK), verify, add an audit entry."""
    from vault.core import Vault
    from vault.keys.subkeys import DB_KEY, hkdf
    from vault.paths import VaultPaths
    from vault.storage.lockfile import DirLock
    from vault.storage.store import db_errors, make_engine, probe
    from vault.verify import verify_vault

    paths = VaultPaths(staging)
    lock = DirLock(staging)
    db_key = hkdf(dek, DB_KEY)
    engine = make_engine(paths.database, db_key)
    try:
        probe(engine)
    except VaultError:
        engine.dispose()
        lock.release()
        wipe(db_key)
        raise IntegrityError(f"{DAMAGED}: its first database page does not authenticate") from None
    vault = Vault(paths, bytearray(dek), lock, engine, sf)
    try:
        try:
            result = verify_vault(vault)
        except (VaultError, *db_errors()):
            raise IntegrityError(f"{DAMAGED}: its database does not read back") from None
        if not result.ok:
            problems = [*result.cipher_integrity, *result.structure,
                        *([result.audit_problem] if result.audit_problem else []),
                        *(f"document {d} does not match its SHA-256" for d in result.bad_documents)]
            raise IntegrityError(f"{DAMAGED}: {problems[0]}")
        with vault.engine.connect() as conn:
            counts = count_rows(conn.connection.driver_connection)
        if counts != info.counts:
            raise IntegrityError(f"{DAMAGED}: its contents do not match the trailer")
        with vault.session() as s:
            audit.append(s, "backup.restored", {"backup_created": info.created,
                                                "digest": info.digest, "schema": info.schema})
        with vault.engine.connect() as conn:
            counts = count_rows(conn.connection.driver_connection)
    finally:
        vault.lock()
        wipe(db_key)
    return RestoreReport(target, info, counts, result.documents, result.audit_entries)


def _install(staging: Path, target: Path) -> None:
    """Rename the verified copy onto the target (POSIX replaces an empty directory)."""
    try:
        os.rename(staging, target)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR):
            raise VaultError(f"{target} is not empty; restore only into an empty or new "
                             f"directory") from None
        raise os_error(exc, "moving the restored vault into place") from None
    with contextlib.suppress(OSError):
        os.chmod(target, DIR_MODE)
    fsync_dir(target.parent)


def change_restored_passphrase(target_dir: Path | str, secret: str, new: str,
                               key_dir: Path | None = None) -> str:
    """After a restore: replace the passphrase that opened it (or, if a recovery key
    opened it, add ``new`` as a passphrase). Returns "changed" or "added"."""
    from vault.core import Vault
    from vault.keys import recovery

    vault = Vault.open(Path(target_dir), secret, key_dir=key_dir)
    try:
        if recovery.parse(secret) is not None:
            vault.add_passphrase(new)
            return "added"
        vault.change_passphrase(secret, new)
        return "changed"
    finally:
        vault.lock()
