from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_package_import_is_light_and_exports_resolve() -> None:
    """Importing the package or walking folders must not load Pillow, qpdf or pdfium (start-up budget)."""
    code = (
        "import sys, vault.importing as vi; from vault.importing import walk, sniff; "
        "heavy = [m for m in ('PIL', 'pikepdf', 'pypdfium2', 'pillow_heif') if m in sys.modules]; "
        "assert not heavy, heavy; "
        "assert all(getattr(vi, name) for name in vi.__all__); print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
