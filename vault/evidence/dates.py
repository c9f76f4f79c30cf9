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
  the last safe day to send the confirmation (:func:`last_safe_day`),
  and the 30-day figure is read as a cap on the appearance date of an e-summons,
  not as a longer grace period (§F.4, `[P:klerk666016]` `[P:inforos]`).
* **Restrictions counted from placement** (§E.2, §F.4). One expert reading counts
  the 20 days from placement in the registry rather than from D. Where both are
  known we use the *earlier* of D + 20 and placement + 20
  (:func:`restrictions_reading`), and the gap message says so ("counted from
  placement, the earlier of the two readings").
* **Delivery moment** (§E.2, §F.3, NA-11). In person: the signature date;
  registered mail: the delivery date (variant: the send date); Gosuslugi cabinet:
  placement (variant: placement + 7 days); registry only: placement + 7 days.
  For deadlines the user must meet we use the earlier date of each pair
  (:func:`delivery_model`).
* **End of the exit ban** (§E.2, §F.5). It ends on appearance or when the
  dispatch period in which the summons was received ends. A summons received
  between two periods is read as belonging to the *next* period (the ban is then
  shown for longer, never for shorter: :func:`dispatch_end_on_or_after`).
* **Trans man registration** (§E.4, COR-11). "Within 2 weeks" of changing the
  documents: the change date + 14 days is the last day.
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
    year, month0 = divmod(day.year * 12 + (day.month - 1) + months, 12)
    try:  # the month length is looked up only when the day overflows (the gap report adds months often)
        return date(year, month0 + 1, day.day)
    except ValueError:
        return date(year, month0 + 1, calendar.monthrange(year, month0 + 1)[1])


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


def restrictions_reading(appear_on: date, placed: date | None, days: int = 20) -> tuple[date, bool]:
    """(day restrictions begin, True when counted from placement): the earlier reading."""
    from_d = restrictions_start(appear_on, days)
    if placed is None:
        return from_d, False
    from_placement = restrictions_start(placed, days)
    return (from_placement, True) if from_placement < from_d else (from_d, False)


def last_safe_day(appear_on: date, placed: date | None, days: int = 20) -> tuple[date, bool]:
    """Last day to confirm a valid reason under :func:`restrictions_reading`."""
    start, from_placement = restrictions_reading(appear_on, placed, days)
    return start - timedelta(days=1), from_placement


def delivery_model(
    channel: str | None, cabinet: bool | None, placed: date | None, received: date | None, days: int = 7
) -> tuple[str, date | None]:
    """(model id, deemed delivery day) per channel; the earlier variant where two exist."""
    if channel == "paper":
        return "paper_in_person", received
    if channel == "mail":
        return "registered_mail", received
    if channel == "registry" and cabinet:
        return "gosuslugi_cabinet", placed
    if channel == "registry":
        return "registry_only", registry_delivered(placed, days) if placed else None
    return "unknown", received


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


def dispatch_end_on_or_after(
    day: date, windows: dict[str, tuple[tuple[int, int], tuple[int, int]]]
) -> date:
    """End of the dispatch period containing ``day``, else of the next one to start."""
    best: date | None = None
    for year in (day.year, day.year + 1):
        for season in windows:
            period = dispatch_period(f"{year}-{season}", windows)
            if period.end >= day and (best is None or period.end < best):
                best = period.end
    if best is None:  # unreachable with at least one window, which the loader guarantees
        raise InvalidInput("no dispatch periods configured")
    return best


def registration_last_day(changed_on: date, days: int = 14) -> date:
    """Last day to apply for military registration after changing documents (§E.4)."""
    return changed_on + timedelta(days=days)


def ags_last_safe_day(period: DispatchPeriod, months_before: int = 6) -> date:
    """Last safe day to send an AGS application for ``period`` (see module docstring)."""
    return add_months(period.start, -months_before) - timedelta(days=1)
