"""The 18 one-line breakages the audit of issue 20 found passing the whole suite.

Each is re-applied to a scratch copy and its killing tests must then fail:
``scripts/mutation --known``. A line here that no longer matches the source
is reported as stale (the code moved on: re-derive the mutant, do not drop it).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from scripts.mutationkit import scratch

GAPS = ["tests/unit/evidence/test_ev_audit_mutants.py"]
TAMPER = ["tests/unit/verify/test_tamper.py"]
HYGIENE = ["tests/unit/keys/test_keyslot_hygiene.py"]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


def _m(name: str, path: str, old: str, new: str, tests: list[str]) -> Mutant:
    return Mutant(name, path, old, new, tuple(tests))


KNOWN = [
    _m("audit: no content-hash check", "vault/storage/audit.py",
       "if _digest(prev, row.seq, row.at, row.action, row.detail) != row.hash:",
       "if False:", TAMPER),
    _m("audit: no UPDATE trigger", "schema/migrations/0001_core.sql",
       "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
       "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;", "", TAMPER),
    _m("verify: no per-document hash comparison", "vault/verify.py",
       "if digest.hexdigest() != expected:", "if False:", TAMPER),
    _m("keyslots: no zero-pad check", "vault/keys/keyslots.py",
       " and not any(payload[1:16]):", ":", HYGIENE),
    _m("keyslots: no reserved-bytes check", "vault/keys/layout.py",
       "if plain[12:] != bytes(4) or version != VERSION:", "if version != VERSION:", HYGIENE),
    _m("keyslots: old inode not scrubbed after passwd", "vault/keys/keyslots.py",
       "overwrite_in_place(old_fd, os.fstat(old_fd).st_size)", "pass", HYGIENE),
    _m("keyslots: payload buffer not wiped", "vault/keys/keyslots.py",
       "payload[:] = bytes(len(payload))", "pass", HYGIENE),
    _m("keyslots: unwrap_all exits at the first match", "vault/keys/keyslots.py",
       "found.append(Unwrapped(Role(payload[0]), index, bytearray(payload[16:])))",
       "return [Unwrapped(Role(payload[0]), index, bytearray(payload[16:]))]", HYGIENE),
    _m("COR-03: 'delivered' letters not checked", "vault/evidence/checks/cor.py",
       'if letter.status in ("sent", "delivered")', 'if letter.status in ("sent",)', GAPS),
    _m("COR-05: a resend for another summons counts", "vault/evidence/checks/cor.py",
       "and other.related_summons_id == letter.related_summons_id", "", GAPS),
    _m("MED-02: one document is enough", "vault/evidence/checks/med.py",
       "if len(good) >= 2 and", "if len(good) >= 1 and", GAPS),
    _m("MED-07: future-dated records count as visits", "vault/evidence/checks/med.py",
       "if d.effective_date is not None and d.effective_date <= ctx.today]",
       "if d.effective_date is not None]", GAPS),
    _m("WRD-04: documents without a diagnosis are not skipped", "vault/evidence/checks/wrd.py",
       "if (c := table.get(d.id)) and d.diagnosis.strip()]", "if (c := table.get(d.id))]", GAPS),
    _m("DOC-10: the diagnosis is left out of the duplicate key", "vault/evidence/checks/doc.py",
       "d.diagnosis.strip().lower(),\n", "\n", GAPS),
    _m("MED-05: stale-warning boundary off by one", "vault/evidence/checks/med.py",
       "if (best_exp - board).days < ctx.snapshot.settings.stale_warning_days:",
       "if (best_exp - board).days <= ctx.snapshot.settings.stale_warning_days:", GAPS),
    _m("NA-07: the rule's first day is left out", "vault/evidence/checks/na.py",
       "s.placed < periods.e_summons_from", "s.placed <= periods.e_summons_from", GAPS),
    _m("DOC-01: a document dated today counts as future", "vault/evidence/checks/doc.py",
       "(issued is not None and issued > today) or (start is not None and start > today)",
       "(issued is not None and issued >= today) or (start is not None and start >= today)", GAPS),
    _m("NA-07: the last allowed day counts as late", "vault/evidence/checks/na.py",
       "if s.appear_on > latest:", "if s.appear_on >= latest:", GAPS),
]


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # "killed", "survived" or "stale"


def replay(mutants: list[Mutant] = KNOWN) -> list[Outcome]:
    """Apply each mutant alone to a fresh scratch copy and run its killing tests."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="spravka-known-") as tmp:
        copy = scratch.make_copy(Path(tmp) / "src")
        if scratch.loads_from(copy) != copy / "vault":
            raise RuntimeError(f"tests in {copy} would not load its code")
        if not scratch.tests_pass(copy, sorted({t for m in mutants for t in m.tests})):
            raise RuntimeError("the killing tests fail on unmutated code: fix them first")
        for mutant in mutants:
            target = copy / mutant.path
            original = target.read_text(encoding="utf-8")
            if original.count(mutant.old) != 1:
                outcomes.append(Outcome(mutant, "stale"))
                continue
            target.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
            try:
                passed = scratch.tests_pass(copy, list(mutant.tests))
            finally:
                target.write_text(original, encoding="utf-8")
            outcomes.append(Outcome(mutant, "survived" if passed else "killed"))
    return outcomes
