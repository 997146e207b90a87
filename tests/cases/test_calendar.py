"""Dates checked against holidays==0.109 (country_holidays("KZ")) and the published calendars
of Kazakhstan for 2025 and 2026."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from cases import calendar
from cases.calendar import (
    add_calendar_days,
    add_months,
    add_working_days,
    filing_effective_date,
    is_working_day,
    working_days_between,
)

ALMATY = ZoneInfo("Asia/Almaty")


def almaty(*args: int) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 6),  # Monday after the New Year break
        date(2025, 2, 12),
        date(2025, 3, 20),  # eve of Nauryz
        date(2025, 3, 26),  # first working day after Nauryz
        date(2025, 6, 5),  # eve of Kurban Ait
        date(2026, 1, 5),
        date(2026, 3, 26),
        date(2026, 5, 8),  # Friday between 7 and 9 May: no decree moved it in 2026
    ],
)
def test_ordinary_weekday_is_working_day(day):
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2025, 2, 15), date(2025, 2, 16), date(2026, 11, 7), date(2026, 11, 8)],
)
def test_weekend_is_not_working_day(day):
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2025, 1, 1), id="new-year-2025-1"),
        pytest.param(date(2025, 1, 2), id="new-year-2025-2"),
        pytest.param(date(2026, 1, 1), id="new-year-2026-1"),
        pytest.param(date(2026, 1, 2), id="new-year-2026-2"),
        pytest.param(date(2025, 1, 7), id="christmas-2025"),
        pytest.param(date(2026, 1, 7), id="christmas-2026"),
        pytest.param(date(2025, 3, 8), id="womens-day-2025-saturday"),
        pytest.param(date(2025, 3, 10), id="womens-day-2025-moved-to-monday"),
        pytest.param(date(2026, 3, 9), id="womens-day-2026-moved-to-monday"),
        pytest.param(date(2025, 3, 21), id="nauryz-2025-21"),
        pytest.param(date(2025, 3, 24), id="nauryz-2025-22-moved"),
        pytest.param(date(2025, 3, 25), id="nauryz-2025-23-moved"),
        pytest.param(date(2026, 3, 23), id="nauryz-2026-23"),
        pytest.param(date(2026, 3, 24), id="nauryz-2026-21-moved"),
        pytest.param(date(2026, 3, 25), id="nauryz-2026-22-moved"),
        pytest.param(date(2025, 5, 1), id="unity-day-2025"),
        pytest.param(date(2026, 5, 1), id="unity-day-2026"),
        pytest.param(date(2025, 5, 7), id="defender-day-2025"),
        pytest.param(date(2026, 5, 7), id="defender-day-2026"),
        pytest.param(date(2025, 5, 9), id="victory-day-2025"),
        pytest.param(date(2026, 5, 11), id="victory-day-2026-moved-to-monday"),
        pytest.param(date(2025, 6, 6), id="kurban-ait-2025"),
        pytest.param(date(2026, 5, 27), id="kurban-ait-2026-estimated"),
        pytest.param(date(2025, 7, 7), id="capital-day-2025-moved-to-monday"),
        pytest.param(date(2026, 7, 6), id="capital-day-2026"),
        pytest.param(date(2025, 8, 30), id="constitution-day-2025-saturday"),
        pytest.param(date(2025, 9, 1), id="constitution-day-2025-moved-to-monday"),
        pytest.param(date(2025, 10, 27), id="republic-day-2025-moved-to-monday"),
        pytest.param(date(2026, 10, 26), id="republic-day-2026-moved-to-monday"),
        pytest.param(date(2025, 12, 16), id="independence-day-2025"),
        pytest.param(date(2026, 12, 16), id="independence-day-2026"),
    ],
)
def test_public_holiday_is_not_working_day(day):
    assert not is_working_day(day)


def test_2026_has_no_constitution_day():
    # The new Constitution moved Constitution Day to 15 March from 2027; 2026 keeps neither date.
    assert is_working_day(date(2026, 8, 31))


def test_decree_moves_day_off_from_sunday_5_to_friday_3_january_2025():
    assert not is_working_day(date(2025, 1, 3))
    assert is_working_day(date(2025, 1, 5))


def test_datetime_is_refused():
    with pytest.raises(TypeError):
        is_working_day(datetime(2025, 2, 12, 10, 0, tzinfo=ALMATY))


@pytest.fixture
def decree_for_may_2026(monkeypatch):
    monkeypatch.setattr(calendar, "DECREE_TRANSFERS", {date(2026, 5, 16): date(2026, 5, 8)})
    calendar._year_calendar.cache_clear()
    yield
    calendar._year_calendar.cache_clear()


def test_decree_missing_from_package_is_read_from_module_table(decree_for_may_2026):
    assert not is_working_day(date(2026, 5, 8))
    assert is_working_day(date(2026, 5, 16))
    assert add_working_days(date(2026, 5, 6), 1) == date(2026, 5, 12)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 2, 10), 4, date(2025, 2, 14)),
        (date(2025, 2, 14), 1, date(2025, 2, 17)),
        (date(2025, 3, 19), 5, date(2025, 3, 31)),  # across Nauryz
        (date(2025, 3, 20), 1, date(2025, 3, 26)),
        (date(2025, 1, 2), 1, date(2025, 1, 5)),  # the working Sunday of 2025
        (date(2025, 12, 29), 5, date(2026, 1, 8)),  # New Year and Christmas
        (date(2026, 4, 30), 5, date(2026, 5, 12)),  # 1, 7 and 11 May
        (date(2026, 5, 26), 1, date(2026, 5, 28)),  # Kurban Ait
        (date(2025, 3, 26), -2, date(2025, 3, 19)),
        (date(2025, 2, 14), 0, date(2025, 2, 14)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 2, 3), 10, date(2025, 2, 13)),
        (date(2025, 2, 5), 10, date(2025, 2, 17)),  # Saturday -> Monday
        (date(2025, 2, 19), 30, date(2025, 3, 26)),  # Nauryz -> first day after it
        (date(2025, 5, 2), 7, date(2025, 5, 12)),  # Victory Day, then the weekend
        (date(2025, 12, 2), 30, date(2026, 1, 5)),  # 1 January
        (date(2026, 5, 20), 7, date(2026, 5, 28)),  # Kurban Ait
        (date(2026, 12, 9), 7, date(2026, 12, 17)),  # Independence Day
    ],
)
def test_term_ending_on_non_working_day_rolls_to_next_working_day(start, n, expected):
    assert add_calendar_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2025, 2, 19), 30, date(2025, 3, 21)),
        (date(2025, 2, 5), 10, date(2025, 2, 15)),
    ],
)
def test_add_calendar_days_without_rolling_keeps_bare_date(start, n, expected):
    assert add_calendar_days(start, n, roll_to_working_day=False) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 8, 29), 4, date(2025, 12, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # shorter month: its last day
        (date(2026, 1, 31), 1, date(2026, 3, 2)),  # 28 February 2026 is a Saturday
        (date(2025, 2, 21), 1, date(2025, 3, 26)),  # 21 March: Nauryz
        (date(2025, 9, 23), 6, date(2026, 3, 26)),  # 23 March 2026: Nauryz
        (date(2025, 11, 10), 2, date(2026, 1, 12)),  # across the year end
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_add_months_without_rolling_keeps_bare_date():
    assert add_months(date(2026, 1, 31), 1, roll_to_working_day=False) == date(2026, 2, 28)


WORKING_DAY_SPANS = [
    (date(2025, 2, 14), date(2025, 2, 14), 0),
    (date(2025, 2, 10), date(2025, 2, 14), 4),
    (date(2025, 2, 14), date(2025, 2, 17), 1),
    (date(2025, 3, 20), date(2025, 3, 31), 4),
    (date(2025, 12, 31), date(2026, 1, 8), 3),
    (date(2025, 1, 1), date(2025, 12, 31), 246),  # 261 weekdays - 16 days off + 5 January
]


@pytest.mark.parametrize(("a", "b", "expected"), WORKING_DAY_SPANS)
def test_working_days_between(a, b, expected):
    assert working_days_between(a, b) == expected


@pytest.mark.parametrize(("a", "b", "expected"), WORKING_DAY_SPANS)
def test_working_days_between_reversed_is_negated(a, b, expected):
    assert working_days_between(b, a) == -expected


@pytest.mark.parametrize(("a", "b", "expected"), WORKING_DAY_SPANS)
def test_adding_the_count_of_working_days_between_leads_back(a, b, expected):
    assert add_working_days(a, working_days_between(a, b)) == b


def test_almaty_is_utc_plus_5():
    # Kazakhstan moved to a single UTC+5 zone on 1 March 2024; stale tzdata still says +6.
    assert almaty(2025, 6, 1, 12, 0).utcoffset() == timedelta(hours=5)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(almaty(2025, 2, 12, 8, 0), date(2025, 2, 12), id="before-opening"),
        pytest.param(almaty(2025, 2, 12, 18, 29), date(2025, 2, 12), id="18-29"),
        pytest.param(almaty(2025, 2, 12, 18, 30), date(2025, 2, 13), id="18-30"),
        pytest.param(almaty(2025, 2, 12, 18, 31), date(2025, 2, 13), id="18-31"),
        pytest.param(almaty(2025, 2, 14, 18, 31), date(2025, 2, 17), id="friday-evening"),
        pytest.param(almaty(2025, 2, 15, 10, 0), date(2025, 2, 17), id="saturday"),
        pytest.param(almaty(2025, 2, 16, 23, 59), date(2025, 2, 17), id="sunday-night"),
        pytest.param(almaty(2025, 3, 20, 17, 0), date(2025, 3, 20), id="nauryz-eve-in-hours"),
        pytest.param(almaty(2025, 3, 20, 18, 31), date(2025, 3, 26), id="nauryz-eve-late"),
        pytest.param(almaty(2026, 3, 20, 18, 31), date(2026, 3, 26), id="nauryz-eve-2026"),
        pytest.param(almaty(2025, 3, 21, 11, 0), date(2025, 3, 26), id="on-nauryz"),
        pytest.param(almaty(2025, 1, 5, 12, 0), date(2025, 1, 5), id="working-sunday"),
    ],
)
def test_filing_effective_date_in_almaty(moment, expected):
    assert filing_effective_date(moment) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(datetime(2025, 2, 12, 13, 29, tzinfo=UTC), date(2025, 2, 12), id="18-29"),
        pytest.param(datetime(2025, 2, 12, 13, 31, tzinfo=UTC), date(2025, 2, 13), id="18-31"),
        # 20:00 UTC is already 01:00 of the next Almaty day, before its working hours.
        pytest.param(datetime(2025, 2, 12, 20, 0, tzinfo=UTC), date(2025, 2, 13), id="next-day"),
        pytest.param(datetime(2025, 3, 20, 13, 31, tzinfo=UTC), date(2025, 3, 26), id="nauryz"),
        pytest.param(datetime(2025, 12, 31, 19, 30, tzinfo=UTC), date(2026, 1, 5), id="new-year"),
        pytest.param(
            datetime(2025, 2, 12, 16, 29, tzinfo=timezone(timedelta(hours=3))),
            date(2025, 2, 12),
            id="moscow-time",
        ),
    ],
)
def test_filing_effective_date_converts_to_almaty(moment, expected):
    assert filing_effective_date(moment) == expected


def test_naive_filing_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        filing_effective_date(datetime(2025, 2, 12, 10, 0))  # noqa: DTZ001


@pytest.mark.parametrize("workday_end", [time(17, 0), "17:00"])
def test_workday_end_comes_from_settings(settings, workday_end):
    settings.COURT_WORKDAY_END = workday_end
    assert filing_effective_date(almaty(2025, 2, 12, 16, 59)) == date(2025, 2, 12)
    assert filing_effective_date(almaty(2025, 2, 12, 17, 0)) == date(2025, 2, 13)
