"""Shared pieces of the proof tests: mounts, a CLI runner with a chosen cwd/env, canary files.

Mounts need root (CI runs as root); every mount is a context manager that
unmounts in ``finally`` (lazily if busy) and detaches its loop device.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PASS = "correct horse battery staple"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def is_root() -> bool:
    return os.geteuid() == 0


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


@contextlib.contextmanager
def loop_mount(image: Path, mountpoint: Path, size_mb: int, *, sync: bool = True) -> Iterator[Path]:
    """Format ``image`` as ext4 and mount it at ``mountpoint``; raises OSError when impossible."""
    subprocess.run(["truncate", "-s", f"{size_mb}M", str(image)], check=True)
    mk = _run("mkfs.ext4", "-q", "-F", str(image))
    if mk.returncode:
        raise OSError(f"mkfs.ext4 failed: {mk.stderr.strip()}")
    mountpoint.mkdir(parents=True, exist_ok=True)
    opts = "loop,sync" if sync else "loop"
    res = _run("mount", "-o", opts, str(image), str(mountpoint))
    if res.returncode:
        raise OSError(f"mount failed: {res.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        umount(mountpoint, image)


def umount(mountpoint: Path, image: Path | None = None) -> None:
    """Unmount (lazily if busy) and detach any loop device still backing ``image``."""
    if _run("umount", str(mountpoint)).returncode:
        _run("umount", "-l", str(mountpoint))
    if image is not None:
        found = _run("losetup", "-j", str(image)).stdout
        for line in found.splitlines():
            _run("losetup", "-d", line.split(":", 1)[0])


@contextlib.contextmanager
def tmpfs_mount(mountpoint: Path, size: str) -> Iterator[Path]:
    mountpoint.mkdir(parents=True, exist_ok=True)
    res = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint))
    if res.returncode:
        raise OSError(f"tmpfs mount failed: {res.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        umount(mountpoint)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def child_env(base: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for a child: HOME/TMPDIR/XDG under ``base`` when given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SPRAVKA_", "XDG_")) and k not in ("TMPDIR", "TMP", "TEMP")}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["LANG"] = "C.UTF-8"
    if base is not None:
        env.update(home_dirs(base))
    env.update(extra)
    return env


def home_dirs(base: Path) -> dict[str, str]:
    return {
        "HOME": str(base / "home"),
        "TMPDIR": str(base / "tmp"),
        "XDG_DATA_HOME": str(base / "home/.local/share"),
        "XDG_CONFIG_HOME": str(base / "home/.config"),
        "XDG_CACHE_HOME": str(base / "home/.cache"),
        "XDG_STATE_HOME": str(base / "home/.local/state"),
        "XDG_RUNTIME_DIR": str(base / "run"),
    }


def make_home(base: Path) -> list[Path]:
    made = []
    for value in home_dirs(base).values():
        path = Path(value)
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        made.append(path)
    return made


def cli(*args: str, vault: Path, env: dict[str, str], cwd: Path, stdin: str = PASS + "\n",
        prefix: tuple[str, ...] = (), timeout: float = 120) -> Result:
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "vault.cli.main", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, cwd=cwd,
        env={**env, "SPRAVKA_VAULT": str(vault)},
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def ok(res: Result, *what: str) -> Any:
    assert res.code == 0, (what, res.code, res.err)
    return res.json() if res.out.strip().startswith(("{", "[")) else res.out


# ---------------------------------------------------------------- canary files


def jpeg_with_canaries(description: str, comment: str, user_comment: str,
                       size: tuple[int, int] = (96, 64)) -> bytes:
    """A JPEG whose EXIF ImageDescription/UserComment and COM segment carry canaries."""
    from PIL import Image

    img = Image.new("RGB", size, (200, 180, 160))
    exif = Image.Exif()
    exif[0x010E] = description  # ImageDescription
    exif[0x0131] = "ScannerSoft " + description  # Software
    ifd = exif.get_ifd(0x8769)
    ifd[0x9286] = b"ASCII\x00\x00\x00" + user_comment.encode()  # UserComment
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes(), comment=comment.encode(), quality=80)
    return buf.getvalue()


def png_with_canary(text: str, size: tuple[int, int] = (80, 60), shade: int = 90) -> bytes:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Description", text)
    info.add_itxt("Comment", text, lang="ru")
    buf = io.BytesIO()
    Image.new("RGB", size, (shade, 120, 200)).save(buf, "PNG", pnginfo=info)
    return buf.getvalue()


def pdf_with_canaries(body: str, title: str, xmp_text: str) -> bytes:
    """A one-page PDF: ``body`` in the text layer, ``title`` in /Info, ``xmp_text`` in XMP."""
    import pikepdf
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=14)
    pdf.add_page()
    pdf.multi_cell(0, 10, body)
    raw = bytes(pdf.output())
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(raw)) as doc:
        doc.docinfo["/Title"] = title
        doc.docinfo["/Subject"] = title
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:description"] = xmp_text
            meta["dc:title"] = xmp_text
        doc.save(out, compress_streams=False)  # XMP stays plain in the source (it is plaintext anyway)
    return out.getvalue()


def walk_tree(base: Path) -> set[str]:
    """Every path under ``base`` (relative), directories marked with a trailing slash."""
    found = set()
    for dirpath, dirnames, filenames in os.walk(base):
        rel = Path(dirpath).relative_to(base)
        for d in dirnames:
            found.add(f"{rel / d}/")
        for f in filenames:
            found.add(str(rel / f))
    return found


def tools(*names: str) -> list[str]:
    return [n for n in names if shutil.which(n) is None]


class CreationWatch:
    """inotify (through ctypes) on a set of directories: records every name created or
    moved into them, however short-lived, until ``stop()``. New subdirectories are watched too."""

    IN_CREATE, IN_MOVED_TO, IN_ISDIR = 0x100, 0x80, 0x40000000

    def __init__(self, base: Path, dirs: list[Path]) -> None:
        import ctypes
        import threading

        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1")
        self._base = base
        self._wd: dict[int, Path] = {}
        self.created: list[str] = []
        for d in dirs:
            self._watch(d)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _watch(self, path: Path) -> None:
        wd = self._libc.inotify_add_watch(self._fd, str(path).encode(), self.IN_CREATE | self.IN_MOVED_TO)
        if wd >= 0:
            self._wd[wd] = path

    def _loop(self) -> None:
        import select
        import struct

        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.05)
            if not ready:
                continue
            try:
                buf = os.read(self._fd, 65536)
            except BlockingIOError:
                continue
            at = 0
            while at + 16 <= len(buf):
                wd, mask, _cookie, size = struct.unpack_from("iIII", buf, at)
                name = buf[at + 16:at + 16 + size].rstrip(b"\0").decode(errors="replace")
                at += 16 + size
                parent = self._wd.get(wd)
                if parent is None:
                    continue
                path = parent / name
                self.created.append(os.path.relpath(path, self._base) + ("/" if mask & self.IN_ISDIR else ""))
                if mask & self.IN_ISDIR:
                    self._watch(path)

    def stop(self) -> list[str]:
        import time

        time.sleep(0.2)
        self._stop.set()
        self._thread.join()
        os.close(self._fd)
        return sorted(set(self.created))
