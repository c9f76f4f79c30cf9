from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vault.errors import InvalidInput
from vault.evidence import dates

WINDOWS = {"spring": ((4, 1), (7, 15)), "autumn": ((10, 1), (12, 31))}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -6, date(2025, 7, 15)),
        (date(2025, 12, 31), 1, date(2026, 1, 31)),
    ],
)
def test_add_months_clamps(start: date, months: int, expected: date) -> None:
    assert dates.add_months(start, months) == expected


def test_exactly_six_months_is_fresh_one_day_more_is_not() -> None:
    assert dates.is_fresh(date(2026, 1, 15), date(2026, 7, 15))
    assert not dates.is_fresh(date(2026, 1, 14), date(2026, 7, 15))
    assert not dates.is_fresh(date(2026, 7, 16), date(2026, 7, 15))  # after the day: did not exist


def test_month_end_uses_the_stricter_reading() -> None:
    # board − 6 months = 28 Feb, but 28 Feb + 6 months = 28 Aug < 31 Aug: stale.
    assert not dates.is_fresh(date(2025, 2, 28), date(2025, 8, 31))
    assert dates.is_fresh(date(2025, 2, 28), date(2025, 8, 28))
    assert dates.window_start(date(2025, 8, 31)) == date(2025, 3, 1)
    # 31 Aug + 6 months clamps to 28/29 Feb.
    assert dates.fresh_until(date(2025, 8, 31)) == date(2026, 2, 28)
    assert dates.fresh_until(date(2023, 8, 31)) == date(2024, 2, 29)


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(1, 24))
def test_forward_reading_never_more_lenient(on: date, months: int) -> None:
    start = dates.window_start(on, months)
    assert dates.is_fresh(start, on, months)
    assert not dates.is_fresh(start - timedelta(days=1), on, months)
    assert start >= dates.add_months(on, -months)


def test_d_plus_20() -> None:
    d = date(2026, 3, 10)
    assert dates.restrictions_start(d) == date(2026, 3, 30)
    assert dates.last_safe_day(d, None) == (date(2026, 3, 29), False)


def test_restrictions_counted_from_placement_when_earlier() -> None:
    d = date(2026, 3, 10)
    assert dates.restrictions_reading(d, date(2026, 2, 20)) == (date(2026, 3, 12), True)
    assert dates.last_safe_day(d, date(2026, 2, 20)) == (date(2026, 3, 11), True)
    assert dates.restrictions_reading(d, date(2026, 3, 15)) == (date(2026, 3, 30), False)  # D+20 earlier


def test_delivery_models_take_the_earlier_variant() -> None:
    placed, got = date(2026, 3, 1), date(2026, 3, 4)
    assert dates.delivery_model("registry", True, placed, None) == ("gosuslugi_cabinet", placed)
    assert dates.delivery_model("registry", None, placed, None) == ("registry_only", date(2026, 3, 8))
    assert dates.delivery_model("paper", None, None, got) == ("paper_in_person", got)
    assert dates.delivery_model("mail", None, None, got) == ("registered_mail", got)


def test_exit_ban_ends_with_the_dispatch_period_received_in() -> None:
    windows = {"spring": ((4, 1), (7, 15)), "autumn": ((10, 1), (12, 31))}
    assert dates.dispatch_end_on_or_after(date(2026, 5, 2), windows) == date(2026, 7, 15)
    assert dates.dispatch_end_on_or_after(date(2026, 8, 2), windows) == date(2026, 12, 31)  # between: next
    assert dates.dispatch_end_on_or_after(date(2026, 12, 31), windows) == date(2026, 12, 31)


def test_registration_two_weeks() -> None:
    assert dates.registration_last_day(date(2026, 3, 1)) == date(2026, 3, 15)


def test_e_summons_cap_inclusive() -> None:
    assert dates.latest_e_summons_date(date(2026, 1, 10)) == date(2026, 2, 9)


def test_paper_notice() -> None:
    assert dates.paper_notice_ok(date(2026, 3, 1), date(2026, 3, 4))
    assert not dates.paper_notice_ok(date(2026, 3, 2), date(2026, 3, 4))


def test_registry_delivery() -> None:
    assert dates.registry_delivered(date(2026, 3, 1)) == date(2026, 3, 8)


def test_dispatch_and_ags_deadlines() -> None:
    autumn = dates.dispatch_period("2026-autumn", WINDOWS)
    assert (autumn.start, autumn.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert dates.ags_last_safe_day(autumn) == date(2026, 3, 31)
    spring = dates.next_period(autumn, WINDOWS)
    assert spring.id == "2027-spring"
    assert dates.ags_last_safe_day(spring) == date(2026, 9, 30)
    assert dates.next_period(spring, WINDOWS).id == "2027-autumn"


@pytest.mark.parametrize("bad", ["2026", "autumn-2026", "2026-winter", "26-autumn", ""])
def test_bad_period_ids(bad: str) -> None:
    with pytest.raises(InvalidInput):
        dates.dispatch_period(bad, WINDOWS)


def test_dispatch_end_after_the_last_period_of_a_year_is_in_the_next_year() -> None:
    """With an autumn call-up that ends before 31 December, a summons received at the very
    end of the year belongs to the next spring's call-up (the exit ban lasts until then)."""
    windows = {"spring": ((4, 1), (7, 15)), "autumn": ((10, 1), (12, 20))}
    assert dates.dispatch_end_on_or_after(date(2026, 12, 25), windows) == date(2027, 7, 15)


def _months_later(day: date, months: int) -> date:
    """The reference: step month by month, clamping only at the end."""
    import calendar

    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(-60, 60))
def test_add_months_equals_the_calendar_reference(day: date, months: int) -> None:
    # add_months looks the month length up only when the day overflows the month.
    assert dates.add_months(day, months) == _months_later(day, months)


@pytest.mark.parametrize("day", [28, 29, 30, 31])
def test_add_months_clamps_every_late_day_into_february(day: int) -> None:
    assert dates.add_months(date(2025, 1, day), 1) == date(2025, 2, 28)
    assert dates.add_months(date(2024, 1, day), 1) == date(2024, 2, min(day, 29))
