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
