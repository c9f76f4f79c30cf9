"""Proof (and honest limit): what stays in a process's memory after ``vault.lock()``.

A child process behaves like the app: hardens itself, reads the passphrase,
unlocks, views a document that carries a canary (``read_all`` + ``render_page``
+ its fields), then locks and keeps running. The parent (root) reads every
readable mapping through ``/proc/PID/maps`` + ``/proc/PID/mem`` while the vault
is open and again after the lock, and counts the canary, the passphrase, the
DEK, the KEK and the SQLCipher raw key (binary and hex). The keys are derived
in the PARENT from the keyslot file, so the child never holds extra copies
made only for the test.

Python cannot promise zero: ``str`` and ``bytes`` are immutable, the allocator
reuses memory without clearing it, and SQLite/pdfium keep their own buffers.
The test therefore pins the figures measured when it was written (``CEILING``):
a change that leaves more behind fails, and the figures are printed and
recorded for ``scripts/proof``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.proof import kit
from tests.proof.figures import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

CANARY = "MemKanary7e41c9d2b5"

CHILD = r"""
import sys
from vault.keys.hardening import harden_process
from vault.cli.main import quiet_libraries
harden_process(); quiet_libraries()
from vault.core import Vault
from vault.records.documents import read_all, show
from vault.importing.render import render_page

def view(root, doc_id):
    secret = sys.stdin.readline().rstrip("\n")
    vault = Vault.open(root, secret)
    row = show(vault, doc_id)
    data = read_all(vault, doc_id)
    image = render_page(data, row["media_type"], 0, (800, 800))
    image.tobytes()
    return vault

vault = view(sys.argv[1], int(sys.argv[2]))
print("open", flush=True); sys.stdin.readline()
vault.lock()
print("locked", flush=True); sys.stdin.readline()
"""

# Occurrences after lock when this test was written (see docs/threat-model.md). Before the
# fixes (engine's raw key zeroed on lock; hex key pragma strs zeroed after use) they were
# canary 18-19, passphrase 0-1, db_key 1, db_key_hex 3-4; after: canary 16-19, passphrase
# 0-2, db_key 0, db_key_hex 2 (SQLite's own freed copies). SQLCipher's
# cipher_memory_security took the hex to 0 and the canary to ~15 but cost ~160 ms per
# open+lock, so it is off. The canary copies are freed Python/Pillow/SQLite buffers the
# allocator has not reused: Python gives no way to clear them. Lower these when a fix
# lands; never raise them without saying why.
CEILING = {"canary": 22, "passphrase": 2, "dek": 0, "dek_hex": 0, "kek": 0,
           "db_key": 0, "db_key_hex": 2}


def derive_keys(vault: Path, passphrase: str) -> dict[str, bytes]:
    from vault.keys import keyslots
    from vault.keys.argon import passphrase_bytes
    from vault.keys.kdf import derive
    from vault.keys.subkeys import DB_KEY, hkdf

    sf = keyslots.read(vault / "k")
    kek = derive(passphrase_bytes(passphrase), sf.salt, sf.params)
    [hit] = keyslots.unwrap_all(sf, [kek])
    db_key = bytes(hkdf(hit.dek, DB_KEY))
    return {"dek": bytes(hit.dek), "kek": bytes(kek), "db_key": db_key}


def patterns(keys: dict[str, bytes], passphrase: str) -> dict[str, list[bytes]]:
    return {
        "canary": [CANARY.encode(), CANARY.encode("utf-16-le")],
        "passphrase": [passphrase.encode(), passphrase.encode("utf-16-le")],
        "dek": [keys["dek"]],
        "dek_hex": [keys["dek"].hex().encode(), keys["dek"].hex().upper().encode()],
        "kek": [keys["kek"]],
        "db_key": [keys["db_key"]],
        "db_key_hex": [keys["db_key"].hex().encode(), keys["db_key"].hex().upper().encode()],
    }


def scan(pid: int, pats: dict[str, list[bytes]]) -> tuple[dict[str, int], int]:
    counts = dict.fromkeys(pats, 0)
    total = 0
    maps = Path(f"/proc/{pid}/maps").read_text().splitlines()
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for line in maps:
            fields = line.split()
            if "r" not in fields[1] or (len(fields) > 5 and fields[5] in ("[vvar]", "[vsyscall]", "[vvar_vclock]")):
                continue
            start, end = (int(x, 16) for x in fields[0].split("-"))
            try:
                mem.seek(start)
                data = mem.read(end - start)
            except (OSError, OverflowError, ValueError):
                continue
            if not data:
                continue
            total += len(data)
            for name, needles in pats.items():
                for needle in needles:
                    at = data.find(needle)
                    while at >= 0:
                        counts[name] += 1
                        at = data.find(needle, at + 1)
    return counts, total


def test_memory_after_lock(tmp_path: Path) -> None:
    if not kit.is_root():
        pytest.skip("reading another process's memory needs root (CI runs as root)")
    vault = tmp_path / "v"
    src = tmp_path / "src"
    src.mkdir()
    scan_path = src / "scan.jpg"
    scan_path.write_bytes(kit.jpeg_with_canaries(CANARY, CANARY, CANARY, size=(400, 300)))
    env = kit.child_env()
    kit.ok(kit.cli("init", "--insecure-test-kdf", "--passphrase-stdin", "--json", vault=vault,
                   env=env, cwd=tmp_path), "init")
    [item] = kit.ok(kit.cli("import", str(scan_path), "--passphrase-stdin", "--json", vault=vault,
                            env=env, cwd=tmp_path), "import")
    doc = str(item["document_id"])
    kit.ok(kit.cli("doc", "set", doc, f"notes={CANARY}", "--passphrase-stdin", "--json", vault=vault,
                   env=env, cwd=tmp_path), "doc set")
    pats = patterns(derive_keys(vault, kit.PASS), kit.PASS)

    child = subprocess.Popen([sys.executable, "-c", CHILD, str(vault), doc], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             cwd=tmp_path)
    try:
        assert child.stdin and child.stdout
        child.stdin.write(kit.PASS + "\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "open", child.stderr.read() if child.stderr else ""
        unlocked, _ = scan(child.pid, pats)
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "locked"
        locked, scanned = scan(child.pid, pats)
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.wait(timeout=30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    record("memory", {"while_open": unlocked, "after_lock": locked, "bytes_scanned": scanned})
    # The scan must be able to see secrets: while open the DEK or the DB key is in memory.
    assert unlocked["canary"] > 0 and (unlocked["dek"] + unlocked["db_key"]) > 0, unlocked
    over = {k: (v, CEILING[k]) for k, v in locked.items() if v > CEILING[k]}
    assert not over, f"more secrets left in memory after lock than recorded: {over}"
