"""The SQLCipher database under SQLAlchemy 2: engine, pragmas, migrations.

Pragmas, and why:
* raw 256-bit key (``x'..'``) derived from the DEK: no PBKDF2 per connection
  (~2 ms to open instead of ~0.5 s);
* ``cipher_log_level = NONE`` first: SQLCipher logs to stderr, which is where
  Textual draws;
* NOT ``cipher_memory_security``: measured (tests/proof/test_memory.py) it
  cut plaintext left after lock only a little (canary copies 19 -> 15) but
  added ~160 ms to every open+lock, which also broke the equal-time unlock;
* ``cipher_page_size = 65536``: measured here at ~180 MB/s for 1 MiB chunks vs
  ~120 MB/s at 4 KiB (SQLCipher is CPU-bound on HMAC);
* ``journal_mode = DELETE`` + ``synchronous = FULL``: durable commits and new
  pages written once (WAL writes every page twice and measured slower);
* ``temp_store = MEMORY``: no plaintext-adjacent temp files;
* ``secure_delete = ON``: deleted rows do not survive in free pages;
* ``foreign_keys = ON``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import DatabaseDamaged, VaultError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

PAGE_SIZE = 65536
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "schema" / "migrations"


def _pragmas(raw_key_hex: str, fast: bool) -> list[str]:
    return [
        "PRAGMA cipher_log_level = NONE",
        f"PRAGMA key = \"x'{raw_key_hex}'\"",
        f"PRAGMA cipher_page_size = {PAGE_SIZE}",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 5000",
        f"PRAGMA synchronous = {'OFF' if fast else 'FULL'}",
        f"PRAGMA journal_mode = {'MEMORY' if fast else 'DELETE'}",
    ]


def make_engine(path: Path, raw_key: bytearray, *, fast: bool = False) -> Engine:
    """An engine whose every new connection is keyed before first use.

    ``fast`` (only while building a brand-new, not yet reachable database)
    skips per-transaction fsyncs; the caller fsyncs the file once at the end.
    """
    import sqlcipher3
    from sqlalchemy import create_engine, event

    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3.dbapi2,
        connect_args={"check_same_thread": False, "isolation_level": None},
    )

    @event.listens_for(engine, "connect")
    def _key(dbapi_conn: Any, _record: Any) -> None:
        key_connection(dbapi_conn, raw_key, fast)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # pysqlite's implicit transactions are off (isolation_level=None); start
        # an IMMEDIATE transaction so writers queue on busy_timeout, not fail.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def key_connection(dbapi_conn: Any, raw_key: bytearray, fast: bool = False) -> None:
    """Key a fresh DB-API connection and set the vault's pragmas, before any other use."""
    from vault.keys.hardening import wipe_str

    cur = dbapi_conn.cursor()
    key_hex = raw_key.hex()
    pragmas = _pragmas(key_hex, fast)
    for pragma in pragmas:
        cur.execute(pragma)
    cur.close()
    for pragma in pragmas:  # the key pragma and the hex key are immutable strs: zero them now
        if key_hex in pragma:
            wipe_str(pragma)
    wipe_str(key_hex)


def connect_plain(path: Path, raw_key: bytearray) -> Any:
    """A keyed sqlcipher3 connection without SQLAlchemy, probed like ``probe``: for the
    lean read-only listing (``vault.records.quicklist``). The caller closes it."""
    import sqlcipher3

    with translate_db_errors():
        conn = sqlcipher3.dbapi2.connect(str(path), isolation_level=None, check_same_thread=False)
        try:
            key_connection(conn, raw_key)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
    return conn


def db_errors() -> tuple[type[Exception], ...]:
    """Errors from SQLAlchemy and from raw sqlcipher3 cursors alike."""
    import sqlcipher3
    from sqlalchemy.exc import DBAPIError

    return (DBAPIError, sqlcipher3.dbapi2.Error)


def _raw(conn: Connection) -> Any:
    return conn.connection.driver_connection


def probe(engine: Engine) -> None:
    """Fail clearly if the key does not open the database or page 1 is damaged."""
    try:
        with engine.connect() as conn:
            _raw(conn).execute("SELECT count(*) FROM sqlite_master").fetchone()
    except db_errors() as exc:
        raise _db_error(exc) from None


@contextmanager
def read_cursor(engine: Engine) -> Iterator[Any]:
    """A DB-API cursor on a pooled, keyed connection, errors translated: plain tuples for
    long read-only listings, where building ORM objects was most of the cost (``docs``)."""
    with translate_db_errors(), engine.connect() as conn:
        cur = _raw(conn).cursor()
        try:
            yield cur
        finally:
            cur.close()


def _db_error(exc: Exception) -> VaultError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        from vault.errors import VaultLocked

        return VaultLocked("the database is busy in another process")
    if "disk is full" in text or "database or disk is full" in text:
        from vault.errors import NoSpace

        return NoSpace("no space left on device while writing the database")
    if "readonly" in text or "unable to open database file" in text or "permission" in text:
        # SQLITE_READONLY / SQLITE_CANTOPEN (no journal can be created): a read-only
        # mount or an immutable folder, not damage; saying "damaged" would frighten.
        return VaultError("cannot write the database: read-only file system or permission "
                          "denied on the vault folder")
    return DatabaseDamaged("the database is damaged (authentication failed); run 'spravka verify'")


def migration_files() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = re.match(r"(\d{4})_", path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


def latest_version() -> int:
    return max(v for v, _ in migration_files())


def schema_version(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(_raw(conn).execute("PRAGMA user_version").fetchone()[0])


def migrate(engine: Engine, *, upto: int | None = None) -> list[int]:
    """Apply pending migrations, each in its own transaction with user_version."""
    applied = []
    current = schema_version(engine)
    for version, path in migration_files():
        if version <= current or (upto is not None and version > upto):
            continue
        with engine.connect() as conn:
            raw = _raw(conn)
            raw.execute("BEGIN IMMEDIATE")
            try:
                for statement in _split(path.read_text(encoding="utf-8")):
                    raw.execute(statement)
                raw.execute(f"PRAGMA user_version = {version}")
                raw.execute("COMMIT")
            except Exception:
                raw.execute("ROLLBACK")
                raise
        applied.append(version)
    return applied


def _split(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    import sqlcipher3

    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        if not buf and line.strip().startswith("--"):
            continue
        buf += line
        if sqlcipher3.dbapi2.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


@contextmanager
def translate_db_errors() -> Iterator[None]:
    """SQLAlchemy/SQLCipher errors become one-line VaultErrors."""
    try:
        yield
    except db_errors() as exc:
        if "append-only" in str(exc):
            from vault.errors import IntegrityError

            raise IntegrityError("the audit log is append-only") from None
        raise _db_error(exc) from None
    except OSError as exc:
        from vault.fsutil import os_error

        raise os_error(exc, "writing the database") from None
