from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from vault.errors import RuleDataError
from vault.evidence.rules import DEFAULT_DIR, Rules, load_rules
from vault.evidence.snapshot import DOCUMENT_KINDS


def test_shipped_rules_load(rules: Rules) -> None:
    assert sorted(rules.kinds) == sorted(DOCUMENT_KINDS)
    assert len(rules.articles) == 88
    assert rules.articles[52].icd10 == ("J45", "J46")
    assert all(rules.articles[n].psychiatric for n in range(14, 21))
    assert rules.periods.restrictions_after_days == 20
    assert rules.periods.dispatch["autumn"] == ((10, 1), (12, 31))


def test_mem_facts_are_not_verified(rules: Rules) -> None:
    for art in rules.articles.values():
        for sub in art.subitems:
            if "[mem]" in sub.source and "[P:" not in sub.source:
                assert not sub.verified, (art.number, sub.letter)
        if art.source.strip() == "[mem]":
            assert not art.verified


@pytest.fixture
def rule_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def edit(directory: Path, name: str, old: str, new: str, count: int = 1) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def expect(directory: Path, name: str, field: str, problem: str) -> None:
    with pytest.raises(RuleDataError) as info:
        load_rules(directory)
    message = str(info.value)
    assert message.startswith(f"{directory / name}: {field}: "), message
    assert problem in message


def test_subitem_terms_wrong_type(rule_dir: Path) -> None:
    edit(
        rule_dir,
        "articles.toml",
        'terms = ["значительным нарушением функций", "значительное нарушение функций"]',
        'terms = "x"',
    )
    expect(rule_dir, "articles.toml", "articles[12].subitems[0].terms", "expected list of strings")


def test_unknown_key(rule_dir: Path) -> None:
    edit(rule_dir, "document_kinds.toml", 'id = "child_record"', 'id = "child_record"\ncolour = "red"')
    expect(rule_dir, "document_kinds.toml", "kinds[0].colour", "unknown field")


def test_missing_field(rule_dir: Path) -> None:
    edit(rule_dir, "elements.toml", 'label_en = "History: documented course of the condition"\n', "")
    expect(rule_dir, "elements.toml", "elements[0].label_en", "missing field")


def test_bad_date(rule_dir: Path) -> None:
    edit(rule_dir, "periods.toml", "applies_from = 2026-01-01", 'applies_from = "2026-13-01"')
    expect(rule_dir, "periods.toml", "e_summons.applies_from", "bad date")


def test_bad_month_day(rule_dir: Path) -> None:
    edit(rule_dir, "periods.toml", 'start = "04-01"', 'start = "04-31"')
    expect(rule_dir, "periods.toml", "dispatch[0].start", "no such date")


def test_wrong_integer(rule_dir: Path) -> None:
    edit(rule_dir, "periods.toml", "months = 6", 'months = "6"')
    expect(rule_dir, "periods.toml", "current_state.months", "expected integer")


def test_bool_is_not_an_integer(rule_dir: Path) -> None:
    edit(rule_dir, "tracking.toml", "body_start = 0", "body_start = true")
    expect(rule_dir, "tracking.toml", "formats[0].body_start", "expected integer")


def test_unknown_element(rule_dir: Path) -> None:
    edit(rule_dir, "document_kinds.toml", 'elements = ["history"]', 'elements = ["histroy"]')
    expect(rule_dir, "document_kinds.toml", "kinds[0].elements", "unknown element")


def test_bad_term_syntax(rule_dir: Path) -> None:
    edit(rule_dir, "terms.toml", '"=здоров"', '"="')
    expect(rule_dir, "terms.toml", "groups.remission.terms", "bad term")


def test_missing_term_group(rule_dir: Path) -> None:
    text = (rule_dir / "terms.toml").read_text(encoding="utf-8")
    text = re.sub(r"\[groups\.incapacity\].*?(?=\[groups\.psychiatric\])", "", text, flags=re.S)
    (rule_dir / "terms.toml").write_text(text, encoding="utf-8")
    expect(rule_dir, "terms.toml", "groups.incapacity", "missing group")


def test_bad_icd_range(rule_dir: Path) -> None:
    edit(rule_dir, "articles.toml", 'icd10 = ["J45-J46"]', 'icd10 = ["J46-J45"]')
    expect(rule_dir, "articles.toml", "articles[51].icd10", "bad ICD-10 range")


def test_duplicate_article(rule_dir: Path) -> None:
    edit(rule_dir, "articles.toml", "number = 2\n", "number = 1\n")
    expect(rule_dir, "articles.toml", "articles[1].number", "duplicate article")


def test_unknown_algorithm(rule_dir: Path) -> None:
    edit(rule_dir, "tracking.toml", 'algorithm = "mod10"', 'algorithm = "luhn"')
    expect(rule_dir, "tracking.toml", "formats[0].algorithm", "unknown algorithm")


def test_invalid_toml_and_missing_file(rule_dir: Path) -> None:
    (rule_dir / "elements.toml").write_text("[[elements]\nid = ", encoding="utf-8")
    with pytest.raises(RuleDataError, match=r"elements\.toml: invalid TOML"):
        load_rules(rule_dir)
    (rule_dir / "elements.toml").unlink()
    with pytest.raises(RuleDataError, match=r"elements\.toml: file not found"):
        load_rules(rule_dir)


def test_default_dir_messages_use_repo_relative_names(
    monkeypatch: pytest.MonkeyPatch, rule_dir: Path
) -> None:
    import vault.evidence.rules as rules_mod

    edit(rule_dir, "periods.toml", "months = 6", "months = 0")
    monkeypatch.setattr(rules_mod, "DEFAULT_DIR", rule_dir)
    with pytest.raises(
        RuleDataError, match=r"^schema/rules/periods\.toml: current_state\.months: must be >= 1"
    ):
        load_rules()


def test_objective_and_scenario_data_are_checked(rule_dir: Path) -> None:
    edit(rule_dir, "objective.toml", 'measures = ["fev1", "pef_var"]', 'measures = ["fev2"]')
    expect(rule_dir, "objective.toml", "evidence[2].measures", "unknown measure 'fev2'")


def test_numeric_rule_needs_a_bound(rule_dir: Path) -> None:
    edit(rule_dir, "objective.toml", 'measure = "bp_sys"\nmin = 180\n', 'measure = "bp_sys"\n')
    expect(rule_dir, "objective.toml", "numeric[0].min", "needs min, max, below or above")


def test_scenario_kit_items_must_exist(rule_dir: Path) -> None:
    edit(rule_dir, "scenarios.toml", 'required = ["psychiatrist"]', 'required = ["dentist"]')
    expect(rule_dir, "scenarios.toml", "scenarios[1].required", "unknown kit item 'dentist'")


def test_objective_thresholds_follow_domain(rules: Rules) -> None:
    [fev1] = [r for r in rules.objective.numeric_for(52, "а") if r.measure == "fev1"]
    assert fev1.holds(59) and not fev1.holds(60) and fev1.verified
    assert all(not r.verified for r in rules.objective.numeric if "[mem]" in r.source)
    assert rules.scenarios.registration_days == 14


def test_context_kinds_read_like_rules_kind(rules: Rules) -> None:
    from datetime import UTC, date, datetime

    from vault.evidence.checks.context import build_context
    from vault.evidence.snapshot import Document, Snapshot

    ids = (*rules.kinds, "no-such-kind", "")
    docs = tuple(Document(n, k, None, datetime(2026, 1, 1, tzinfo=UTC)) for n, k in enumerate(ids))
    kinds = build_context(Snapshot(documents=docs), None, date(2026, 5, 1), rules).kinds
    for kind_id in ids:
        assert kinds[kind_id] is rules.kind(kind_id)
    assert kinds["no-such-kind"].id == "other"
