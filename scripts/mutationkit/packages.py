"""What each mutation package covers, and the fast tests that must kill its mutants.

Tests are chosen per package so one mutant costs seconds: the unit tests of
the code under mutation plus the CLI tests that carry its promises, not the
whole suite. Slow proof tests (``-m "not slow"``) stay out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Package:
    name: str  # the bench figure is mutation_score_<name>
    modules: tuple[str, ...]
    tests: tuple[str, ...]
    quick_sample: int  # mutants per package in --quick (CI)


# vault/keys/kdf.py is left out: most of it is time-based calibration, whose
# constants cannot be pinned without timing tests (which the style forbids).
PACKAGES = (
    Package("audit_verify", ("vault/storage/audit.py", "vault/verify.py"),
            ("tests/unit/verify", "tests/unit/core/test_vault.py"), 5),
    Package("panic",
            ("vault/panic/wipe.py", "vault/panic/registry.py", "vault/keys/erase.py",
             "vault/keys/probe.py"),
            ("tests/unit/panic", "tests/unit/keys/test_location.py",
             "tests/unit/keys/test_panic_probe.py"), 4),
    Package("keys",
            ("vault/keys/keyslots.py", "vault/keys/layout.py", "vault/keys/recovery.py",
             "vault/keys/subkeys.py", "vault/keys/slotmap.py", "vault/keys/argon.py",
             "vault/keys/early.py"),
            ("tests/unit/keys", "tests/unit/core/test_vault.py"), 5),
    Package("backup", ("vault/backup/format.py",),
            ("tests/unit/backup/test_page_digest.py", "tests/unit/backup/test_tamper.py",
             "tests/unit/backup/test_roundtrip.py", "tests/unit/backup/test_format_vector.py"),
            3),
    Package("evidence",
            ("vault/evidence/checks/cor.py", "vault/evidence/checks/med.py",
             "vault/evidence/checks/doc.py", "vault/evidence/checks/na.py",
             "vault/evidence/checks/wrd.py", "vault/evidence/checks/ags.py",
             "vault/evidence/checks/context.py", "vault/evidence/dates.py"),
            ("tests/unit/evidence",), 8),
)

# Operators kept: one realistic slip per construct (off-by-one comparisons,
# negations, swapped arithmetic, dropped branches, wrong constants, swallowed
# exceptions). Dropped: the all-pairs operator swaps (``a | b`` to ``a ** b``),
# which mostly land in type annotations and add noise, not information.
KEPT_OPERATORS = frozenset({
    "core/NumberReplacer", "core/AddNot", "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue", "core/ReplaceAndWithOr", "core/ReplaceOrWithAnd",
    "core/ReplaceBreakWithContinue", "core/ReplaceContinueWithBreak",
    "core/ZeroIterationForLoop", "core/ExceptionReplacer",
    *(f"core/ReplaceBinaryOperator_{pair}" for pair in (
        "Add_Sub", "Sub_Add", "Mul_Div", "Div_Mul", "FloorDiv_Mul", "Mod_FloorDiv",
        "BitXor_BitOr", "BitAnd_BitOr", "LShift_RShift", "RShift_LShift", "Pow_Mul")),
    *(f"core/ReplaceComparisonOperator_{pair}" for pair in (
        "Eq_NotEq", "NotEq_Eq", "Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Lt_GtE", "LtE_Gt",
        "Gt_LtE", "GtE_Lt", "Is_IsNot", "IsNot_Is", "In_NotIn", "NotIn_In")),
    "core/ReplaceUnaryOperator_USub_UAdd",
})
