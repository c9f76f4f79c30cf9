"""Argon2id started before the rest of ``spravka docs`` loads (vault/keys/early.py,
argon.py; issue 18): the same key as the normal derivation, taken only for the key
file it was started on, and never trusted for any other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2.low_level import Type, hash_secret_raw
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import PASS, make_vault
from vault.errors import KeyslotError, VaultError
from vault.keys import argon, early, keyslots, layout, unlock
from vault.keys.kdf import TEST_PARAMS, derive
from vault.storage.lockfile import DirLock

ROOT = Path(__file__).resolve().parents[3]


@settings(max_examples=25, deadline=None)
@given(secret=st.binary(max_size=40), salt=st.binary(min_size=8, max_size=40),
       memory=st.integers(min_value=32, max_value=256), passes=st.integers(1, 3),
       lanes=st.integers(1, 4))
def test_the_call_is_argon2_cffis_own(secret: bytes, salt: bytes, memory: int, passes: int,
                                      lanes: int) -> None:
    expected = hash_secret_raw(secret, salt, passes, memory, lanes, 32, Type.ID)
    assert argon.argon2id(secret, salt, memory, passes, lanes) == bytearray(expected)


@pytest.mark.parametrize(("memory", "shown"), [(64, "1 MiB"), (1025, "2 MiB"), (3072, "3 MiB")])
def test_a_libargon2_error_is_one_line(memory: int, shown: str) -> None:
    # libargon2 checks the salt before it allocates anything
    with pytest.raises(VaultError, match=rf"^the key derivation \(Argon2id, {shown}\) could not "
                                         r"run: Salt is too short$"):
        argon.argon2id(b"pw", b"short", memory, 1, 1)


@pytest.mark.parametrize(("memory", "passes", "lanes", "ok"), [
    (argon.MAX_MEMORY_KIB, argon.MAX_TIME_COST, argon.MAX_LANES, True),
    (argon.MIN_MEMORY_KIB * 4, 1, 4, True),
    (argon.MIN_MEMORY_KIB, 1, 1, True),
    (argon.MIN_MEMORY_KIB - 1, 1, 1, False),
    (argon.MIN_MEMORY_KIB * 4 - 1, 1, 4, False),
    (argon.MAX_MEMORY_KIB + 1, 1, 4, False),
    (1024, argon.MAX_TIME_COST + 1, 4, False),
    (1024, 0, 4, False),
    (1024, 1, argon.MAX_LANES + 1, False),
    (1024, 1, 0, False),
])
def test_bounds_are_inclusive(memory: int, passes: int, lanes: int, ok: bool) -> None:
    if ok:
        argon.check_bounds(memory, passes, lanes)
    else:
        with pytest.raises(KeyslotError, match="out of range"):
            argon.check_bounds(memory, passes, lanes)


def _vault(root: Path) -> keyslots.SlotFile:
    make_vault(root).lock()
    return keyslots.read(root / "k")


def test_started_on_the_vault_folders_key_file(tmp_path: Path) -> None:
    sf = _vault(tmp_path / "v")
    run = early.start(PASS, str(tmp_path / "v"))
    assert run is not None and (run.salt, run.settings) == (sf.salt, sf.params.settings())
    taken = run.take(sf.salt, sf.params.settings())
    assert taken is not None
    key, seconds = taken
    assert key == derive(PASS.encode(), sf.salt, TEST_PARAMS) and 0 < seconds < 60
    assert run.take(sf.salt, sf.params.settings()) is None  # once only


def test_another_key_file_is_never_given_its_key(tmp_path: Path) -> None:
    sf = _vault(tmp_path / "v")
    run = early.start(PASS, str(tmp_path / "v"))
    assert run is not None
    assert run.take(bytes(32), sf.params.settings()) is None
    other = TEST_PARAMS.memory_kib * 2, TEST_PARAMS.time_cost, TEST_PARAMS.lanes
    assert run.take(sf.salt, other) is None


def test_the_passphrase_copy_is_wiped_after_the_run(tmp_path: Path) -> None:
    sf = _vault(tmp_path / "v")
    run = early.start(PASS, str(tmp_path / "v"))
    assert run is not None and run.take(sf.salt, sf.params.settings()) is not None
    assert not any(run._secret) and len(run._secret) == len(PASS.encode())


def _damaged(path: Path) -> None:
    path.write_bytes(bytes(layout.FILE_SIZE))


@pytest.mark.parametrize("setup", ["none given", "no file", "damaged", "fifo", "directory",
                                   "settings out of range"])
def test_nothing_to_start_on_is_left_to_the_unlock(tmp_path: Path, setup: str) -> None:
    root = tmp_path / "v"
    _vault(root)
    key = root / "k"
    if setup == "no file":
        key.unlink()
    elif setup == "damaged":
        _damaged(key)
    elif setup == "fifo":
        key.unlink()
        os.mkfifo(key)
    elif setup == "directory":
        key.unlink()
        key.mkdir()
    elif setup == "settings out of range":
        data = bytearray(key.read_bytes()[: layout.COPY_SIZE])
        salt = bytes(data[: layout.SALT_LEN])
        data[layout.SALT_LEN : layout.SLOTS_START] = layout.mask_header(salt, 4, 8 << 20, 1)
        data[layout.CHECKSUM_START :] = layout.sha256(bytes(data[: layout.CHECKSUM_START])).digest()
        key.write_bytes(bytes(data))
    assert early.start(PASS, None if setup == "none given" else str(root)) is None


def _unlock(root: Path, secret: str, run: early.EarlyKdf | None) -> unlock.KeyPhase:
    lock = DirLock(root)
    try:
        return unlock.unlock_keys(root, secret, key_dir=None, preload=lambda: None, floor_s=0,
                                  early=run)
    finally:
        lock.release()


def test_the_unlock_takes_the_early_key_and_derives_nothing(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    _vault(root)
    run = early.start(PASS, str(root))
    monkeypatch.setattr(unlock, "derive", lambda *a: pytest.fail("derived a second time"))
    phase = _unlock(root, PASS, run)
    assert [f.role for f in phase.found] == [keyslots.Role.PASSPHRASE]
    assert phase.kdf_seconds > 0
    phase.settle()


def test_a_wrong_passphrase_early_finds_no_slot(tmp_path: Path) -> None:
    root = tmp_path / "v"
    _vault(root)
    phase = _unlock(root, "not it", early.start("not it", str(root)))
    assert phase.found == []
    phase.settle()


def test_a_run_on_another_vaults_key_is_ignored(tmp_path: Path) -> None:
    _vault(tmp_path / "a")
    root = tmp_path / "b"
    _vault(root)
    phase = _unlock(root, PASS, early.start(PASS, str(tmp_path / "a")))
    assert [f.role for f in phase.found] == [keyslots.Role.PASSPHRASE]
    phase.settle()


def test_argon2id_starts_before_the_heavy_imports(tmp_path: Path) -> None:
    """The point of the early start: when Argon2id starts, none of what the rest of the
    command loads is loaded yet."""
    root = tmp_path / "v"
    _vault(root)
    probe = (
        "import sys, vault.keys.early as e\n"
        "init = e.EarlyKdf.__init__\n"
        "def spy(self, *a, **k):\n"
        "    heavy = ('cryptography', 'sqlalchemy', 'sqlcipher3', 'dataclasses', 'argon2',\n"
        "             'typing', 'pathlib', 'json', 'click', 'vault.keys.keyslots')\n"
        "    sys.stderr.write('LOADED=' + ','.join(m for m in heavy if m in sys.modules) + '\\n')\n"
        "    init(self, *a, **k)\n"
        "e.EarlyKdf.__init__ = spy\n"
        "take = e.EarlyKdf.take\n"
        "def taken(self, *a):\n"
        "    got = take(self, *a)\n"
        "    sys.stderr.write(f'TAKEN={got is not None}\\n')\n"
        "    return got\n"
        "e.EarlyKdf.take = taken\n"
        "from vault.cli.entry import main\nmain()\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, "docs", "--passphrase-stdin", "--json"],
                          input=(PASS + "\n").encode(), capture_output=True, cwd=ROOT, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), SPRAVKA_VAULT=str(root)))
    assert proc.returncode == 0, proc.stderr
    assert b"LOADED=\n" in proc.stderr and b"TAKEN=True\n" in proc.stderr


class _SpyFFI:
    """argon's ffi, recording every buffer it allocates."""

    def __init__(self, real: object) -> None:
        self.real, self.made = real, []

    def new(self, *args: object) -> object:
        buf = self.real.new(*args)  # type: ignore[attr-defined]
        self.made.append(buf)
        return buf

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


@pytest.mark.parametrize("salt", [b"s" * 32, b"short"])
def test_the_c_copies_of_the_passphrase_and_the_key_are_zeroed(
        monkeypatch: pytest.MonkeyPatch, salt: bytes) -> None:
    spy = _SpyFFI(argon.ffi)
    monkeypatch.setattr(argon, "ffi", spy)
    try:
        key = argon.argon2id(b"secret passphrase", salt, 64, 1, 1)
    except VaultError:
        key = None  # the error path wipes too
    out, pwd = spy.made[0], spy.made[1]
    assert len(argon.ffi.buffer(pwd)) >= len(b"secret passphrase")
    assert not any(bytes(argon.ffi.buffer(pwd))) and not any(bytes(argon.ffi.buffer(out)))
    assert key is None or (len(key) == argon.KEY_LEN and any(key))


def test_no_early_run_for_a_vault_another_process_has_open(tmp_path: Path) -> None:
    """The unlock refuses a vault in use at once; an early Argon2id would make it wait
    out a whole run (and its memory) before saying so."""
    from vault.storage.lockfile import held_elsewhere

    root = tmp_path / "v"
    _vault(root)
    assert not held_elsewhere(root) and not held_elsewhere(tmp_path / "absent")
    probe = ("import sys, vault.keys.early as e\n"
             "e.EarlyKdf.__init__ = lambda *a, **k: sys.exit('an early run was started')\n"
             "from vault.cli.entry import main\nmain()\n")
    held = DirLock(root)
    try:
        assert held_elsewhere(root)
        proc = subprocess.run([sys.executable, "-c", probe, "docs", "--passphrase-stdin", "--json"],
                              input=(PASS + "\n").encode(), capture_output=True, cwd=ROOT,
                              timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT),
                                                    SPRAVKA_VAULT=str(root)))
    finally:
        held.release()
    assert proc.returncode == 6 and b"open in another Spravka" in proc.stderr, proc.stderr
    assert not held_elsewhere(root)  # the look kept nothing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the guess is Linux-only")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/srv/данные", " /srv/x ", "relative/dir"])
def test_the_default_folder_guess_is_platformdirs_own(monkeypatch: pytest.MonkeyPatch,
                                                      xdg: str | None) -> None:
    from vault.paths import default_vault_dir, given_vault_dir, likely_default_dir

    monkeypatch.delenv("SPRAVKA_VAULT", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert given_vault_dir(None) is None
    assert likely_default_dir() == str(default_vault_dir())
    monkeypatch.setattr(sys, "platform", "darwin")
    assert likely_default_dir() is None


def test_the_bounds_are_the_documented_ones() -> None:
    """DESIGN.md §2's ceiling, spelled out: the boundary tests above use the names, so a
    changed number would move both sides of them at once."""
    assert (argon.MAX_MEMORY_KIB, argon.MAX_TIME_COST, argon.MAX_LANES, argon.MIN_MEMORY_KIB) == (
        4_194_304, 20, 16, 8)
    assert argon.KEY_LEN == 32 and argon.ARGON2_VERSION == 19


def test_an_early_run_that_fails_raises_where_its_key_is_taken() -> None:
    run = early.EarlyKdf("pw", b"short", (64, 1, 1))  # libargon2 refuses a 5-byte salt
    with pytest.raises(VaultError, match="Salt is too short"):
        run.take(b"short", (64, 1, 1))


def test_subkeys_loads_no_signing_code_until_asked() -> None:
    """A panic derives its registry key through subkeys; the Ed25519 code loads on use."""
    code = ("import sys, vault.keys.subkeys\n"
            "sys.exit('cryptography.hazmat.primitives.asymmetric.ed25519' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 0
