"""Memory/speed benchmark for the PDF export, called by the lead's ``scripts/bench``.

``bench_export(tmpdir, total_mb)`` writes ~total_mb of A4 300-dpi JPEG scans
(test data, so on disk is fine), imports them into a vault in one child process
(not timed), then exports from that vault in another (``run_export``, the path
of ``spravka export``: unlock excluded, reading the encrypted chunks included;
its peak RSS is measured cleanly; fpdf2 loads during the unlock, as in
``spravka export``), then times plain ``qpdf --encrypt PW PW 256``
on the same merged, decrypted PDF as a baseline.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

_IMPORT = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.helpers import make_vault
from vault.importing.pipeline import import_files
spec = json.loads(Path(sys.argv[2]).read_text())
vault = make_vault(Path(spec["vault"]))
results = list(import_files(vault, [Path(p) for p, _ in spec["files"]]))
assert all(r.status == "imported" for r in results), [r.reason for r in results][:3]
vault.lock()
"""

_CHILD = r"""
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.helpers import PASS
from vault.core import Vault
from vault.export.lawyer import run_export
from vault.export.model import ExportRequest
spec = json.loads(Path(sys.argv[2]).read_text())
# As `spravka export` does: fpdf2 loads on a thread while Argon2id runs. The test
# vault's KDF is tiny, so wait for it here, as the real (>= 0.5 s) Argon2id would.
import threading
from vault.export.cover import preload
loader = threading.Thread(target=preload, daemon=True)
loader.start()
with Vault.open(Path(spec["vault"]), PASS) as vault:
    loader.join()
    start = time.perf_counter()
    result = run_export(vault, ExportRequest(out=Path(spec["out"]),
                                             include_originals=spec["originals"]))
    seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "password": result.password,
                  "peak_rss_mb": [int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]}))
"""

def make_scans(folder: Path, total_mb: int) -> list[tuple[str, str]]:
    """Noisy greyish A4 scans (~3-4 MB each) until total_mb is reached; returns (path, sha256)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, str]] = []
    written, n = 0, 0
    while written < total_mb * 1024 * 1024:
        noise = Image.effect_noise((2480, 3508), 18 + n % 7)
        page = Image.merge("RGB", (noise, noise.point(lambda v: min(255, v + 8)), noise))
        path = folder / f"scan{n:04d}.jpg"
        page.save(path, "JPEG", quality=92)
        data = path.read_bytes()
        files.append((str(path), hashlib.sha256(data).hexdigest()))
        written += len(data)
        n += 1
    return files


def bench_export(tmpdir: Path, total_mb: int, *, include_originals: bool = False,
                 rounds: int = 1) -> dict[str, float]:
    """Returns export seconds, baseline qpdf seconds, child peak RSS (MB), input/output MB.

    With ``rounds`` > 1 the export and the baseline alternate (so both see the same
    load on a shared machine) and the medians are returned. The baseline fsyncs its
    output, as the export does: both end with a durable file.
    """
    tmpdir = Path(tmpdir)
    files = make_scans(tmpdir / "scans", total_mb)
    out = tmpdir / "bundle.pdf"
    spec = tmpdir / "spec.json"
    spec.write_text(json.dumps({"files": files, "out": str(out), "originals": include_originals,
                                "vault": str(tmpdir / "vault")}))
    repo = Path(__file__).resolve().parents[3]
    _child(_IMPORT, repo, spec)  # untimed
    exports: list[dict[str, float]] = []
    baselines: list[tuple[float, float]] = []
    qpdf = shutil.which("qpdf")
    for _ in range(max(1, rounds)):
        out.unlink(missing_ok=True)  # the export never overwrites a file
        exports.append(_child(_CHILD, repo, spec))  # export from the vault, fresh process
        if qpdf:
            baselines.append(_qpdf_encrypt(qpdf, tmpdir, out, str(exports[0]["password"])))
    result: dict[str, float] = {
        "input_mb": sum(os.path.getsize(p) for p, _ in files) / 2**20,
        "documents": float(len(files)),
        "output_mb": out.stat().st_size / 2**20,
        "export_seconds": statistics.median(e["seconds"] for e in exports),
        "export_peak_rss_mb": max(e["peak_rss_mb"] for e in exports),
    }
    if baselines:
        result["qpdf_encrypt_seconds"] = statistics.median(b[0] for b in baselines)
        result["qpdf_fsync_seconds"] = statistics.median(b[1] for b in baselines)
    return result


def _child(code: str, repo: Path, spec: Path) -> dict[str, float]:
    child = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", code, str(repo), str(spec)], capture_output=True, text=True,
        check=True)
    return json.loads(child.stdout.strip().splitlines()[-1]) if child.stdout.strip() else {}


def _qpdf_encrypt(qpdf: str, tmpdir: Path, bundle: Path, password: str) -> tuple[float, float]:
    """Plain ``qpdf --encrypt`` (AES-256) of the decrypted bundle, plus an fsync of its output.
    Returns (total, of which the fsync)."""
    merged = tmpdir / "merged.pdf"
    if not merged.exists():
        subprocess.run([qpdf, f"--password={password}", "--decrypt", str(bundle), str(merged)],  # noqa: S603
                       check=True)
    target = tmpdir / "qpdf-out.pdf"
    start = time.perf_counter()
    subprocess.run([qpdf, "--encrypt", "PW", "PW", "256", "--", str(merged), str(target)],  # noqa: S603
                   check=True)
    encrypted = time.perf_counter()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    done = time.perf_counter()
    return done - start, done - encrypted


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        mb = int(sys.argv[1]) if len(sys.argv) > 1 else 50
        print(json.dumps(bench_export(Path(tmp), mb, include_originals="--originals" in sys.argv),
                         indent=2))
