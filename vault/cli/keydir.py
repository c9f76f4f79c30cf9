"""Where ``--key-dir`` points: shared by the click commands and the quick panic path,
so it stays free of click (``vault.cli.quick`` runs before click loads)."""

from __future__ import annotations

import os
from pathlib import Path


def key_dir_from(value: str | os.PathLike[str] | None) -> Path | None:
    """``--key-dir``, else ``$SPRAVKA_KEY_DIR`` (where ``init`` and ``restore`` put the key)."""
    from vault.keys.probe import ENV_KEY_DIR  # not location: it loads the key crypto

    value = value or os.environ.get(ENV_KEY_DIR)
    return Path(value).expanduser() if value else None
