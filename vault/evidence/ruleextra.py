"""Second-release rule data: objective evidence and numbers, and the opt-in scenarios.

Kept apart from ``rules.py`` (the first release's tables) so each file stays small;
``load_rules`` reads both. Same strictness: unknown keys and bad values fail with
the file and field named.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from vault.errors import InvalidInput
from vault.evidence.findings import MEASURES
from vault.evidence.ruleio import Node
from vault.evidence.wording import PhraseSet

SCENARIO_IDS = ("amab-female-marker", "afab-male-marker", "f64")


@dataclass(frozen=True)
class ObjectiveEvidence:
    """What a fresh current-state document must show for one article (MED-10)."""

    article: int
    label_ru: str
    label_en: str
    terms: PhraseSet
    measures: tuple[str, ...]
    verified: bool
    source: str


@dataclass(frozen=True)
class NumericRule:
    """One sub-item threshold on one measure (WRD-03)."""

    article: int
    subitem: str
    measure: str
    min: float | None
    max: float | None
    below: float | None
    above: float | None
    verified: bool
    source: str

    def holds(self, value: float) -> bool:
        return (
            (self.min is None or value >= self.min)
            and (self.max is None or value <= self.max)
            and (self.below is None or value < self.below)
            and (self.above is None or value > self.above)
        )

    def describe(self) -> str:
        parts = []
        for sign, bound in (("≥", self.min), ("≤", self.max), ("<", self.below), (">", self.above)):
            if bound is not None:
                parts.append(f"{sign} {bound:g}")
        return f"{self.measure} {', '.join(parts)}"


@dataclass(frozen=True)
class Frequency:
    terms: PhraseSet
    episode_kinds: tuple[str, ...]
    min_episodes: int
    months: int
    verified: bool
    source: str


@dataclass(frozen=True)
class KitItem:
    id: str
    label_ru: str
    label_en: str
    specialty: PhraseSet
    terms: PhraseSet
    icd10: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Scenarios:
    registration_days: int
    registration_source: str
    deregistration_source: str
    kit: Mapping[str, KitItem]
    required: Mapping[str, tuple[str, ...]]
    optional: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Objective:
    evidence: Mapping[int, ObjectiveEvidence]
    numeric: tuple[NumericRule, ...]
    frequency: Frequency

    def numeric_for(self, article: int, subitem: str | None) -> tuple[NumericRule, ...]:
        return tuple(r for r in self.numeric if r.article == article and r.subitem == subitem)


def _phrases(node: Node, key: str) -> PhraseSet:
    try:
        return PhraseSet.compile(node.strings(key, ()))
    except InvalidInput as exc:
        raise node.fail(key, str(exc)) from None


def _measures(node: Node, key: str) -> tuple[str, ...]:
    values = node.strings(key, ())
    bad = [m for m in values if m not in MEASURES]
    if bad:
        raise node.fail(key, f"unknown measure {bad[0]!r} (known: {', '.join(MEASURES)})")
    return values


def load_objective(root: Node) -> Objective:
    evidence: dict[int, ObjectiveEvidence] = {}
    for n in root.tables("evidence", []):
        item = ObjectiveEvidence(
            n.integer("article", minimum=1), n.text("label_ru"), n.text("label_en"),
            _phrases(n, "terms"), _measures(n, "measures"), n.boolean("verified"), n.text("source"),
        )
        n.close()
        evidence[item.article] = item
    numeric: list[NumericRule] = []
    for n in root.tables("numeric", []):
        measure = n.text("measure")
        if measure not in MEASURES:
            raise n.fail("measure", f"unknown measure {measure!r}")
        rule = NumericRule(
            n.integer("article", minimum=1), n.text("subitem"), measure, n.number("min", None),
            n.number("max", None), n.number("below", None), n.number("above", None),
            n.boolean("verified"), n.text("source"),
        )
        if (rule.min, rule.max, rule.below, rule.above) == (None, None, None, None):
            raise n.fail("min", "a numeric rule needs min, max, below or above")
        n.close()
        numeric.append(rule)
    f = root.table("frequency")
    frequency = Frequency(
        _phrases(f, "terms"), f.strings("episode_kinds", nonempty=True), f.integer("min_episodes", minimum=1),
        f.integer("months", minimum=1), f.boolean("verified"), f.text("source"),
    )
    f.close()
    root.close()
    return Objective(MappingProxyType(evidence), tuple(numeric), frequency)


def load_scenarios(root: Node) -> Scenarios:
    kit: dict[str, KitItem] = {}
    for n in root.tables("kit"):
        item = KitItem(
            n.text("id"), n.text("label_ru"), n.text("label_en"), _phrases(n, "specialty"),
            _phrases(n, "terms"), n.strings("icd10", ()), n.text("source"),
        )
        n.close()
        kit[item.id] = item
    required: dict[str, tuple[str, ...]] = {}
    optional: dict[str, tuple[str, ...]] = {}
    for n in root.tables("scenarios"):
        sid = n.text("id")
        if sid not in SCENARIO_IDS:
            raise n.fail("id", f"unknown scenario {sid!r}")
        required[sid], optional[sid] = n.strings("required", ()), n.strings("optional", ())
        unknown = [k for k in required[sid] + optional[sid] if k not in kit]
        if unknown:
            raise n.fail("required", f"unknown kit item {unknown[0]!r}")
        n.close()
    out = Scenarios(
        root.integer("registration_days", minimum=1), root.text("registration_source"),
        root.text("deregistration_source"), MappingProxyType(kit), MappingProxyType(required),
        MappingProxyType(optional),
    )
    root.close()
    return out
