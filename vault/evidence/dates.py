"""Calendar arithmetic for the deadlines in DOMAIN.md §E.

Every function takes its numbers (months, days) as arguments so the rule data
stays the single place where they are set; the defaults only document the
values shipped in schema/rules/periods.toml.

Safer readings taken where sources conflict or are vague (the app gives no
legal advice, so when in doubt it warns earlier rather than later):

* **Six-month freshness** (§B.2, §E.4). "board − doc ≤ 6 months" and
  "doc + 6 months ≥ board" differ at month ends (a doc of 28 Feb is fresh for a
  31 Aug board under the first reading, stale under the second). We use the
  forward one, :func:`fresh_until`, which is never more lenient.
* **D + 20** (§E.2, §F.4). Restrictions *start* on D + 20 when the person has
  neither appeared nor confirmed a valid reason. We therefore treat D + 19 as
  the last safe day to send the confirmation (:func:`last_safe_day_to_confirm`),
  and the 30-day figure is read as a cap on the appearance date of an e-summons,
  not as a longer grace period (§F.4, `[P:klerk666016]` `[P:inforos]`).
* **AGS deadline** (§E.3, §F.13). "До 1 апреля" may or may not include 1 April;
  the last safe day is the day before (31 March), i.e. the dispatch start minus
  six months minus one day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from vault.errors import InvalidInput


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic, clamping to the month end (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def fresh_until(doc_date: date, months: int = 6) -> date:
    """Last day a document dated ``doc_date`` still counts as recent (inclusive)."""
    return add_months(doc_date, months)


def is_fresh(doc_date: date, on: date, months: int = 6) -> bool:
    """True when a document dated ``doc_date`` is at most ``months`` old on ``on``.

    Documents dated after ``on`` are not fresh "on" that day: they did not exist yet.
    """
    return doc_date <= on <= fresh_until(doc_date, months)


def window_start(on: date, months: int = 6) -> date:
    """Earliest document date that is fresh on ``on`` under :func:`is_fresh`.

    Found by stepping back from the clamped backward date, because the forward
    rule is the stricter one at month ends.
    """
    start = add_months(on, -months)
    while fresh_until(start, months) < on:
        start += timedelta(days=1)
    return start


def months_between_exceeds(earlier: date, later: date, months: int) -> bool:
    """True when ``later`` falls after ``earlier`` + ``months`` calendar months."""
    return later > add_months(earlier, months)


def restrictions_start(appear_on: date, days: int = 20) -> date:
    """Day restrictions begin if the person neither appeared nor confirmed a reason."""
    return appear_on + timedelta(days=days)


def last_safe_day_to_confirm(appear_on: date, days: int = 20) -> date:
    """Last day to send the valid-reason confirmation (the day before restrictions)."""
    return restrictions_start(appear_on, days) - timedelta(days=1)


def latest_e_summons_date(placed: date, days: int = 30) -> date:
    """Latest lawful appearance date of an e-summons placed on ``placed`` (inclusive)."""
    return placed + timedelta(days=days)


def paper_notice_ok(handed: date, appear_on: date, days: int = 3) -> bool:
    """Paper summons handed at least ``days`` before the appearance date."""
    return (appear_on - handed).days >= days


def registry_delivered(placed: date, days: int = 7) -> date:
    """Delivery date of a registry-only e-summons (placement + 7 days)."""
    return placed + timedelta(days=days)


@dataclass(frozen=True)
class DispatchPeriod:
    """A concrete dispatch window, e.g. "2026-autumn" = 1 Oct – 31 Dec 2026."""

    id: str
    season: str
    start: date
    end: date


def dispatch_period(
    period_id: str, windows: dict[str, tuple[tuple[int, int], tuple[int, int]]]
) -> DispatchPeriod:
    """Resolve "YYYY-season" using ``windows`` (season → ((month, day), (month, day)))."""
    year_text, _, season = period_id.partition("-")
    if not year_text.isdigit() or len(year_text) != 4 or season not in windows:
        raise InvalidInput(
            f"bad dispatch period {period_id!r} (expected e.g. 2026-autumn; "
            f"seasons: {', '.join(sorted(windows))})"
        )
    year = int(year_text)
    (sm, sd), (em, ed) = windows[season]
    return DispatchPeriod(period_id, season, date(year, sm, sd), date(year, em, ed))


def next_period(
    period: DispatchPeriod, windows: dict[str, tuple[tuple[int, int], tuple[int, int]]]
) -> DispatchPeriod:
    """The dispatch period that starts after ``period`` (autumn 2026 → spring 2027)."""
    year = period.start.year
    best: DispatchPeriod | None = None
    for candidate_year in (year, year + 1):
        for season in windows:
            cand = dispatch_period(f"{candidate_year}-{season}", windows)
            if cand.start > period.start and (best is None or cand.start < best.start):
                best = cand
    if best is None:  # unreachable with at least one window, which the loader guarantees
        raise InvalidInput("no dispatch periods configured")
    return best


def ags_last_safe_day(period: DispatchPeriod, months_before: int = 6) -> date:
    """Last safe day to send an AGS application for ``period`` (see module docstring)."""
    return add_months(period.start, -months_before) - timedelta(days=1)
