"""Find a TrueType font that really has Cyrillic glyphs (fpdf2's core fonts have none)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from vault.errors import ExportError

_DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
_REQUIRED = "АБВЁЖЯабвёжя№"


def _has_cyrillic(path: Path) -> bool:
    """Check the cmap instead of trusting a file name."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(path), lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - any unreadable font is just "not usable"
        return False
    return all(ord(ch) in cmap for ch in _REQUIRED)


def _candidates() -> list[Path]:
    found: list[Path] = []
    try:
        import font_roboto  # type: ignore[import-untyped]

        found.append(Path(str(font_roboto.Roboto)))
    except (ImportError, AttributeError):
        pass
    if shutil.which("fc-match"):
        try:
            out = subprocess.run(  # noqa: S603 - fixed argv, no shell
                ["fc-match", "-f", "%{file}", "DejaVu Sans"],  # noqa: S607
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out:
            found.append(Path(out))
    found.append(_DEJAVU_DIR / "DejaVuSans.ttf")
    return found


@lru_cache(maxsize=1)
def cyrillic_font() -> Path:
    """Path to a regular-weight TTF with Cyrillic (incl. ё and №); cached per process."""
    for path in _candidates():
        if path.is_file() and _has_cyrillic(path):
            return path
    raise ExportError("no font with Cyrillic glyphs found; install fonts-dejavu-core")


def bold_variant(regular: Path) -> Path:
    """The bold sibling if the family ships one, else the regular font itself."""
    for name in (
        regular.name.replace("-Regular", "-Bold"),
        regular.name.replace(".ttf", "-Bold.ttf"),
    ):
        candidate = regular.with_name(name)
        if candidate != regular and candidate.is_file():
            return candidate
    return regular
