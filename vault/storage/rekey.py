"""Re-encrypting the database under a new key, so that it survives kill -9 at any point.

``PRAGMA rekey`` runs on a byte copy (``d.next``), never on the live file; the
caller then writes the keyslot file with the new DEK (the commit point) and
renames the copy over ``d``. ``open_database`` completes an interrupted swap:
if the key does not open ``d`` but opens ``d.next``, the rename happens then;
a copy left from before the commit point is under a key that was never stored,
and is removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from vault.errors import DatabaseDamaged
from vault.faults import checkpoint
from vault.fsutil import FILE_MODE, fsync_dir, fsync_file
from vault.keys.hardening import wipe_str
from vault.storage.store import PAGE_SIZE, make_engine, probe

if TYPE_CHECKING:
    from sqlalchemy import Engine


def next_path(database: Path) -> Path:
    return database.with_name(database.name + ".next")


def rekeyed_copy(database: Path, old_key: bytearray, new_key: bytearray) -> Path:
    """Copy the (closed, quiescent) database and re-encrypt the copy; returns its path."""
    import sqlcipher3

    dest = next_path(database)
    dest.unlink(missing_ok=True)
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with open(database, "rb") as src, os.fdopen(fd, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)
    checkpoint("rekey-after-copy")
    conn = sqlcipher3.dbapi2.connect(str(dest), isolation_level=None)
    old_hex, new_hex = old_key.hex(), new_key.hex()
    pragmas = ["PRAGMA cipher_log_level = NONE", f"PRAGMA key = \"x'{old_hex}'\"",
               f"PRAGMA cipher_page_size = {PAGE_SIZE}", "PRAGMA temp_store = MEMORY",
               "PRAGMA journal_mode = DELETE", "PRAGMA synchronous = FULL",
               f"PRAGMA rekey = \"x'{new_hex}'\""]
    try:
        for pragma in pragmas:
            conn.execute(pragma)
    finally:
        conn.close()
        for text in (pragmas[1], pragmas[-1], old_hex, new_hex):  # only the keyed ones:
            wipe_str(text)  # the constant pragmas are interned literals
    fsync_file(dest)
    return dest


def open_database(database: Path, db_key: bytearray) -> Engine:
    """An engine on ``database`` that ``db_key`` opens, finishing an interrupted re-key."""
    pending = next_path(database)
    engine = make_engine(database, db_key)
    try:
        probe(engine)
    except DatabaseDamaged:
        engine.dispose()
        if not pending.exists():
            raise
        engine = make_engine(pending, db_key)
        probe(engine)  # the new key opens the copy: the re-key had committed
        engine.dispose()
        os.replace(pending, database)
        fsync_dir(database.parent)
        engine = make_engine(database, db_key)
        probe(engine)
        return engine
    for stale in (pending, pending.with_name(pending.name + "-journal")):
        stale.unlink(missing_ok=True)  # from before the commit point: its key was never stored
    return engine
