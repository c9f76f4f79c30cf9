"""Proof for the key on a drive: a kill -9 loop over ``key move`` and the raw drive image.

1. ``key move`` is killed 50 times (SPRAVKA_KEYMOVE_KILLS) at random points, both
   directions: half the runs die at a random named crash point inside the move,
   half after a random delay. After every kill exactly one copy is usable (the
   search in ``vault.keys.location`` finds one and it opens the vault) and, once
   that open has tidied up, exactly one file anywhere holds the key.
2. On a loop-mounted ext4 image used as the drive (needs root; CI runs as root),
   after ``key move --to vault`` and after ``panic``, the raw image holds none of
   the old keyslot bytes (every 16-byte block of the file is searched).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, make_vault
from tests.proof import kit
from tests.proof.figures import record
from vault.core import Vault
from vault.errors import KeyslotError
from vault.keys.keyslots import decode
from vault.keys.location import locate

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

CRASH_POINTS = ("keymove-after-pending", "keymove-before-erase", "keymove-mid-erase",
                "keymove-after-erase", "keymove-after-rename")


def _move(root: Path, drive: Path, to_vault: bool, env: dict[str, str]) -> subprocess.Popen[bytes]:
    target = "vault" if to_vault else str(drive)
    cmd = [sys.executable, "-m", "vault.cli.main", "key", "move", "--to", target,
           "--key-dir", str(drive), "--passphrase-stdin"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=ROOT,
                            env=dict(env, SPRAVKA_VAULT=str(root)))
    assert proc.stdin is not None
    proc.stdin.write((PASS + "\n").encode())
    proc.stdin.close()
    return proc


def _key_files(*dirs: Path) -> list[Path]:
    """Every file (any name, temp files too) that holds a valid keyslot file."""
    out = []
    for d in dirs:
        for path in d.iterdir() if d.exists() else ():
            try:
                decode(path.read_bytes())
            except (KeyslotError, OSError):
                continue
            out.append(path)
    return out


def _base(tmp: Path) -> tuple[Path, Path]:
    root, drive = tmp / "base", tmp / "base-drive"
    drive.mkdir()
    make_vault(root).lock()  # the key starts in the vault folder
    return root, drive


@pytest.mark.slow
def test_kill_loop_over_key_move_leaves_exactly_one_openable_copy(tmp_path: Path) -> None:
    kills = int(os.environ.get("SPRAVKA_KEYMOVE_KILLS", "50"))
    rnd = random.Random(int(os.environ.get("SPRAVKA_CRASH_SEED", "20261129")))
    base, base_drive = _base(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "SPRAVKA_FAULT"}
    env["PYTHONPATH"] = str(ROOT)
    start = time.perf_counter()
    _move(base, base_drive, False, env).wait()
    duration = time.perf_counter() - start
    _move(base, base_drive, True, env).wait()  # back: the base has its key in the vault folder
    assert _key_files(base, base_drive) == [base / "k"]
    killed = finished = 0
    for i in range(kills):
        root, drive = tmp_path / f"v{i}", tmp_path / f"d{i}"
        shutil.copytree(base, root)
        drive.mkdir()
        to_vault = i % 2 == 1
        if to_vault:  # start with the key on the drive
            os.replace(root / "k", drive / "k")
        point = rnd.choice(CRASH_POINTS) if i % 2 == 0 or rnd.random() < 0.5 else None
        proc = _move(root, drive, to_vault, dict(env, SPRAVKA_FAULT=point or ""))
        if point is None:
            time.sleep(rnd.uniform(0.3, 1.1) * duration)
            proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        killed += code == -signal.SIGKILL
        finished += code == 0
        found = locate(root, key_dir=drive, media=[])  # never zero: raises if no usable copy
        finals = [p for p in _key_files(root, drive) if not p.name.startswith(".")]
        assert len(finals) <= 1, (i, point, finals)  # never two finished copies
        assert found.path in _key_files(root, drive), (i, point)
        Vault.open(root, PASS, key_dir=drive).lock()
        left = _key_files(root, drive)
        assert len(left) == 1 and not left[0].name.startswith("."), (i, point, left)
        shutil.rmtree(root)
        shutil.rmtree(drive)
    record("key_move_kills", {"runs": kills, "killed": killed, "finished": finished,
                              "points": list(CRASH_POINTS)})
    assert killed >= kills // 2


def _blocks(data: bytes) -> list[bytes]:
    return [data[i:i + 16] for i in range(0, len(data) - 15, 16)]


def _image_holds(image: Path, data: bytes) -> int:
    raw = image.read_bytes()
    return sum(1 for block in _blocks(data) if block in raw)


@pytest.mark.skipif(not kit.is_root(), reason="needs root to loop-mount an ext4 image "
                                              "(CI runs as root)")
@pytest.mark.parametrize("how", ["key move --to vault", "panic"])
def test_raw_drive_image_keeps_no_old_keyslot_bytes(tmp_path: Path, how: str) -> None:
    image, mnt = tmp_path / "drive.img", tmp_path / "mnt"
    env = {k: v for k, v in os.environ.items() if k != "SPRAVKA_FAULT"}
    env["PYTHONPATH"] = str(ROOT)
    root = tmp_path / "v"
    try:
        ctx = kit.loop_mount(image, mnt, 32)
        ctx.__enter__()
    except OSError as err:
        pytest.skip(f"loop mount unavailable: {err}")
    try:
        res = kit.cli("init", "--key-dir", str(mnt), "--passphrase-stdin", "--insecure-test-kdf",
                      "--json", vault=root, env=env, cwd=tmp_path)
        kit.ok(res, "init")
        old = (mnt / "k").read_bytes()
        os.sync()
        assert _image_holds(image, old) == len(_blocks(old))  # the search does see a live key
        if how == "panic":
            res = kit.cli("panic", "--yes", "--json", "--key-dir", str(mnt), vault=root, env=env,
                          cwd=tmp_path, stdin="")
            data = kit.ok(res, "panic")
            assert data["keyslots_destroyed"] and str(mnt / "k") in data["destroyed"]
            assert not root.exists()
        else:
            res = kit.cli("key", "move", "--to", "vault", "--key-dir", str(mnt),
                          "--passphrase-stdin", "--json", vault=root, env=env, cwd=tmp_path)
            kit.ok(res, "key move")
            assert (root / "k").read_bytes() == old  # the key itself moved intact
        assert list(p for p in mnt.iterdir() if p.name != "lost+found") == []
    finally:
        ctx.__exit__(None, None, None)
    found = _image_holds(image, old)
    record(f"key_drive_image_{how.split()[0]}", {"blocks_searched": len(_blocks(old)),
                                                "blocks_found": found})
    assert found == 0, f"{found} blocks of the old keyslot file remain on the raw drive image"
