from __future__ import annotations

import dataclasses
import json
from datetime import date

from ev_factory import clean, gaps, with_summons

from vault.evidence.gap import Gap
from vault.evidence.gaps import IMPLEMENTED
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Settings, Summons

FIELDS = [
    "code",
    "severity",
    "message_ru",
    "message_en",
    "fix_ru",
    "fix_en",
    "source",
    "document_ids",
    "summons_ids",
    "letter_ids",
    "due",
]


def test_fields_and_json_shape(rules: Rules) -> None:
    assert [f.name for f in dataclasses.fields(Gap)] == FIELDS
    snap = with_summons(
        dataclasses.replace(clean(), settings=Settings()), Summons(1, date(2026, 4, 20), attended=False)
    )
    result = gaps(snap, rules)
    assert result
    for gap in result:
        data = gap.to_json()
        assert list(data) == FIELDS
        json.dumps(data, ensure_ascii=False)
        assert gap.source.startswith("[") or gap.source == "product rule"
        assert gap.code in IMPLEMENTED
    na01 = next(g for g in result if g.code == "NA-01").to_json()
    assert na01["summons_ids"] == [1] and na01["due"] == "2026-05-09"


def test_sorted_by_severity_then_due_then_code(rules: Rules) -> None:
    snap = with_summons(
        dataclasses.replace(clean(), settings=Settings()),
        Summons(1, date(2026, 4, 20), attended=False),
        Summons(2, date(2026, 4, 10), attended=False),
    )
    result = gaps(snap, rules)
    assert result == sorted(result, key=Gap.sort_key)
    order = ["blocker", "high", "medium", "low", "info"]
    ranks = [order.index(g.severity) for g in result]
    assert ranks == sorted(ranks)
    blockers = [g for g in result if g.severity == "blocker"]
    assert blockers[0].summons_ids == (2,)  # earlier due first
