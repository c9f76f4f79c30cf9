"""Panic figures timed through the real command: ``spravka panic --yes`` on real vaults.

Each vault holds real encrypted chunk rows of random bytes (1 MB and 1 GB;
quick: 1 MB and 256 MB). One run is the wall time from spawning the command to the moment it
has overwritten and fsynced the keyslot file: the command dies right there by
the ``panic-after-erase`` crash point (vault/faults.py), so the database stays
for the next run and only the keyslot file is put back. Python start-up and
the CLI's imports are inside the figure, as they are for a user. The command is
the venv's installed ``spravka`` script (``vault.cli.entry``), whose plain
``panic --yes`` runs before click loads (``vault.cli.quick``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.benchkit.model import ROOT, Figure, at_most, info


def _real_vault(parent: Path, name: str, megabytes: int) -> Path:
    """A vault whose database holds ``megabytes`` one-MiB chunks of incompressible data."""
    from sqlalchemy import insert

    from tests.helpers import make_vault
    from vault.records.values import now_iso
    from vault.storage.models import ChunkRow, DocumentRow

    root = parent / name
    vault = make_vault(root)
    try:
        for first in range(0, megabytes, 4):
            with vault.session() as s:
                row = DocumentRow(kind="other", added=now_iso(), media_type="image/jpeg",
                                  size=0, sha256=os.urandom(32).hex())
                s.add(row)
                s.flush()
                s.execute(insert(ChunkRow), [{"document_id": row.id, "seq": i,
                                              "data": os.urandom(1 << 20)}
                                             for i in range(min(4, megabytes - first))])
    finally:
        vault.lock()
    return root


def _command(root: Path, fault: str | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root))
    env.pop("SPRAVKA_FAULT", None)
    if fault:
        env["SPRAVKA_FAULT"] = fault
    # The installed `spravka` script itself (pyproject [project.scripts]: vault.cli.entry).
    script = Path(sys.executable).with_name("spravka")
    start = [str(script)] if script.exists() else [sys.executable, "-m", "vault.cli.entry"]
    return subprocess.Popen([*start, "panic", "--yes", "--json"],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _bare_python() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)  # noqa: S603
    return time.perf_counter() - start


def _overwrite_fsync(path: Path) -> float:
    """The fixed part no code change can cut: one 2 KiB overwrite + fsync on this disk."""
    fd = os.open(path, os.O_WRONLY)
    try:
        start = time.perf_counter()
        os.pwrite(fd, os.urandom(2048), 0)
        os.fsync(fd)
        return time.perf_counter() - start
    finally:
        os.close(fd)


def _until_erased(root: Path, keyslots: bytes) -> float:
    start = time.perf_counter()
    proc = _command(root, "panic-after-erase")
    _, err = proc.communicate(timeout=120)
    elapsed = time.perf_counter() - start
    if proc.returncode != -signal.SIGKILL:
        raise RuntimeError(f"panic did not reach the erase point: {err.decode().strip()}")
    if (root / "k").read_bytes() == keyslots:
        raise RuntimeError("panic ended but the keyslot file is unchanged")
    (root / "k").write_bytes(keyslots)  # put the keys back for the next run
    return elapsed


def panic_figures(quick: bool) -> list[Figure]:
    large_mb = 256 if quick else 1024
    runs = 7 if quick else 15
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        small, large = _real_vault(Path(tmp), "small", 1), _real_vault(Path(tmp), "large", large_mb)
        saved = {root: (root / "k").read_bytes() for root in (small, large)}
        s_times, l_times, py_times, sync_times = [], [], [], []
        scratch = Path(tmp) / "fsync-probe"
        scratch.write_bytes(bytes(2048))
        for _ in range(runs):  # interleaved, so drift in the machine hits both alike
            s_times.append(_until_erased(small, saved[small]))
            l_times.append(_until_erased(large, saved[large]))
            py_times.append(_bare_python())
            sync_times.append(_overwrite_fsync(scratch))
        proc = _command(large, None)
        out, err = proc.communicate(timeout=600)
        if proc.returncode != 0 or large.exists():
            raise RuntimeError(f"the full panic failed: {err.decode().strip()}")
        cleanup_ms = json.loads(out)["steps"][1]["ms"]
        shutil.rmtree(small, ignore_errors=True)
    s_med, l_med = statistics.median(s_times), statistics.median(l_times)
    label = f"{large_mb // 1024} GB" if large_mb >= 1024 else f"{large_mb} MB (quick)"
    sync_ms = statistics.median(sync_times) * 1000
    how = (f"the spravka script's panic --yes: spawn to keyslot overwrite + fsync (that write "
           f"and fsync alone: {sync_ms:.2f} ms on this disk)")
    return [
        at_most("panic_unrecoverable_1mb_ms", s_med * 1000, "ms", 50, f"{how}; 1 MB vault"),
        at_most("panic_unrecoverable_1gb_ms", l_med * 1000, "ms", 50, f"{how}; {label} vault"),
        at_most("panic_ratio_1gb_vs_1mb", l_med / s_med if s_med else 0.0, "x", 1.2,
                f"same command, {label} vault against 1 MB"),
        info("panic_full_cleanup_1gb_s", cleanup_ms / 1000, "s",
             f"step 2 of a full panic: overwrite + unlink of the {label} database"),
        info("panic_python_start_ms", statistics.median(py_times) * 1000, "ms",
             "spawn to exit of `python -c pass` in the same runs: the part of the panic "
             "figures no Python command can avoid"),
    ]
