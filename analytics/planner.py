"""The judge's planner: what the day holds, which terms are running out, the cases by
stage, a month of hearings, and what the register says about each case's category.

Reads only; every function takes the judge whose planner it is (already authorised by
analytics.access) and answers in a fixed number of queries, however many cases they have.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Aggregate, Count, FloatField
from django.urls import reverse
from django.utils import timezone

from acts_registry.access import public_acts
from acts_registry.models import FIRST_INSTANCE_OUTCOMES, Outcome
from cases.models import OPEN_STATUSES, Case, CaseStatus, Deadline, DeadlineStatus
from hearings.models import Hearing, HearingStatus

DUE_SOON_DAYS = 7
CASE_LAW_YEARS = 3
OPEN_CASES_SHOWN = 200


class Median(Aggregate):
    """PostgreSQL's exact median of a column."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def _hearings_of(judge):
    return (
        Hearing.objects.filter(judge=judge)
        .exclude(status=HearingStatus.CANCELLED)
        .select_related("case", "room")
        .order_by("starts_at", "id")
    )


def hearings_today(*, judge, today: dt.date) -> list[Hearing]:
    start, end = _day_bounds(today)
    return list(_hearings_of(judge).filter(starts_at__gte=start, starts_at__lt=end))


def _rule_name(code: str) -> str:
    from cases.deadline_rules import rule_get

    try:
        return str(rule_get(code).name)
    except KeyError:  # a rule retired from the catalogue still names its old terms
        return code


@dataclass
class Deadlines:
    overdue: list[Deadline]
    due_soon: list[Deadline]


def deadlines_for(*, judge, today: dt.date) -> Deadlines:
    """Running terms of the judge's cases: past their day, and due within a week."""
    running = (
        Deadline.objects.filter(case__judge=judge, status=DeadlineStatus.OPEN)
        .filter(due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .select_related("case")
        .order_by("due_on", "id")
    )
    overdue, soon = [], []
    for deadline in running:
        deadline.label = _rule_name(deadline.rule_code)
        (overdue if deadline.due_on < today else soon).append(deadline)
    return Deadlines(overdue=overdue, due_soon=soon)


@dataclass
class Stage:
    status: str
    label: str
    count: int
    cases: list[Case] = field(default_factory=list)


def cases_by_stage(*, judge) -> list[Stage]:
    """Every status with the number of the judge's cases in it; the open ones listed."""
    counts = dict(
        Case.objects.filter(judge=judge).values_list("status").annotate(n=Count("pk")).order_by()
    )
    stages = {
        status: Stage(status, str(label), counts.get(status, 0))
        for status, label in CaseStatus.choices
    }
    open_cases = (
        Case.objects.filter(judge=judge, status__in=OPEN_STATUSES)
        .select_related("category")
        .order_by("registered_at", "id")[:OPEN_CASES_SHOWN]
    )
    for case in open_cases:
        stages[case.status].cases.append(case)
    return list(stages.values())


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    hearings: list[Hearing] = field(default_factory=list)


def month_calendar(*, judge, month: dt.date, today: dt.date) -> list[list[Day]]:
    """Weeks (Monday first) covering `month`, each day with the judge's hearings."""
    weeks_of_dates = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    first, last = weeks_of_dates[0][0], weeks_of_dates[-1][-1]
    start, _ignored = _day_bounds(first)
    _ignored, end = _day_bounds(last)
    by_day: dict[dt.date, list[Hearing]] = {}
    for hearing in _hearings_of(judge).filter(starts_at__gte=start, starts_at__lt=end):
        by_day.setdefault(timezone.localtime(hearing.starts_at).date(), []).append(hearing)
    return [
        [Day(day, day.month == month.month, day == today, by_day.get(day, [])) for day in week]
        for week in weeks_of_dates
    ]


@dataclass
class CaseLaw:
    """What the register holds for one category over recent years."""

    category_code: str
    category_name: str
    total: int
    outcomes: list[tuple[str, int, float]]  # (outcome label, count, share in %)
    median_awarded: float | None
    register_url: str


def _years_before(day: dt.date, years: int) -> dt.date:
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)
    return day.replace(year=day.year - years)


def case_law_summaries(*, categories: dict[str, str], today: dt.date) -> dict[str, CaseLaw]:
    """For each category code (→ its name), the outcomes of the first-instance acts
    published in the register over the last CASE_LAW_YEARS years and the median sum
    awarded where one was. Two queries whatever the number of categories."""
    if not categories:
        return {}
    since = _years_before(today, CASE_LAW_YEARS)
    acts = public_acts().filter(
        category_code__in=list(categories),
        issued_on__gte=since,
        outcome__in=list(FIRST_INSTANCE_OUTCOMES),
    )
    counts: dict[str, dict[str, int]] = {}
    for code, outcome, n in (
        acts.values_list("category_code", "outcome").annotate(n=Count("pk")).order_by()
    ):
        counts.setdefault(code, {})[outcome] = n
    medians = dict(
        acts.filter(awarded_amount__isnull=False)
        .values_list("category_code")
        .annotate(m=Median("awarded_amount"))
        .order_by()
    )
    labels = dict(Outcome.choices)
    register = reverse("register:search")
    summaries = {}
    for code, name in categories.items():
        by_outcome = counts.get(code, {})
        total = sum(by_outcome.values())
        outcomes = [
            (str(labels[o]), n, round(n * 100 / total, 1))
            for o, n in sorted(by_outcome.items(), key=lambda item: -item[1])
        ]
        summaries[code] = CaseLaw(
            category_code=code,
            category_name=name,
            total=total,
            outcomes=outcomes,
            median_awarded=medians.get(code),
            register_url=f"{register}?{urlencode({'category': code})}",
        )
    return summaries


@dataclass
class Planner:
    judge: object
    today: dt.date
    month: dt.date
    hearings_today: list
    deadlines: Deadlines
    stages: list[Stage]
    calendar: list[list[Day]]
    case_law: dict[str, CaseLaw]

    @property
    def open_cases(self) -> list[Case]:
        return [case for stage in self.stages for case in stage.cases]


def planner_for(*, judge, month: dt.date | None = None, today: dt.date | None = None) -> Planner:
    today = today or timezone.localdate()
    month = (month or today).replace(day=1)
    stages = cases_by_stage(judge=judge)
    categories = {
        case.category.code: str(case.category.name) for stage in stages for case in stage.cases
    }
    case_law = case_law_summaries(categories=categories, today=today)
    for stage in stages:
        for case in stage.cases:
            case.case_law = case_law[case.category.code]
    return Planner(
        judge=judge,
        today=today,
        month=month,
        hearings_today=hearings_today(judge=judge, today=today),
        deadlines=deadlines_for(judge=judge, today=today),
        stages=stages,
        calendar=month_calendar(judge=judge, month=month, today=today),
        case_law=case_law,
    )
