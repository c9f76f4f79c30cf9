"""scripts/mutation's data stays true to the code: cheap checks that run with the suite.

The mutation runs themselves are slow (``scripts/mutation``); these catch a
stale list early: a known mutant whose line moved, an equivalent-mutant entry
without a reason or for a line that no longer exists, a package naming a
module or test file that is gone.
"""

from __future__ import annotations

from scripts.mutationkit.equivalent import Equivalents
from scripts.mutationkit.known import KNOWN
from scripts.mutationkit.packages import KEPT_OPERATORS, PACKAGES
from tests.helpers import ROOT


def test_every_audited_mutant_still_applies_to_exactly_one_place() -> None:
    assert len(KNOWN) == 18 and len({m.name for m in KNOWN}) == 18
    for mutant in KNOWN:
        source = (ROOT / mutant.path).read_text(encoding="utf-8")
        assert source.count(mutant.old) == 1, mutant.name
        assert mutant.old != mutant.new and all((ROOT / t).exists() for t in mutant.tests)


def test_equivalent_mutants_have_reasons_and_exist() -> None:
    found = Equivalents.load()
    assert found.stale(ROOT) == []
    assert all(len(reason) > 20 for reason in [*found.entries.values(), *found.anywhere.values()])
    assert {operator for _, operator, _ in found.entries} <= KEPT_OPERATORS


def test_packages_name_real_modules_and_tests() -> None:
    names = [p.name for p in PACKAGES]
    assert {"keys", "audit_verify", "panic", "evidence"} <= set(names) and len(set(names)) == len(names)
    for package in PACKAGES:
        assert all((ROOT / m).is_file() for m in package.modules), package.name
        assert all((ROOT / t).exists() for t in package.tests), package.name
        assert package.quick_sample > 0
