"""Import, export and evidence figures (ratios against cp/qpdf in the same run)."""

from __future__ import annotations

import io as _io
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from scripts.benchkit.model import (
    Figure,
    at_most,
    child,
    failed,
    fsync_dir_tree,
    info,
    timed,
)


def _scans(folder: Path, count: int, size: int) -> None:
    """Camera-like JPEG scans of about ``size`` bytes each (noise does not compress)."""
    from PIL import Image

    folder.mkdir(parents=True)
    side = int((size / 1.2) ** 0.5 / 1.2)
    base = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buf = _io.BytesIO()
    base.save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    for i in range(count):
        (folder / f"scan_{i:03}.jpg").write_bytes(data[:-2] + i.to_bytes(4, "big") + data[-2:])


def import_figures(quick: bool) -> list[Figure]:
    count = 20 if quick else 100
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        src = Path(tmp) / "src"
        _scans(src, count, 4 << 20)
        total = sum(p.stat().st_size for p in src.iterdir())

        def copy() -> float:
            """Time the copy and its fsync only; removing it afterwards is not part of cp."""
            dst = Path(tmp) / f"cp{os.getpid()}"
            elapsed = timed(lambda: (shutil.copytree(src, dst), fsync_dir_tree(dst)))
            shutil.rmtree(dst)
            return elapsed

        cp_s = statistics.median(copy() for _ in range(3))
        code = (
            "import json,sys,time;from pathlib import Path;from tests.helpers import make_vault\n"
            "from vault.importing.pipeline import import_files\n"
            "v=make_vault(Path(sys.argv[1]));t=time.perf_counter()\n"
            "r=list(import_files(v,[Path(sys.argv[2])]));dt=time.perf_counter()-t\n"
            "assert all(x.status=='imported' for x in r), [x.reason for x in r][:3]\n"
            "print(json.dumps({'s':dt}))"
        )
        imp_s = float(child(code, str(Path(tmp) / "v"), str(src))["s"])  # type: ignore[arg-type]
    ratio = cp_s / imp_s
    # Reported only (issue 18): SQLCipher's own write speed caps it well below cp; the goal
    # is import_vs_store_ceiling (scripts/benchkit/speed.py).
    return [info("import_throughput_vs_cp", ratio, "x",
                 f"{count} x 4 MiB JPEG: import {total / imp_s / 1e6:.0f} MB/s, "
                 f"cp+fsync {total / cp_s / 1e6:.0f} MB/s")]


def big_pdf_figure(quick: bool) -> list[Figure]:
    from tests.corpus.make_corpus import sparse_pdf

    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        pdf = Path(tmp) / "big.pdf"
        sparse_pdf(pdf, pages=20, image_bytes=25 * 1024 * 1024, noise=True)
        code = (
            "import json,sys;from pathlib import Path;from tests.helpers import make_vault\n"
            "from vault.importing.pipeline import import_files\n"
            "v=make_vault(Path(sys.argv[1]));r=list(import_files(v,[Path(sys.argv[2])]))\n"
            "assert r[0].status=='imported', r[0].reason\n"
            "from scripts.benchkit.model import peak_rss_mb\n"
            "print(json.dumps({'mb':peak_rss_mb()}))"
        )
        peak = float(child(code, str(Path(tmp) / "v"), str(pdf))["mb"])  # type: ignore[arg-type]
    return [at_most("import_500mb_pdf_peak_rss_mb", peak, "MB", 200,
                    "whole process, 20-page 500 MB PDF of random (incompressible) image data")]


def export_figures(quick: bool) -> list[Figure]:
    try:
        from tests.unit.export.bench_support import bench_export
    except ImportError as exc:
        return [failed("export_vs_qpdf_encrypt", "x", "<= 1.5", f"bench support missing: {exc}")]
    mb = 60 if quick else 300
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        res = bench_export(Path(tmp), mb, rounds=3 if quick else 2)
    export_s, qpdf_s = float(res["export_seconds"]), float(res["qpdf_encrypt_seconds"])
    return [
        at_most("export_vs_qpdf_encrypt", export_s / qpdf_s, "x", 1.5,
                f"{mb} MB scans, medians of alternated rounds: export from the vault "
                f"{export_s:.1f} s, qpdf --encrypt + fsync {qpdf_s:.1f} s (of which the fsync "
                f"{float(res.get('qpdf_fsync_seconds', 0.0)):.1f} s; the export fsyncs too)"),
        at_most("export_peak_rss_mb", float(res["export_peak_rss_mb"]), "MB", 300, f"{mb} MB of scans"),
    ]

