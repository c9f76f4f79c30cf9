"""Rule data (schema/rules/*.toml) loaded into frozen values.

Everything that is a fact about the world rather than code (document kinds, the
Schedule of Diseases, periods, postal formats, word lists) lives in TOML so it
can be corrected without a release; ``[mem]`` facts ship with ``verified =
false``. :func:`load_rules` validates strictly and has no cache: the caller
keeps the returned :class:`Rules`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

import schema
from vault.errors import InvalidInput, RuleDataError
from vault.evidence import icd10
from vault.evidence.ruleextra import (
    Objective,
    Scenarios,
    load_objective,
    load_scenarios,
)
from vault.evidence.ruleio import Node, read_toml
from vault.evidence.snapshot import ELEMENTS
from vault.evidence.tracking import ALGORITHMS, TrackingFormat
from vault.evidence.wording import PhraseSet

DEFAULT_DIR = Path(schema.__file__).resolve().parent / "rules"
TERM_GROUPS = (
    "remission",
    "weakening",
    "disclosure",
    "disclosure_identity",
    "incapacity",
    "psychiatric",
)


@dataclass(frozen=True)
class DocumentKind:
    id: str
    label_ru: str
    label_en: str
    elements: tuple[str, ...]
    valid_reason: bool
    incapacity: bool
    single_day: bool
    needs_period: bool
    needs_diagnosis: bool
    needs_icd10: bool
    source: str


@dataclass(frozen=True)
class ElementInfo:
    id: str
    label_ru: str
    label_en: str
    source: str


@dataclass(frozen=True)
class SubItem:
    """One grade of an article: its category and the words that define it."""

    letter: str
    category: str
    terms: PhraseSet
    weakening: PhraseSet
    verified: bool
    source: str


@dataclass(frozen=True)
class Article:
    number: int
    title_ru: str
    title_en: str
    icd10: tuple[str, ...]
    psychiatric: bool
    verified: bool
    source: str
    subitems: tuple[SubItem, ...]

    def subitem(self, letter: str | None) -> SubItem | None:
        return next((s for s in self.subitems if s.letter == letter), None)


@dataclass(frozen=True)
class TermGroup:
    id: str
    phrases: PhraseSet
    verified: bool
    source: str
    allowed_when_icd10: tuple[str, ...]


@dataclass(frozen=True)
class IcdTerms:
    prefixes: tuple[str, ...]
    phrases: PhraseSet
    verified: bool
    source: str


@dataclass(frozen=True)
class Periods:
    current_state_months: int
    restrictions_after_days: int
    countdown_warning_days: int
    evasion_threshold: int
    e_summons_max_days: int
    e_summons_from: date
    registry_delivery_days: int
    paper_min_notice_days: int
    ags_months_before: int
    letter_answer_days: int
    dispatch: Mapping[str, tuple[tuple[int, int], tuple[int, int]]]
    sources: Mapping[str, str]


@dataclass(frozen=True)
class Rules:
    edition: str
    editions: tuple[str, ...]
    kinds: Mapping[str, DocumentKind]
    elements: Mapping[str, ElementInfo]
    articles: Mapping[int, Article]
    periods: Periods
    tracking: tuple[TrackingFormat, ...]
    terms: Mapping[str, TermGroup]
    negate_before: PhraseSet
    negate_after: PhraseSet
    icd_terms: tuple[IcdTerms, ...]
    objective: Objective
    scenarios: Scenarios

    def kind(self, kind_id: str) -> DocumentKind:
        """The kind, or ``other`` for an id the rules do not know."""
        return self.kinds.get(kind_id) or self.kinds["other"]


def _phrases(node: Node, key: str, default: object = None, *, nonempty: bool = False) -> PhraseSet:
    terms = node.strings(key, () if default is None else default, nonempty=nonempty)
    try:
        return PhraseSet.compile(terms)
    except InvalidInput as exc:
        raise node.fail(key, str(exc)) from None


def _kinds(root: Node) -> Mapping[str, DocumentKind]:
    kinds: dict[str, DocumentKind] = {}
    for n in root.tables("kinds"):
        kind = DocumentKind(
            id=n.text("id"),
            label_ru=n.text("label_ru"),
            label_en=n.text("label_en"),
            elements=n.strings("elements", ()),
            valid_reason=n.boolean("valid_reason", False),
            incapacity=n.boolean("incapacity", False),
            single_day=n.boolean("single_day", False),
            needs_period=n.boolean("needs_period", False),
            needs_diagnosis=n.boolean("needs_diagnosis", False),
            needs_icd10=n.boolean("needs_icd10", False),
            source=n.text("source"),
        )
        bad = [e for e in kind.elements if e not in ELEMENTS]
        if bad:
            raise n.fail("elements", f"unknown element {bad[0]!r}")
        if kind.id in kinds:
            raise n.fail("id", f"duplicate kind {kind.id!r}")
        n.close()
        kinds[kind.id] = kind
    root.close()
    if "other" not in kinds:
        raise root.fail("kinds", "the kind 'other' is required")
    return MappingProxyType(kinds)


def _elements(root: Node) -> Mapping[str, ElementInfo]:
    out: dict[str, ElementInfo] = {}
    for n in root.tables("elements"):
        info = ElementInfo(n.text("id"), n.text("label_ru"), n.text("label_en"), n.text("source"))
        if info.id not in ELEMENTS:
            raise n.fail("id", f"unknown element {info.id!r} (expected one of {', '.join(ELEMENTS)})")
        n.close()
        out[info.id] = info
    root.close()
    missing = [e for e in ELEMENTS if e not in out]
    if missing:
        raise root.fail("elements", f"element {missing[0]!r} is missing")
    return MappingProxyType(out)


def _icd_prefixes(node: Node, key: str) -> tuple[str, ...]:
    out: list[str] = []
    for spec in node.strings(key, ()):
        try:
            out.extend(icd10.expand_range(spec))
        except InvalidInput as exc:
            raise node.fail(key, str(exc)) from None
    return tuple(out)


def _articles(root: Node) -> tuple[str, tuple[str, ...], Mapping[int, Article]]:
    edition = root.text("edition")
    editions = root.strings("editions", nonempty=True)
    if edition not in editions:
        raise root.fail("edition", f"{edition!r} is not listed in editions")
    out: dict[int, Article] = {}
    for n in root.tables("articles"):
        subitems: list[SubItem] = []
        for s in n.tables("subitems", []):
            sub = SubItem(
                letter=s.text("letter"),
                category=s.text("category"),
                terms=_phrases(s, "terms", nonempty=True),
                weakening=_phrases(s, "weakening"),
                verified=s.boolean("verified"),
                source=s.text("source"),
            )
            if any(x.letter == sub.letter for x in subitems):
                raise s.fail("letter", f"duplicate sub-item {sub.letter!r}")
            s.close()
            subitems.append(sub)
        art = Article(
            number=n.integer("number", minimum=1),
            title_ru=n.text("title_ru"),
            title_en=n.text("title_en", ""),
            icd10=_icd_prefixes(n, "icd10"),
            psychiatric=n.boolean("psychiatric", False),
            verified=n.boolean("verified"),
            source=n.text("source"),
            subitems=tuple(subitems),
        )
        if art.number in out:
            raise n.fail("number", f"duplicate article {art.number}")
        n.close()
        out[art.number] = art
    root.close()
    return edition, editions, MappingProxyType(out)


def _periods(root: Node) -> Periods:
    sources: dict[str, str] = {}

    def section(key: str) -> Node:
        node = root.table(key)
        node.boolean("verified")
        sources[key] = node.text("source")
        return node

    cur, na, es = section("current_state"), section("non_appearance"), section("e_summons")
    paper, ags, letters = section("paper_summons"), section("ags"), section("letters")
    dispatch: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    for d in root.tables("dispatch"):
        season = d.text("id")
        start, end = d.month_day("start"), d.month_day("end")
        d.text("source")
        if start >= end:
            raise d.fail("end", "must be after start")
        if season in dispatch:
            raise d.fail("id", f"duplicate dispatch period {season!r}")
        d.close()
        dispatch[season] = (start, end)
    periods = Periods(
        current_state_months=cur.integer("months", minimum=1),
        restrictions_after_days=na.integer("restrictions_after_days", minimum=1),
        countdown_warning_days=na.integer("countdown_warning_days"),
        evasion_threshold=na.integer("evasion_threshold", minimum=1),
        e_summons_max_days=es.integer("max_days_after_placement", minimum=1),
        e_summons_from=es.day("applies_from"),
        registry_delivery_days=es.integer("registry_delivery_days"),
        paper_min_notice_days=paper.integer("min_notice_days"),
        ags_months_before=ags.integer("months_before_dispatch", minimum=1),
        letter_answer_days=letters.integer("answer_days", minimum=1),
        dispatch=MappingProxyType(dispatch),
        sources=MappingProxyType(sources),
    )
    for node in (cur, na, es, paper, ags, letters, root):
        node.close()
    return periods


def _tracking(root: Node) -> tuple[TrackingFormat, ...]:
    out: list[TrackingFormat] = []
    for n in root.tables("formats"):
        fmt = TrackingFormat(
            id=n.text("id"),
            label_ru=n.text("label_ru"),
            label_en=n.text("label_en"),
            pattern=n.text("pattern"),
            algorithm=n.text("algorithm"),
            weights=n.integers("weights"),
            body_start=n.integer("body_start"),
            check_index=n.integer("check_index"),
            source=n.text("source"),
        )
        if fmt.algorithm not in ALGORITHMS:
            raise n.fail("algorithm", f"unknown algorithm (expected one of {', '.join(ALGORITHMS)})")
        try:
            re.compile(fmt.pattern)
        except re.error as exc:
            raise n.fail("pattern", f"bad regular expression: {exc}") from None
        n.close()
        out.append(fmt)
    root.close()
    return tuple(out)


def _terms(root: Node) -> tuple[Mapping[str, TermGroup], PhraseSet, PhraseSet]:
    groups_node = root.table("groups")
    groups: dict[str, TermGroup] = {}
    for gid in groups_node.keys():
        g = groups_node.table(gid)
        groups[gid] = TermGroup(
            id=gid,
            phrases=_phrases(g, "terms", nonempty=True),
            verified=g.boolean("verified"),
            source=g.text("source"),
            allowed_when_icd10=g.strings("allowed_when_icd10", ()),
        )
        g.close()
    for required in TERM_GROUPS:
        if required not in groups:
            raise groups_node.fail(required, "missing group")
    neg = root.table("negation")
    before, after = _phrases(neg, "before"), _phrases(neg, "after")
    neg.close()
    groups_node.close()
    root.close()
    return MappingProxyType(groups), before, after


def _icd_terms(root: Node) -> tuple[IcdTerms, ...]:
    out: list[IcdTerms] = []
    for n in root.tables("entries"):
        prefixes = _icd_prefixes(n, "prefixes")
        if not prefixes:
            raise n.fail("prefixes", "must not be empty")
        out.append(
            IcdTerms(prefixes, _phrases(n, "terms", nonempty=True), n.boolean("verified"), n.text("source"))
        )
        n.close()
    root.close()
    return tuple(out)


def load_rules(directory: Path | None = None) -> Rules:
    """Load and validate every rule file; raise RuleDataError naming file and field."""
    base = directory or DEFAULT_DIR

    def node(name: str) -> Node:
        display = f"schema/rules/{name}" if directory is None else str(base / name)
        return read_toml(base / name, display)

    edition, editions, articles = _articles(node("articles.toml"))
    groups, before, after = _terms(node("terms.toml"))
    return Rules(
        edition=edition,
        editions=editions,
        kinds=_kinds(node("document_kinds.toml")),
        elements=_elements(node("elements.toml")),
        articles=articles,
        periods=_periods(node("periods.toml")),
        tracking=_tracking(node("tracking.toml")),
        terms=groups,
        negate_before=before,
        negate_after=after,
        icd_terms=_icd_terms(node("icd10_terms.toml")),
        objective=load_objective(node("objective.toml")),
        scenarios=load_scenarios(node("scenarios.toml")),
    )


__all__ = [
    "Article",
    "DocumentKind",
    "ElementInfo",
    "IcdTerms",
    "Periods",
    "RuleDataError",
    "Rules",
    "SubItem",
    "TermGroup",
    "load_rules",
]
