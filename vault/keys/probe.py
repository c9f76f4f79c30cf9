"""Finding every copy of a vault's key without unlocking anything: the panic's search.

Split from ``vault.keys.location`` so a panic reaches its overwrite with only
the standard library loaded (no ``cryptography``, no ``dataclasses``): the
search reads each candidate's salt through ``vault.keys.layout``. Order of the
search: ``--key-dir``, ``$SPRAVKA_KEY_DIR``, the vault folder, then mounted
removable media.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from vault.keys.layout import VAULT_NAME, NotAKeyFile, first_copy_salt, read_key_file

ENV_KEY_DIR = "SPRAVKA_KEY_DIR"
ENV_KEY_NAME = "SPRAVKA_KEY_NAME"
DEFAULT_NAME = "k"  # bland on purpose: nothing on the drive names the app


def key_name(env: Mapping[str, str] | None = None) -> str:
    """The file name of the key (``$SPRAVKA_KEY_NAME``, else ``k``); never a path."""
    name = (os.environ if env is None else env).get(ENV_KEY_NAME) or DEFAULT_NAME
    return Path(name).name or DEFAULT_NAME


def name_in(directory: Path, vault_root: Path, env: Mapping[str, str] | None = None) -> str:
    """The key's file name in ``directory``: fixed in the vault folder, configurable elsewhere."""
    return VAULT_NAME if same_place(directory, Path(vault_root)) else key_name(env)


def pending_name(name: str) -> str:
    """The name a moving copy has until the old copy is destroyed."""
    return f".{name}.new"


def media_mounts(platform: str = sys.platform) -> list[Path]:
    """Mounted removable media: the directories a desktop mounts drives under."""
    if platform == "darwin":
        patterns = ["/Volumes/*"]
    elif platform.startswith("win"):
        from string import ascii_uppercase

        return [Path(f"{letter}:\\") for letter in ascii_uppercase[3:]
                if os.path.exists(f"{letter}:\\")]
    else:
        patterns = ["/media/*/*", "/run/media/*/*"]
    return [Path(p) for pattern in patterns for p in sorted(glob.glob(pattern))
            if os.path.isdir(p)]


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
        if d is not None and all(not same_place(d, seen) for seen in out):
            out.append(d)
    return out


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
                salt = _salt(path)
            except FileNotFoundError:
                continue
            if salt is not None or place_kind(path, vault_root) == "vault":
                copies.append((path, salt))  # the vault folder's own file: always destroyed
    salts = [salt for _p, salt in copies if salt is not None]
    return [p for p, salt in copies if salt is None or salt == salts[0]]


def _salt(path: Path) -> bytes | None:
    """The key file's salt; None when it is damaged or unreadable."""
    try:
        data = read_key_file(path)
    except FileNotFoundError:
        raise
    except (OSError, NotAKeyFile):
        return None
    salt = first_copy_salt(data)
    if salt is None:  # a damaged first copy: the full parse may still trust the second
        from vault.errors import KeyslotError
        from vault.keys.keyslots import decode

        try:
            salt = decode(data).salt
        except KeyslotError:
            return None
    return salt


def place_kind(path: Path, vault_root: Path) -> str:
    """"vault" for a file in the vault folder, else "drive"."""
    return "vault" if same_place(path.parent, Path(vault_root)) else "drive"


def same_place(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
