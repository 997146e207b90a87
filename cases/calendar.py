"""Kazakhstan's court calendar: which days courts work and how procedural terms end.

Days off come from the `holidays` package (``country_holidays("KZ")``). Version 0.109, the one
pinned in requirements.lock, covers:

- the public holidays of the Law "On holidays in the Republic of Kazakhstan": 1-2 January,
  7 January (Orthodox Christmas), 8 March, 21-23 March (Nauryz), 1, 7 and 9 May, 6 July,
  30 August up to 2025, 25 October, 16 December, and the first day of Kurban Ait. From 2027
  Constitution Day is 15 March; 2026 has no Constitution Day at all (new Constitution, in
  force from 1 July 2026);
- Labour Code art. 85 moves: a holiday that falls on a Saturday or Sunday gives the next working
  day off, except Christmas and Kurban Ait;
- days off moved by Government decree (2000-2025): the weekday that becomes a day off, and the
  Saturday or Sunday that becomes a working day (``weekend_workdays``), e.g. Sunday 5 January
  2025 worked for Friday 3 January 2025.

Kurban Ait is estimated for years the package has not confirmed (2026: 27 May, which matches
the date announced in Kazakhstan). A decree published after the installed package goes into
DECREE_TRANSFERS below.
"""

from __future__ import annotations

import functools
from calendar import monthrange
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings

COURT_TIMEZONE = ZoneInfo("Asia/Almaty")
DEFAULT_WORKDAY_END = time(18, 30)

# Government decrees moving a day off (Labour Code art. 85(3); published on adilet.zan.kz) that
# the installed `holidays` package does not know yet: the Saturday or Sunday that becomes a
# working day -> the weekday that becomes a day off. The package carries every decree from 2000
# to 2025; none has been published for 2026. Remove an entry once the package carries it.
DECREE_TRANSFERS: dict[date, date] = {}

_SATURDAY = 5


@functools.lru_cache(maxsize=32)
def _year_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(weekdays off, weekend days worked) of one year."""
    kz = holidays.country_holidays("KZ", years=year)
    days_off = {day for day in kz if day.year == year}
    weekend_worked = {day for day in kz.weekend_workdays if day.year == year}
    for worked, rested in DECREE_TRANSFERS.items():
        if worked.year == year:
            weekend_worked.add(worked)
        if rested.year == year:
            days_off.add(rested)
    return frozenset(days_off), frozenset(weekend_worked)


def is_working_day(day: date) -> bool:
    if isinstance(day, datetime):
        raise TypeError("is_working_day() takes a date; use filing_effective_date() for moments")
    days_off, weekend_worked = _year_calendar(day.year)
    if day.weekday() >= _SATURDAY:
        return day in weekend_worked
    return day not in days_off


def next_working_day(day: date) -> date:
    """The first working day on or after `day`."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (before it when n is negative). `start` itself never
    counts, so a 5-working-day term from a Friday claim counts from Monday; n=0 returns `start`."""
    step = timedelta(days=1 if n >= 0 else -1)
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def add_calendar_days(start: date, n: int, *, roll_to_working_day: bool = True) -> date:
    """`start` + n days. A term that ends on a non-working day ends on the next working day
    (CPC RK art. 124, the rule this code follows); pass roll_to_working_day=False for the bare
    date."""
    end = start + timedelta(days=n)
    return next_working_day(end) if roll_to_working_day else end


def add_months(start: date, months: int, *, roll_to_working_day: bool = True) -> date:
    """The same day `months` later, or the last day of that month when it is shorter (a term in
    months ends on the matching date of its last month). Rolls like add_calendar_days()."""
    year, month_index = divmod(start.month - 1 + months, 12)
    year += start.year
    month = month_index + 1
    end = date(year, month, min(start.day, monthrange(year, month)[1]))
    return next_working_day(end) if roll_to_working_day else end


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; negative when `b` is before `a`, so
    working_days_between(a, b) == -working_days_between(b, a)."""
    if b < a:
        return -working_days_between(b, a)
    return sum(is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def court_workday_end() -> time:
    """settings.COURT_WORKDAY_END (a time or "HH:MM"), else 18:30, Almaty time."""
    value = getattr(settings, "COURT_WORKDAY_END", DEFAULT_WORKDAY_END)
    return time.fromisoformat(value) if isinstance(value, str) else value


def filing_effective_date(moment: datetime) -> date:
    """The day an online filing counts from: its Almaty date if it came in on a working day
    before the end of the court's working day (18:30 by default; 18:30:00 itself is after
    hours), else the next working day.

    Use it to start the court's own terms (e.g. deciding on acceptance of a claim). Whether a
    party met its own deadline is a different question: a filing made before 24:00 of the last
    day of a term is on time.

    Raises ValueError for a naive datetime, whose zone cannot be known.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("filing_effective_date() needs a timezone-aware datetime")
    local = moment.astimezone(COURT_TIMEZONE)
    day = local.date()
    if is_working_day(day) and local.time() < court_workday_end():
        return day
    return next_working_day(day + timedelta(days=1))
