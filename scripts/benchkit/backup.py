"""Backup throughput as a ratio to ``cp`` + fsync of the same vault files, same run.

The vault is filled by inserting 1 MiB chunk rows of random bytes directly
(what an import of noise scans stores, minus the decoding), ~200 MB (quick:
~60 MB). Both sides read a file the page cache holds and end with fsync of
the file and its directory, so the ratio compares like with like.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.benchkit.model import Figure, at_least, fsync_dir_tree, timed

if TYPE_CHECKING:
    from vault.core import Vault

CHUNKS_PER_DOC = 4


def _fill(vault: Vault, megabytes: int) -> None:
    from sqlalchemy import insert

    from vault.records.values import now_iso
    from vault.storage.models import ChunkRow, DocumentRow

    for _ in range(megabytes // CHUNKS_PER_DOC):
        with vault.session() as s:
            row = DocumentRow(kind="other", added=now_iso(), original_name="scan.jpg",
                              media_type="image/jpeg", size=CHUNKS_PER_DOC << 20,
                              sha256=secrets.token_hex(32))
            s.add(row)
            s.flush()
            s.execute(insert(ChunkRow), [{"document_id": row.id, "seq": i, "data": os.urandom(1 << 20)}
                                         for i in range(CHUNKS_PER_DOC)])


def backup_figures(quick: bool) -> list[Figure]:
    from tests.helpers import make_vault
    from vault.backup.create import create_backup

    megabytes = 60 if quick else 200
    runs = 3
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        base = Path(tmp)
        vault = make_vault(base / "v")
        try:
            _fill(vault, megabytes)
            size = sum(p.stat().st_size for p in (base / "v").iterdir())

            def copy() -> None:
                dst = base / "cp"
                dst.mkdir()
                for name in ("k", "d"):
                    shutil.copyfile(base / "v" / name, dst / name)
                fsync_dir_tree(dst)
                fd = os.open(dst, os.O_RDONLY | os.O_DIRECTORY)
                os.fsync(fd)
                os.close(fd)

            def timed_copy() -> float:
                """Only the copy and its fsyncs; removing it afterwards is not timed."""
                elapsed = timed(copy)
                shutil.rmtree(base / "cp")
                return elapsed

            def backup() -> None:
                create_backup(vault, base / "b.bin", overwrite=True)

            timed_copy()  # warm the page cache for both sides
            cp_s = statistics.median(timed_copy() for _ in range(runs))
            bk_s = statistics.median(timed(backup) for _ in range(runs))
        finally:
            vault.lock()
    return [at_least("backup_throughput_vs_cp", cp_s / bk_s, "x", 0.5,
                     f"{size / 1e6:.0f} MB vault: backup {size / bk_s / 1e6:.0f} MB/s, "
                     f"cp+fsync {size / cp_s / 1e6:.0f} MB/s")]


GROUPS = {"backup": backup_figures}
