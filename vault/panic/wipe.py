"""Panic wipe: crypto-erase first, then cleanup. Needs no passphrase and takes no lock.

Order (DESIGN.md §7):
1. overwrite the keyslot file in place with random bytes, in ONE write covering
   both copies, and fsync: from here nothing is recoverable, whatever the
   vault size (a kill -9 either happens before that write or after it). Before
   it, nothing but the salt is read, so no planted file can stop it;
2. read the export registry as hostile input (see ``registry``), overwrite and
   delete the database, its journals, the pre-migration copy, the registry and
   every export it lists; remove the vault directory;
3. clear the screen and scrollback (the caller's terminal);
4. the caller exits quietly.
Honest limits: disk copies made earlier, backups, and SSD spare blocks may
keep old keyslots.

With the key on a drive, step 1 destroys every copy it can reach (the drive,
the vault folder); with the drive absent, deleting the database alone makes
the key on the drive useless, and the report says so.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from vault.fsutil import fsync_dir, shred_file
from vault.keys.erase import erase_copies, read_salt
from vault.keys.probe import reachable_copies
from vault.paths import VaultPaths

CLEAR_TERMINAL = "\x1b[3J\x1b[H\x1b[2J"
KEY_ABSENT = ("the key was not here: the database is deleted, so the key on the drive "
              "no longer opens anything")
SPARES_NOTE = ("spare copies of the key that were not connected survive, but they are "
               "useless without the database")


class PanicStep:
    """Plain classes, not dataclasses: this module is imported before step 1, and
    importing ``dataclasses`` takes longer than the overwrite itself (issue 18)."""

    __slots__ = ("detail", "name", "ok", "seconds")

    def __init__(self, name: str, seconds: float, ok: bool, detail: str = "") -> None:
        self.name, self.seconds, self.ok, self.detail = name, seconds, ok, detail


class PanicReport:
    __slots__ = ("destroyed", "key_absent", "steps")

    def __init__(self, steps: list[PanicStep] | None = None, destroyed: list[str] | None = None,
                 key_absent: bool = False) -> None:
        self.steps = steps or []
        self.destroyed = destroyed or []
        self.key_absent = key_absent  # detached key not connected: only the database was deleted

    @property
    def keyslots_destroyed(self) -> bool:
        return bool(self.steps) and self.steps[0].ok and not self.key_absent

    @property
    def problems(self) -> list[str]:
        return [f"{s.name}: {s.detail}" for s in self.steps if not s.ok]

    def to_json(self) -> dict[str, object]:
        return {"keyslots_destroyed": self.keyslots_destroyed,
                "steps": [{"name": s.name, "ms": round(s.seconds * 1000, 3), "ok": s.ok,
                           "detail": s.detail} for s in self.steps],
                "problems": self.problems, "destroyed": self.destroyed,
                "key_absent": self.key_absent,
                "note": KEY_ABSENT if self.key_absent else SPARES_NOTE}


def panic(root: Path, *, on_erased: Callable[[], None] | None = None,
          clock: Callable[[], float] = time.perf_counter, key_dir: Path | None = None,
          key_files: tuple[Path, ...] = ()) -> PanicReport:
    """Run steps 1-2 on the vault at ``root``. ``on_erased`` runs right after step 1
    (the TUI uses it to drop its key and close the database). ``key_files`` are
    copies known to the caller (the open vault's key) on top of those found."""
    root = Path(root)
    copies = list(dict.fromkeys([*key_files, *reachable_copies(root, key_dir)]))
    paths = VaultPaths(root, copies[0] if copies else None)
    report = PanicReport()
    salt = read_salt(paths)
    start = clock()
    erased = erase_copies(copies or [paths.keyslots])
    done = all(ok for _p, ok, _why in erased)
    why = "; ".join(w for _p, ok, w in erased if not ok)
    if not copies and paths.database.exists():
        report.key_absent, done, why = True, True, "no copy of the key is connected"
    report.destroyed = [str(p) for p, ok, _why in erased if ok]
    report.steps.append(PanicStep("destroy keyslots", clock() - start, done, why))
    if on_erased is not None:
        with contextlib.suppress(Exception):
            on_erased()
    start = clock()
    try:  # whatever a planted file does from here, step 1 already stands
        from vault.panic import registry  # json and AES-GCM: only needed from here on

        existing = [p for p in [paths.database, *copies] if p.exists()]
        exports = registry.read_with_salt(paths, salt)
        problems = _remove_files(paths, [Path(p) for p in exports], copies)
        report.destroyed += [str(p) for p in existing
                             if not p.exists() and str(p) not in report.destroyed]
    except Exception as exc:  # noqa: BLE001 - reported in the step, never raised
        problems = [f"{type(exc).__name__}: {exc}"]
    report.steps.append(PanicStep("remove files", clock() - start, not problems, "; ".join(problems)))
    return report


def _remove_files(paths: VaultPaths, exports: list[Path], keys: list[Path]) -> list[str]:
    from vault.panic import registry

    problems = []
    exports = [p for p in exports if registry.looks_like_export(p)]  # x may be planted
    for path in [paths.database, *paths.db_sidecars(), paths.premigration, paths.rekey_copy,
                 paths.registry, *(keys or [paths.keyslots]), *exports]:
        try:
            shred_file(path)
        except OSError as exc:
            problems.append(f"{path.name}: {exc.strerror or exc}")
    with contextlib.suppress(OSError):
        for leftover in paths.root.glob(".*.tmp"):
            shred_file(leftover)
    try:
        paths.root.rmdir()
        with contextlib.suppress(OSError):
            fsync_dir(paths.root.parent)
    except FileNotFoundError:
        pass
    except OSError as exc:
        problems.append(f"vault directory: {exc.strerror or exc}")
    return problems


def clear_terminal() -> None:
    """Step 3: clear the screen and the scrollback of the controlling terminal."""
    with contextlib.suppress(OSError):
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
        try:
            os.write(fd, CLEAR_TERMINAL.encode())
        finally:
            os.close(fd)
