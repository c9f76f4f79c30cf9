"""A 2 GB bundle stays under the export's 300 MB RSS cap (slow; CI runs it).

A few distinct noisy A4 scans are exported ~600 times over (as different
documents), read from disk as the store streams them. The export runs in a
child process so its peak RSS (VmHWM) is its own. poppler then reads the
whole page tree with the password (a full ``verify_export`` of 2 GB takes
many minutes on two shared cores; the smaller bundles verify in every test).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.export.bench_support import make_scans

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500)]

_CHILD = r"""
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.unit.export import factories as f
from vault.export import export_pdf
spec = json.loads(Path(sys.argv[2]).read_text())
files, count = spec["files"], spec["count"]
items = [f.file_item(i + 1, Path(files[i % len(files)][0]), "image/jpeg", files[i % len(files)][1])
         for i in range(count)]
result = export_pdf(items, f.cover("ru"), Path(spec["out"]), signing_key=f.KEY)
peak = [int(l.split()[1]) / 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
print(json.dumps({"password": result.password, "peak_rss_mb": peak}))
"""


def test_two_gigabyte_bundle_under_the_rss_cap(tmp_path: Path) -> None:
    files = make_scans(tmp_path / "scans", 12)
    size = sum(Path(p).stat().st_size for p, _ in files)
    count = -(-(2 << 30) * len(files) // size)
    out = tmp_path / "big.pdf"
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"files": files, "count": count, "out": str(out)}))
    repo = Path(__file__).resolve().parents[3]
    child = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _CHILD, str(repo), str(spec)],
        capture_output=True, text=True, check=True,
    )
    stats = json.loads(child.stdout.strip().splitlines()[-1])
    assert out.stat().st_size >= 2 << 30
    assert stats["peak_rss_mb"] <= 300, stats
    info = subprocess.run(["pdfinfo", "-upw", stats["password"], str(out)],  # noqa: S603, S607
                          capture_output=True, text=True, check=True).stdout
    pages = int(next(ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages:")))
    assert pages > count  # the cover, then one page per scan
