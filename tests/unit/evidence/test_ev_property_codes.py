"""Properties over random vaults: NA-01 follows the covering document, and one code
means one finding (DOMAIN.md: a prompt never borrows a check's code)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from domain_codes import DOMAIN_SEVERITY
from ev_factory import clean, doc, gaps, med, receipt, sent_letter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault.evidence.gap import SEVERITIES
from vault.evidence.gaps import CHECKS, EARLIER_SEVERITIES, PROMPTS
from vault.evidence.rules import Rules
from vault.evidence.snapshot import (
    BoardDate,
    Letter,
    Profile,
    Settings,
    Snapshot,
    Summons,
)

DAY0 = date(2026, 1, 1)
days = st.integers(0, 200).map(lambda n: DAY0 + timedelta(days=n))
flags = st.sampled_from([None, True, False])


@st.composite
def summonses(draw: st.DrawFn, id: int) -> Summons:
    appear = draw(days)
    return Summons(
        id, appear,
        purpose=draw(st.sampled_from([None, "medical", "board"])),
        channel=draw(st.sampled_from([None, "paper", "mail", "registry"])),
        placed=draw(st.none() | st.just(appear - timedelta(days=draw(st.integers(1, 45))))),
        received=draw(st.none() | st.just(appear - timedelta(days=draw(st.integers(0, 10))))),
        attended=draw(flags), cabinet=draw(flags), address=draw(st.sampled_from(["", "ул. Мира, 2"])),
        followup=draw(st.sampled_from(["", "явился"])),
    )


@st.composite
def letters(draw: st.DrawFn, id: int) -> Letter:
    purpose = draw(st.sampled_from(["ags", "medical", "valid-reason", "complaint", "deregister", "register"]))
    letter = sent_letter(id, purpose, draw(days), 80 if draw(st.booleans()) else 999)
    return replace(
        letter,
        status=draw(st.sampled_from(["sent", "delivered", "returned"])),
        ags_period=draw(st.sampled_from([None, "2026-autumn", "2027-spring", "2026-winter"])),
        answered=draw(st.none() | days), hearing=draw(st.none() | days), refused=draw(st.none() | days),
        text=draw(st.sampled_from(["", "Прошу", "Я гей"])), valued=draw(flags),
        attachments=tuple(draw(st.lists(st.sampled_from(["autobiography", "reference"]), unique=True))),
    )


@st.composite
def vaults(draw: st.DrawFn) -> tuple[Snapshot, date, date | None]:
    base = clean()
    keep_links = draw(st.lists(st.sampled_from(base.links), unique=True))
    extra = [receipt(80, draw(days))]
    for i in range(draw(st.integers(0, 3))):
        start = draw(days)
        extra.append(doc(60 + i, draw(st.sampled_from(["sick_leave", "ambulance_certificate", "outgoing_letter"])),
                         start, period_start=start, period_end=start + timedelta(days=draw(st.integers(0, 9))),
                         doctor=draw(st.sampled_from(["", "Д"])), original_held=draw(flags),
                         ocr_confidence=tuple(draw(st.lists(st.integers(0, 100), max_size=2)))))
    snap = replace(
        base,
        documents=base.documents + tuple(extra),
        links=tuple(keep_links),
        summonses=tuple(draw(summonses(i)) for i in range(1, draw(st.integers(0, 3)) + 1)),
        letters=tuple(draw(letters(i)) for i in range(1, draw(st.integers(0, 3)) + 1)),
        board_dates=tuple(
            BoardDate(1, draw(days), category=draw(st.sampled_from([None, "Б-3", "Г", "В"])),
                      referred=draw(flags))
            for _ in range(draw(st.integers(0, 1)))
        ),
        profile=Profile(name="Иван", gender_scenario=draw(st.sampled_from(
            ["none", "amab-female-marker", "afab-male-marker", "f64"])),
            marker_changed_on=draw(st.none() | days), file_lacks_records=draw(flags)),
        settings=Settings(ags_target_period=draw(st.sampled_from([None, "2026-autumn", "bad"])),
                          schedule_edition=draw(st.sampled_from([None, "565-2013"]))),
    )
    today = draw(days)
    board = draw(st.none() | days.map(lambda d: d + timedelta(days=90)))
    return snap, today, board


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vaults())
def test_one_code_one_finding(rules: Rules, case: tuple[Snapshot, date, date | None]) -> None:
    snap, today, board = case
    domain = DOMAIN_SEVERITY
    said: dict[tuple[object, ...], str] = {}
    for gap in gaps(snap, rules, board, today):
        assert gap.code in CHECKS or gap.code in PROMPTS, gap.code
        if gap.code in CHECKS:
            allowed = {s for s in SEVERITIES if s in domain[gap.code]} | set(EARLIER_SEVERITIES.get(gap.code, ()))
            assert gap.severity in allowed, (gap.code, gap.severity, gap.message_en)
        else:
            assert gap.severity in ("info", "medium")  # a prompt never blocks
        subject = (gap.code, gap.document_ids, gap.summons_ids, gap.letter_ids, gap.due)
        assert said.setdefault(subject, gap.message_en) == gap.message_en, subject


@st.composite
def covered_summons(draw: st.DrawFn) -> tuple[Snapshot, date]:
    appear = DAY0 + timedelta(days=draw(st.integers(40, 200)))  # after clean()'s last attack (27 Jan)
    explicit = draw(st.booleans())
    start = appear - timedelta(days=draw(st.integers(0, 5)))
    kind = draw(st.sampled_from(["sick_leave", "discharge_summary", "ambulance_certificate"]))
    cover = med(70, kind, start, period_start=start, period_end=appear + timedelta(days=draw(st.integers(0, 5))))
    summons = Summons(1, appear, attended=draw(st.sampled_from([False, None])),
                      covering_document_ids=(70,) if explicit else ())
    noise = [doc(71 + i, "sick_leave", appear + timedelta(days=10 + i), period_start=appear + timedelta(days=10 + i),
                 period_end=appear + timedelta(days=12 + i)) for i in range(draw(st.integers(0, 2)))]
    base = clean()
    snap = replace(base, documents=base.documents + (cover, *noise), summonses=(summons,))
    return snap, appear + timedelta(days=draw(st.integers(1, 40)))


@settings(max_examples=80, deadline=None)
@given(covered_summons())
def test_removing_the_only_covering_document_raises_na01(rules: Rules, case: tuple[Snapshot, date]) -> None:
    snap, today = case
    assert not [g for g in gaps(snap, rules, None, today) if g.code == "NA-01"]
    gone = replace(snap, documents=tuple(d for d in snap.documents if d.id != 70))
    raised = [g for g in gaps(gone, rules, None, today) if g.code == "NA-01"]
    assert [g.summons_ids for g in raised] == [(1,)] and raised[0].severity == "blocker"
