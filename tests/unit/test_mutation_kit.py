"""scripts/mutation's data stays true to the code: cheap checks that run with the suite.

The mutation runs themselves are slow (``scripts/mutation``); these catch a
stale list early: a known mutant whose line moved, an equivalent-mutant entry
without a reason or for a line that no longer exists, a package naming a
module or test file that is gone.
"""

from __future__ import annotations

from pathlib import Path

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


def test_shards_of_one_commit_merge_into_one_full_figure(tmp_path: Path) -> None:
    import json

    import pytest

    from scripts.mutationkit import shards
    from scripts.mutationkit.cosmic import Mutant, Score

    figures = tmp_path / "figures.json"
    old = {"package": "evidence", "score": 0.5, "killed": 1, "survived": ["x.py:1 AddNot: a"],
           "equivalent_excluded": 0, "pending": 9}
    figures.write_text(json.dumps({"goal": 0.9, "packages": [old]}))
    one = Score("evidence", killed=[Mutant("m.py", 3, "core/AddNot", "a")] * 3,
                survived=[Mutant("m.py", 12, "core/AddNot", "b")], equivalent=[Mutant("m.py", 5, "x", "c")],
                seconds=10)
    two = Score("evidence", killed=[Mutant("m.py", 4, "core/AddNot", "d")] * 4,
                survived=[Mutant("m.py", 2, "core/AddNot", "e")], equivalent=one.equivalent, seconds=30)
    assert not shards.record_shard(figures, two, {"commit": "old", "at": "t0"}, (2, 2))
    assert not shards.record_shard(figures, one, {"commit": "abc", "at": "t1"}, (1, 2))
    [entry] = json.loads(figures.read_text())["packages"]  # a part of another commit is dropped
    assert (entry["score"], entry["pending"], sorted(entry["shards"])) == (0.5, 9, ["1/2"])
    assert shards.record_shard(figures, two, {"commit": "abc", "at": "t2"}, (2, 2))
    [entry] = json.loads(figures.read_text())["packages"]
    assert entry == {"package": "evidence", "score": 7 / 9, "killed": 7,
                     "survived": ["m.py:2 AddNot: e", "m.py:12 AddNot: b"], "equivalent_excluded": 1,
                     "seconds": 30, "shard_count": 2, "commit": "abc", "at": "t1"}
    with pytest.raises(ValueError, match="K/N"):
        shards.parse("3/2")
