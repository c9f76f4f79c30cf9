"""Proof: hostile input is refused with one clear line and changes nothing; mutated files never crash import.

* Broken copies of the rule data -> ``RuleDataError`` naming the file and the field.
* Bad dates and values across ``doc set``, ``summons add``, ``letter add``,
  ``board set``, ``gaps --as-of`` and ``condition add`` -> one line, exit 9, and
  the vault reads back exactly as before. SQL-looking and huge text in free
  fields is stored verbatim.
* A time-bounded random mutation loop over the import corpus through the real
  ``import_files`` into a real vault (no atheris): every input is imported or
  rejected with a reason, never an exception, and the vault verifies afterwards.
  It runs in a child process so a native crash (segfault in a decoder) fails the
  test instead of killing pytest, and the input being tried is kept on disk.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.proof import kit
from tests.proof.figures import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(240)]

EXIT_INVALID = 9
FUZZ_SECONDS = float(os.environ.get("SPRAVKA_PROOF_FUZZ_SECONDS", "30"))


# ------------------------------------------------------------------ rule data


def _break_files(rules_dir: Path) -> list[tuple[str, str, str]]:
    """(file, how, text) for each way each rule file is broken."""
    cases = []
    for path in sorted(rules_dir.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        cases.append((path.name, "invalid TOML", text + "\n= = broken\n"))
        m = re.search(r'^(\w+)\s*=\s*"[^"\n]*"\s*$', text, re.M)
        if m:
            cases.append((path.name, f"wrong type:{m.group(1)}",
                          text[:m.start()] + f"{m.group(1)} = 12345" + text[m.end():]))
            cases.append((path.name, f"missing:{m.group(1)}", text[:m.start()] + text[m.end():]))
        cases.append((path.name, "unknown key", text.replace("\n[", "\nbogus_key_zz = 1\n[", 1)))
    return cases


def test_broken_rule_data_names_file_and_field(tmp_path: Path) -> None:
    from vault.errors import RuleDataError
    from vault.evidence.rules import DEFAULT_DIR, load_rules

    results = []
    for name, how, text in _break_files(DEFAULT_DIR):
        target = tmp_path / f"r{len(results)}"
        shutil.copytree(DEFAULT_DIR, target)
        (target / name).write_text(text, encoding="utf-8")
        try:
            load_rules(target)
        except RuleDataError as exc:
            message = str(exc)
            assert name in message and "\n" not in message, (name, how, message)
            if how.startswith(("wrong type:", "missing:")):
                field = how.split(":", 1)[1]
                # a key removed from an optional table may legitimately load; when it
                # fails, the message must name the field
                assert field in message, (name, how, message)
            results.append((name, how, "rejected"))
        else:
            assert how.startswith("missing:"), f"{name}: {how} was accepted"
            results.append((name, how, "accepted (optional field)"))
    record("hostile_rules", {"broken_copies": len(results),
                             "rejected": sum(1 for r in results if r[2] == "rejected")})


# ---------------------------------------------------------------- CLI values

# ДД.ММ.ГГГГ is a valid form since #14; impossible dates in it are not.
BAD_DATES = ["2026-02-30", "9999-01-01", "1900-01-01", "", "garbage", "31.13.2026", "30.02.2026",
             "2026-01-01'; DROP TABLE documents; --", "1" * 100_000]


def _state(case: kit.Result | None, run) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {what: kit.ok(run(*what.split()), what)
            for what in ("docs", "condition list", "summons list", "letter list", "info")}


def test_bad_cli_values_change_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    env = kit.child_env()

    def run(*args: str) -> kit.Result:
        return kit.cli(*args, "--passphrase-stdin", "--json", vault=vault, env=env, cwd=tmp_path)

    kit.ok(run("init", "--insecure-test-kdf"), "init")
    scan = tmp_path / "scan.png"
    scan.write_bytes(kit.png_with_canary("x"))
    [item] = kit.ok(run("import", str(scan)), "import")
    doc = str(item["document_id"])
    kit.ok(run("condition", "add", "--icd10", "J45.0", "--article", "52"), "condition")
    kit.ok(run("board", "set", "2027-03-01"), "board")
    before = _state(None, run)

    attempts: list[tuple[str, ...]] = []
    for value in BAD_DATES:
        attempts += [
            ("doc", "set", doc, f"issued={value}") if value else ("doc", "set", doc, "issued=2026-13-01"),
            ("doc", "set", doc, f"period_start={value or 'x'}", "period_end=2020-01-01"),
            ("summons", "add", "--appear-on", value),
            ("letter", "add", "--purpose", "ags", "--sent", value),
            ("board", "set", value),
            ("condition", "add", "--icd10", value or " ", "--article", "52"),
            ("condition", "add", "--icd10", "J45.0", "--article", value or " "),
        ]
        if value:
            attempts.append(("gaps", "--as-of", value))  # empty --as-of means "today"
    attempts += [
        ("doc", "set", doc, "period_start=2026-05-01", "period_end=2026-01-01"),
        ("doc", "set", doc, "kind=not_a_kind"),
        ("doc", "set", doc, "no_such_field=1"),
        ("doc", "set", doc, "icd10=ZZ9.9.9"),
        ("summons", "add", "--appear-on", "2026-10-05", "--covered-by", "1,two"),
        ("export", "--documents", "1;DROP", "--out", str(tmp_path / "never.pdf")),
    ]
    failures = []
    for args in attempts:
        res = run(*args)
        err = res.err.strip()
        if res.code != EXIT_INVALID or len(err.splitlines()) != 1 or "Traceback" in res.err:
            failures.append((args[:3], [a[:40] for a in args[3:]], res.code, err[:200]))
    after = _state(None, run)
    record("hostile_cli", {"inputs_tried": len(attempts), "failures": len(failures)})
    assert failures == [], failures
    assert after == before, "a refused command changed the vault"
    assert not (tmp_path / "never.pdf").exists()

    # Free text is data, not SQL: stored verbatim, nothing else touched.
    text = "Robert'); DROP TABLE documents;-- \u0000\u202e ё" + "я" * 50_000
    shown = kit.ok(run("doc", "set", doc, f"notes={text.replace(chr(0), '')}"), "doc set notes")
    assert shown["notes"] == text.replace("\u0000", "").strip()
    assert len(kit.ok(run("docs"), "docs")) == 1


# ------------------------------------------------------------------- fuzzing

FUZZ_CHILD = r"""
import json, os, random, sys, time
from pathlib import Path
from vault.core import Vault
from vault.keys.kdf import TEST_PARAMS
from vault.importing.pipeline import import_files
from vault.verify import verify_vault

corpus, work, seconds, seed = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
seeds = [p.read_bytes() for p in sorted(corpus.iterdir()) if p.stat().st_size < 2_000_000]
vault, _ = Vault.create(work / "vault", "pw", params=TEST_PARAMS, with_recovery=False)
INTERESTING = [b"\x00", b"\xff", b"\x7f", b"\x80", b"\xff\xff\xff\x7f", b"0", b"-1", b"99999999",
               b"obj", b"endobj", b"stream", b"/Length 999999", b"R", b"<<", b">>", b"\xff\xd8", b"IEND"]

def mutate(data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(7)
        if not data:
            data += bytes(rng.randrange(256) for _ in range(16))
        at = rng.randrange(len(data))
        if op == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif op == 2:
            del data[at:at + rng.randint(1, 256)]
        elif op == 3:
            data[at:at + 4] = rng.choice(INTERESTING)
        elif op == 4:
            n = rng.randint(1, 512); data[at:at] = data[at:at + n] * rng.randint(1, 4)
        elif op == 5:
            data = data[:rng.randrange(len(data) + 1)]
        else:
            other = rng.choice(seeds); cut = rng.randrange(len(other) + 1)
            data = data[:at] + bytearray(other[cut:])
    return bytes(data)

counts = {"iterations": 0, "imported": 0, "duplicate": 0, "rejected": 0, "reasons": {}}
exts = [".pdf", ".jpg", ".png", ".tiff", ".heic", ".webp", ".bin", ""]
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    data = mutate(rng.choice(seeds))
    path = work / f"in{counts['iterations'] % 2}{rng.choice(exts)}"
    (work / "last-input").write_bytes(data)
    path.write_bytes(data)
    results = list(import_files(vault, [path]))
    path.unlink()
    assert len(results) == 1, results
    r = results[0]
    counts["iterations"] += 1
    counts[r.status] += 1
    if r.status == "rejected":
        assert r.reason, r
        key = r.reason.split(":")[0][:60]
        counts["reasons"][key] = counts["reasons"].get(key, 0) + 1
report = verify_vault(vault)
counts["verify_ok"] = report.ok
vault.lock()
print(json.dumps(counts))
"""


def test_mutation_fuzz_import(tmp_path: Path) -> None:
    from tests.corpus.make_corpus import make_corpus

    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    work = tmp_path / "work"
    work.mkdir()
    seed = int.from_bytes(os.urandom(4), "little")
    proc = subprocess.run([sys.executable, "-c", FUZZ_CHILD, str(corpus), str(work), str(FUZZ_SECONDS),
                           str(seed)], capture_output=True, text=True, env=kit.child_env(),
                          cwd=tmp_path, timeout=FUZZ_SECONDS + 120)
    last = work / "last-input"
    assert proc.returncode == 0, (f"import crashed (seed {seed}, rc {proc.returncode}); input kept at "
                                  f"{last}: {proc.stderr[-2000:]}")
    counts = json.loads(proc.stdout.strip().splitlines()[-1])
    counts["seed"] = seed
    counts["seconds"] = FUZZ_SECONDS
    record("fuzz", counts)
    assert counts["iterations"] > 50, counts
    assert counts["verify_ok"], counts
    assert counts["imported"] + counts["duplicate"] + counts["rejected"] == counts["iterations"]
