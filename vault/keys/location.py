"""Where the keyslot file lives: the vault folder or a removable drive.

The whole key material is the 2 KiB keyslot file; kept on a drive, the laptop
alone opens nothing. Order of the search: ``--key-dir``, ``$SPRAVKA_KEY_DIR``,
the vault folder, then mounted removable media. A copy half-way through a
move (the pending name) counts only when no finished copy exists anywhere, so
a crash during ``key move`` never leaves zero or two usable keys.
"""

from __future__ import annotations

import glob
import os
import stat
import string
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vault.errors import KeyslotError
from vault.keys.keyslots import FILE_SIZE, SlotFile, decode

ENV_KEY_DIR = "SPRAVKA_KEY_DIR"
ENV_KEY_NAME = "SPRAVKA_KEY_NAME"
DEFAULT_NAME = "k"  # bland on purpose: nothing on the drive names the app
VAULT_NAME = "k"  # in the vault folder the name is fixed (vault.paths)
NOT_HERE = ("keyslot file missing: the key is not here; insert the drive that holds it "
            "or pass --key-dir")


def key_name(env: Mapping[str, str] | None = None) -> str:
    """The file name of the key (``$SPRAVKA_KEY_NAME``, else ``k``); never a path."""
    name = (os.environ if env is None else env).get(ENV_KEY_NAME) or DEFAULT_NAME
    return Path(name).name or DEFAULT_NAME


def name_in(directory: Path, vault_root: Path, env: Mapping[str, str] | None = None) -> str:
    """The key's file name in ``directory``: fixed in the vault folder, configurable elsewhere."""
    return VAULT_NAME if _same(directory, Path(vault_root)) else key_name(env)


def pending_name(name: str) -> str:
    """The name a moving copy has until the old copy is destroyed."""
    return f".{name}.new"


def media_mounts(platform: str = sys.platform) -> list[Path]:
    """Mounted removable media: the directories a desktop mounts drives under."""
    if platform == "darwin":
        patterns = ["/Volumes/*"]
    elif platform.startswith("win"):
        return [Path(f"{letter}:\\") for letter in string.ascii_uppercase[3:]
                if os.path.exists(f"{letter}:\\")]
    else:
        patterns = ["/media/*/*", "/run/media/*/*"]
    return [Path(p) for pattern in patterns for p in sorted(glob.glob(pattern))
            if os.path.isdir(p)]


def mount_point(path: Path) -> Path:
    """The mount point that holds ``path`` (the directory itself when unknown)."""
    probe = path.resolve()
    while not os.path.ismount(probe) and probe.parent != probe:
        probe = probe.parent
    return probe


@dataclass(frozen=True)
class KeyLocation:
    """A found keyslot file, what kind of place holds it, and leftovers to tidy."""

    path: Path
    kind: str  # "vault" or "drive"
    slot_file: SlotFile = field(repr=False, compare=False)
    pending: bool = False
    stale: tuple[Path, ...] = ()

    @property
    def mount(self) -> Path | None:
        return mount_point(self.path.parent) if self.kind == "drive" else None

    @property
    def final_path(self) -> Path:
        """Where the key lives once a move a crash interrupted is finished."""
        return self.path.with_name(self.path.name[1:-len(".new")]) if self.pending else self.path

    def to_json(self) -> dict[str, str | None]:
        return {"key_location": self.kind, "key_mount": str(self.mount) if self.mount else None,
                "key_path": str(self.final_path)}


def candidate_dirs(vault_root: Path, key_dir: Path | None = None, *,
                   env: Mapping[str, str] | None = None,
                   media: list[Path] | None = None) -> list[Path]:
    """Places to look, in order, without duplicates."""
    env = os.environ if env is None else env
    explicit = key_dir or (Path(env[ENV_KEY_DIR]).expanduser() if env.get(ENV_KEY_DIR) else None)
    dirs = [explicit] if explicit else []
    dirs += [Path(vault_root), *(media_mounts() if media is None else media)]
    out: list[Path] = []
    for d in dirs:
        if d is not None and all(not _same(d, seen) for seen in out):
            out.append(d)
    return out


def locate(vault_root: Path, key_dir: Path | None = None, *,
           env: Mapping[str, str] | None = None, media: list[Path] | None = None) -> KeyLocation:
    """The keyslot file to unlock with, or ``KeyslotError`` (exit 4) with one line."""
    dirs = candidate_dirs(vault_root, key_dir, env=env, media=media)
    damaged: list[tuple[Path, KeyslotError]] = []
    found: list[tuple[Path, SlotFile]] = []
    pending: list[tuple[Path, SlotFile]] = []
    for d in dirs:
        name = name_in(d, vault_root, env)
        for path, bucket in ((d / name, found), (d / pending_name(name), pending)):
            try:
                bucket.append((path, _read(path)))
            except FileNotFoundError:
                continue
            except KeyslotError as err:
                if bucket is found:
                    damaged.append((path, err))
    if found:
        path, sf = found[0]
        return KeyLocation(path, _kind(path, vault_root), sf,
                           stale=tuple(p for p, _sf in pending))
    if pending:
        path, sf = pending[0]
        leftovers = [p for p, _sf in pending[1:]] + [p for p, _err in damaged]
        return KeyLocation(path, _kind(path, vault_root), sf, pending=True, stale=tuple(leftovers))
    if damaged:
        raise damaged[0][1]
    raise KeyslotError(NOT_HERE)


def reachable_copies(vault_root: Path, key_dir: Path | None = None, *,
                     env: Mapping[str, str] | None = None,
                     media: list[Path] | None = None) -> list[Path]:
    """Every copy of this vault's key a panic can reach (same salt as the first one found).

    Without any copy to compare with, every keyslot file of the right name is taken:
    in a panic, destroying too much beats leaving a key behind.
    """
    copies: list[tuple[Path, bytes | None]] = []
    for d in candidate_dirs(vault_root, key_dir, env=env, media=media):
        name = name_in(d, vault_root, env)
        for path in (d / name, d / pending_name(name)):
            try:
                copies.append((path, _read(path).salt))
            except FileNotFoundError:
                continue
            except (KeyslotError, OSError):
                if _kind(path, vault_root) == "vault":
                    copies.append((path, None))  # the vault folder's own file: always destroyed
    salts = [salt for _p, salt in copies if salt is not None]
    return [p for p, salt in copies if salt is None or salt == salts[0]]


def _read(path: Path) -> SlotFile:
    """Never waits: a FIFO planted under the key's name must not stop a panic (#15)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise KeyslotError(f"keyslot file unreadable: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise KeyslotError("keyslot file damaged: it is a directory")
        if not stat.S_ISREG(mode):
            raise KeyslotError("keyslot file damaged: not a regular file")
        data = os.pread(fd, FILE_SIZE + 1, 0)
    except OSError as exc:
        raise KeyslotError(f"keyslot file unreadable: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return decode(data)


def _kind(path: Path, vault_root: Path) -> str:
    return "vault" if _same(path.parent, Path(vault_root)) else "drive"


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
