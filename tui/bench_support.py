"""Figures for scripts/bench: TUI cold start vs a minimal Textual app, filter latency.

Cold start is measured as a user sees it: the process is started on a pseudo
terminal and timed until a marker of its first frame appears in the output.
Both apps run in the same way in the same call, so the ratio is meaningful on
a noisy machine. Returns seconds.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ("from textual.app import App\nfrom textual.widgets import Label\n"
           "class M(App):\n    def compose(self):\n        yield Label('MINIMAL-READY')\nM().run()\n")


def time_to_marker(argv: list[str], marker: bytes, *, env: dict[str, str] | None = None,
                   timeout: float = 30.0, size: tuple[int, int] = (120, 40)) -> float:
    """Start ``argv`` on a pty; seconds until ``marker`` is written; then kill it."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT), **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=ROOT,
                            close_fds=True, start_new_session=True)
    os.close(slave)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _w, _x = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen = (seen + chunk)[-200_000:]
                if marker in seen:
                    return time.perf_counter() - start
        raise TimeoutError(f"no {marker!r} within {timeout} s")
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def cold_start(vault_dir: Path | None = None, runs: int = 3) -> dict[str, float]:
    """Median seconds to the unlock prompt vs a minimal Textual app's first frame."""
    with tempfile.TemporaryDirectory() as tmp:
        if vault_dir is None:
            from vault.core import Vault
            from vault.keys.kdf import TEST_PARAMS

            vault_dir = Path(tmp) / "vault"
            Vault.create(vault_dir, "bench passphrase", params=TEST_PARAMS)[0].lock()
        env = {"SPRAVKA_LANG": "en", "HOME": tmp}
        app_times, minimal_times = [], []
        for _ in range(runs):
            minimal_times.append(time_to_marker([sys.executable, "-c", MINIMAL], b"MINIMAL-READY", env=env))
            app_times.append(time_to_marker([sys.executable, "-m", "vault.cli.entry", "--vault", str(vault_dir)],
                                            b"or recovery key", env=env))
    app_s, minimal_s = statistics.median(app_times), statistics.median(minimal_times)
    return {"spravka_s": app_s, "minimal_s": minimal_s, "ratio": app_s / minimal_s}


def synthetic_rows(n: int) -> list[dict[str, Any]]:
    kinds = ("outpatient_record", "specialist_conclusion", "exam_result", "dispensary_certificate")
    return [{"id": i, "kind": kinds[i % 4], "issued": f"20{10 + i % 16}-0{1 + i % 9}-1{i % 9}",
             "facility": f"ГБУЗ Поликлиника № {i % 300}", "doctor": f"Врач {i % 97}",
             "icd10": ["J45.0"] if i % 3 else ["F32.1"], "diagnosis": "Бронхиальная астма" if i % 3 else "Депрессия",
             "original_name": f"scan_{i}.pdf", "notes": "", "specialty": "", "tracking": "",
             "reviewed": bool(i % 5), "media_type": "application/pdf", "page_count": 1}
            for i in range(1, n + 1)]


def filter_latency(n: int = 10_000, query: str = "поликлиника 12") -> dict[str, float]:
    """Median seconds from a keystroke in the filter to the table's rows being replaced."""
    import asyncio

    return asyncio.run(_filter_latency(n, query))


async def _filter_latency(n: int, query: str) -> dict[str, float]:
    from tui.app import make_app
    from tui.model import build_index
    from tui.screens.documents import DocumentsScreen
    from tui.widgets.virtual_table import VirtualTable

    rows = synthetic_rows(n)
    t0 = time.perf_counter()
    build_index(rows)
    index_s = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(Path(tmp) / "none", lang="en", idle_lock_seconds=3600)
        async with app.run_test(size=(120, 40)) as pilot:
            app.vault = object()  # no database needed: rows come from the cache
            app.cache["docs"] = (rows, ())
            await app.push_screen(DocumentsScreen())
            await pilot.pause()
            table = app.screen.query_one(VirtualTable)
            stamps: list[float] = []
            original = table.set_rows

            def timed(*args: Any, **kwargs: Any) -> None:
                original(*args, **kwargs)
                stamps.append(time.perf_counter())

            table.set_rows = timed  # type: ignore[method-assign]
            app.screen.query_one("#filter").focus()
            latencies = []
            for ch in query + "\b" * len(query):
                key = "backspace" if ch == "\b" else ("space" if ch == " " else ch)
                start = time.perf_counter()
                await pilot.press(key)
                latencies.append(stamps[-1] - start)
            app.vault = None
    return {"median_s": statistics.median(latencies), "max_s": max(latencies), "index_build_s": index_s,
            "rows": float(n)}


if __name__ == "__main__":
    print(filter_latency())
    print(cold_start())
