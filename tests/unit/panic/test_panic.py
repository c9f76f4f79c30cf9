"""Panic wipe and duress: unrecoverable in milliseconds, quiet, robust."""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import PASS, ROOT, init_vault, make_vault, spravka
from vault.core import Vault
from vault.errors import KeyslotError, VaultMissing, WrongPassphrase
from vault.keys import keyslots
from vault.keys.erase import crypto_erase
from vault.panic import registry
from vault.panic.wipe import panic
from vault.paths import VaultPaths
from vault.storage.models import Setting


def _canary(vault: Vault) -> None:
    with vault.session() as s:
        s.merge(Setting(key="canary", value="секрет"))


def test_crypto_erase_alone_makes_every_key_useless(tmp_path: Path) -> None:
    vault, recovery = Vault.create(tmp_path / "v", PASS, params=__import__("vault.keys.kdf").keys.kdf.TEST_PARAMS)
    _canary(vault)
    vault.lock()
    before = (tmp_path / "v" / "k").read_bytes()
    done, _ = crypto_erase(VaultPaths(tmp_path / "v"))
    after = (tmp_path / "v" / "k").read_bytes()
    assert done and len(after) == len(before)
    assert not any(before[i:i + 16] in after for i in range(0, len(before) - 16, 16))
    for secret in (PASS, recovery):
        with pytest.raises(KeyslotError):
            Vault.open(tmp_path / "v", secret or "")


def test_panic_removes_everything_including_tracked_exports(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    _canary(vault)
    export = tmp_path / "lawyer.pdf"
    export.write_bytes(b"%PDF-encrypted stand-in")
    registry.add(vault.paths, export)
    vault.lock()
    res = spravka("panic", "--yes", vault=root)
    assert res.code == 0 and res.out == "" and res.err == ""
    assert not root.exists() and not export.exists()
    with pytest.raises(VaultMissing):
        Vault.open(root, PASS)


def test_panic_needs_confirmation_or_yes(tmp_path: Path) -> None:
    init_vault(tmp_path / "v")
    res = spravka("panic", vault=tmp_path / "v")
    assert res.code == 9 and (tmp_path / "v" / "k").exists()  # no terminal: refused


def test_panic_on_locked_vault_does_not_wait(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")  # holds the lock in this process
    start = time.perf_counter()
    res = spravka("panic", "--yes", "--json", vault=tmp_path / "v")
    assert res.code == 0 and res.json()["keyslots_destroyed"] is True
    assert time.perf_counter() - start < 30
    vault.lock()
    assert not (tmp_path / "v").exists()


@pytest.mark.parametrize("damage", ["random-keyslots", "truncated-keyslots", "no-database",
                                    "only-keyslots", "garbage-db"])
def test_panic_on_damaged_or_half_created_vault(tmp_path: Path, damage: str) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    if damage == "random-keyslots":
        (root / "k").write_bytes(os.urandom(2048))
    elif damage == "truncated-keyslots":
        (root / "k").write_bytes((root / "k").read_bytes()[:100])
    elif damage in ("no-database", "only-keyslots"):
        (root / "d").unlink()
    elif damage == "garbage-db":
        (root / "d").write_bytes(b"junk")
    report = panic(root)
    assert report.keyslots_destroyed, report.problems
    assert not root.exists()


def test_panic_reports_what_it_could_not_do_on_read_only_disk(tmp_path: Path) -> None:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount tmpfs here (needs root)")
    try:
        make_vault(mnt / "v").lock()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        res = spravka("panic", "--yes", "--json", vault=mnt / "v")
        assert res.code != 0 and "could not destroy the keyslots" in res.err
        assert "Read-only" in res.json()["steps"][0]["detail"]
    finally:
        subprocess.run(["umount", str(mnt)])


def _state(root: Path) -> str:
    try:
        Vault.open(root, PASS).lock()
        return "intact"
    except (KeyslotError, VaultMissing):
        return "destroyed"


@pytest.mark.serial  # kills land at random times: a loaded machine shifts them
def test_kill_at_random_points_during_panic(tmp_path: Path) -> None:
    rnd = random.Random(1234)
    outcomes = []
    for i in range(12):
        root = tmp_path / f"v{i}"
        make_vault(root).lock()
        env = dict(os.environ, SPRAVKA_VAULT=str(root), PYTHONPATH=str(ROOT))
        if i == 0:
            env["SPRAVKA_FAULT"] = "panic-before-overwrite"
        proc = subprocess.Popen([sys.executable, "-m", "vault.cli.main", "panic", "--yes"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if i:
            time.sleep(rnd.uniform(0.0, 0.6))
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = _state(root)
        if i == 0:
            assert state == "intact"  # killed before step 1 wrote anything
        if state == "intact":
            assert (root / "d").exists()  # nothing is removed before the keyslots are gone
        outcomes.append(state)
    assert "destroyed" in outcomes


def test_rehearsal_leaves_the_real_vault_alone(tmp_path: Path) -> None:
    init_vault(tmp_path / "v")
    res = spravka("panic", "--rehearse", "--json", vault=tmp_path / "v")
    assert res.code == 0 and res.json()["keyslots_destroyed"]
    assert [s["name"] for s in res.json()["steps"]] == ["destroy keyslots", "remove files"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v"]
    assert spravka("verify", "--passphrase-stdin", stdin=PASS + "\n", vault=tmp_path / "v").code == 0


def test_duress_unlock_erases_real_vault_and_opens_empty_one(tmp_path: Path) -> None:
    root = tmp_path / "v"
    vault = make_vault(root)
    _canary(vault)
    vault.set_duress("под давлением")
    vault.lock()
    old_db = (root / "d").read_bytes()
    with Vault.open(root, "под давлением") as fresh:
        with fresh.session() as s:
            assert s.get(Setting, "canary") is None
    assert (root / "d").read_bytes()[:4096] != old_db[:4096]
    with pytest.raises(WrongPassphrase):
        Vault.open(root, PASS)
    Vault.open(root, "под давлением").lock()  # the decoy keeps working normally


def test_duress_through_cli(tmp_path: Path) -> None:
    root = tmp_path / "v"
    init_vault(root)
    short = spravka("duress", "set", "--passphrase-stdin", stdin=f"{PASS}\nduress\n", vault=root)
    assert short.code == 9 and "at least 8" in short.err  # the TUI's floor, also here
    assert spravka("duress", "set", "--passphrase-stdin", stdin=f"{PASS}\nduress!!\n", vault=root).code == 0
    res = spravka("info", "--passphrase-stdin", "--json", stdin="duress!!\n", vault=root)
    assert res.code == 0 and res.json()["documents"] == 0
    assert spravka("info", "--passphrase-stdin", stdin=PASS + "\n", vault=root).code == 3


def test_keyslot_files_with_and_without_duress_look_the_same(tmp_path: Path) -> None:
    plain = make_vault(tmp_path / "a")
    plain.lock()
    with_duress = make_vault(tmp_path / "b")
    with_duress.set_duress("x")
    with_duress.lock()
    a, b = (tmp_path / "a" / "k").read_bytes(), (tmp_path / "b" / "k").read_bytes()
    assert len(a) == len(b) == keyslots.FILE_SIZE
    for data in (a, b):  # both indistinguishable from random bytes
        assert _chi2(data) < 370, _chi2(data)  # 255 d.o.f.: p < 1e-6 beyond 370
        blocks = [data[i:i + 16] for i in range(0, len(data), 16)]
        assert len(set(blocks)) == len(blocks)  # no repeated block, not even across copies
    # The check can fail: a file with one unused slot left as zeros is caught.
    sf = keyslots.decode(a)
    plain = keyslots.encode(sf.with_slot(5, bytes(keyslots.SLOT_LEN)))
    assert _chi2(plain) >= 370 or len({plain[i:i + 16] for i in range(0, 2048, 16)}) < 128


def _chi2(data: bytes) -> float:
    """Pearson's chi-square of the byte histogram against a uniform one."""
    expected = len(data) / 256
    counts = [0] * 256
    for byte in data:
        counts[byte] += 1
    return sum((c - expected) ** 2 / expected for c in counts)


@pytest.mark.slow
@pytest.mark.serial  # compares medians within 15 ms: needs the machine to itself
def test_unlock_timing_real_duress_wrong_indistinguishable(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root, passphrase="real").lock()
    times: dict[str, list[float]] = {"real": [], "wrong": [], "duress": []}
    for _ in range(30):
        for kind in ("real", "wrong", "duress"):
            if kind == "duress":
                v = Vault.open(root, "real")
                v.set_duress("duress")
                v.lock()
            start = time.perf_counter()
            opened = None
            try:
                opened = Vault.open(root, kind)
            except WrongPassphrase:
                pass
            times[kind].append(time.perf_counter() - start)
            if opened is not None:  # outside the timing: a duress lock waits for the re-salt
                opened.lock()
            if kind == "duress":
                v = Vault.open(root, "duress")
                v.change_passphrase("duress", "real")
                v.lock()
    medians = {k: statistics.median(v) for k, v in times.items()}
    assert max(medians.values()) - min(medians.values()) < 0.015, medians
