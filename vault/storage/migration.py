"""Upgrading an older vault: copy the (encrypted) database aside, then migrate.

The copy ``d.pre`` is ciphertext under the same key; it is what the user (or
support) can go back to if a migration ever misbehaves. The panic wipe
removes it with everything else.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from vault.fsutil import FILE_MODE, fsync_dir, os_error
from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from vault.paths import VaultPaths


def upgrade(engine: Engine, paths: VaultPaths) -> list[int]:
    """Copy the database aside, apply pending migrations, record it in the audit log.

    Takes the engine and paths (not the Vault) so storage never imports the core.
    """
    from sqlalchemy.orm import Session

    from vault.faults import checkpoint
    from vault.storage.store import migrate, schema_version, translate_db_errors

    before = schema_version(engine)
    engine.dispose()  # no open handle while copying
    try:
        tmp = paths.premigration.with_name(paths.premigration.name + ".tmp")
        shutil.copyfile(paths.database, tmp)
        tmp.chmod(FILE_MODE)
        with open(tmp, "rb+") as fh:
            import os

            os.fsync(fh.fileno())
        tmp.replace(paths.premigration)
        fsync_dir(paths.root)
    except OSError as exc:
        raise os_error(exc, "copying the database before a migration") from None
    checkpoint("migration-before-apply")
    applied = migrate(engine)
    with translate_db_errors(), Session(engine) as s, s.begin():
        audit.append(s, "vault.migrated", {"from": before, "to": applied[-1] if applied else before})
    return applied
