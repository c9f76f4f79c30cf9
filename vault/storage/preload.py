"""What opening a database needs, imported on a thread while Argon2id runs
(``vault.keys.unlock``), whatever the outcome of the unlock: so a wrong passphrase does
not return faster than a right one, and the duress path fits in the equal-time floor."""

from __future__ import annotations


def preload_open() -> None:
    """Python imports each module once per process, so this costs nothing the second time."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 (create_engine's dialect: ~30 ms in the floor)
    import sqlalchemy.orm  # noqa: F401
    import sqlcipher3  # noqa: F401

    import vault.keys.erase  # noqa: F401
    import vault.keys.slotmap  # noqa: F401
    import vault.storage.audit  # noqa: F401
    import vault.storage.models  # noqa: F401
    import vault.storage.rekey  # noqa: F401
    import vault.storage.store  # noqa: F401

    _warm_crypto()


def _warm_crypto() -> None:
    """The first AES-GCM call and the first keyed SQLCipher connection of a process set
    up their OpenSSL state (about 1.3 and 2.7 ms here), then cost a tenth of that. Done
    here, under Argon2id, instead of inside the floor after it: a throwaway key on an
    in-memory database, so nothing touches the disk and no secret is involved."""
    import sqlcipher3
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from vault.storage.store import key_connection

    AESGCM(bytes(32)).encrypt(bytes(12), b"", None)
    conn = sqlcipher3.dbapi2.connect(":memory:", isolation_level=None)
    try:
        key_connection(conn, bytearray(32))
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()
