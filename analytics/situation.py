"""Computing the situation center's indicators: scopes (the country, a region, a court, a
judge), periods, and the small vocabulary the registry in analytics.indicators is written in.

Every figure is one aggregate query (or two for a ratio) over the rows of one source,
narrowed to the scope and the period in the database: nothing loops over cases in Python,
so the cost grows with the indexes, not with the number of cases. Monthly series are the
same query grouped by month; breakdowns by unit run it once per unit shown.

A source that cannot be narrowed to a level (the anonymous questionnaire knows the court,
never the judge) answers None there, shown as "not applicable" rather than as a zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DateField,
    DateTimeField,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import CourtStaff, Position


class Level:
    NATIONAL = "national"
    REGION = "region"
    COURT = "court"
    JUDGE = "judge"

    ALL = (NATIONAL, REGION, COURT, JUDGE)
    LABELS = {
        NATIONAL: _("Country"),
        REGION: _("Region"),
        COURT: _("Court"),
        JUDGE: _("Judge"),
    }


class Unit:
    COUNT = "count"
    PERCENT = "percent"
    DAYS = "days"
    KZT = "kzt"
    RATING = "rating"
    PER_JUDGE = "per_judge"

    LABELS = {
        COUNT: _("number"),
        PERCENT: "%",
        DAYS: _("days"),
        KZT: _("KZT"),
        RATING: _("points of 5"),
        PER_JUDGE: _("cases per judge"),
    }


@dataclass(frozen=True)
class Scope:
    """Whose figures: the whole country (`unit` None), a Region, a Court or a judge (User)."""

    level: str
    unit: object = None

    @property
    def label(self) -> str:
        if self.unit is None:
            return str(Level.LABELS[Level.NATIONAL])
        if self.level == Level.JUDGE:
            return self.unit.short_name
        return str(self.unit.name)

    @property
    def key(self) -> str:
        """The unit as the page and the API name it (`unit=`)."""
        if self.unit is None:
            return ""
        return str(self.unit.pk) if self.level == Level.JUDGE else self.unit.code

    def value_for(self, path: str):
        # Acts keep their court and region as codes (a snapshot that outlives renames);
        # everything else points at the row.
        return self.unit.code if path.endswith("_code") else self.unit.pk


@dataclass(frozen=True)
class Period:
    """Calendar days from `start` to `end`, both included, in the court's time zone."""

    start: dt.date
    end: dt.date

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_before(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min)
        )

    def months(self) -> list[dt.date]:
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return months


class Epoch(Func):
    """Seconds in an interval (PostgreSQL's EXTRACT(EPOCH FROM ...))."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def days_between(start: str, end: str):
    return Epoch(F(end) - F(start)) / 86400.0


def _field_at(qs: QuerySet, path: str):
    if path in qs.query.annotations:
        return qs.query.annotations[path].output_field
    model, parts = qs.model, path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def _is_date_only(qs: QuerySet, path: str) -> bool:
    found = _field_at(qs, path)
    return isinstance(found, DateField) and not isinstance(found, DateTimeField)


@dataclass(frozen=True)
class Source:
    """The rows a measure aggregates: where they come from, which field places a row in
    time, and the lookups that narrow them to a region, a court or a judge (None: the
    source does not know that level). `narrow` replaces the lookups for sources that reach
    their unit only indirectly (an invoice names its filing by id)."""

    rows: Callable[[], QuerySet]
    date: str
    region: str | None = None
    court: str | None = None
    judge: str | None = None
    narrow: Callable[[QuerySet, Scope], QuerySet | None] | None = None

    def scoped(self, scope: Scope) -> QuerySet | None:
        qs = self.rows()
        if scope.level == Level.NATIONAL:
            return qs
        if self.narrow is not None:
            return self.narrow(qs, scope)
        path = getattr(self, scope.level)
        if path is None:
            return None
        return qs.filter(**{path: scope.value_for(path)})

    def in_period(self, scope: Scope, period: Period) -> QuerySet | None:
        qs = self.scoped(scope)
        if qs is None:
            return None
        if _is_date_only(qs, self.date):
            return qs.filter(**{f"{self.date}__gte": period.start, f"{self.date}__lte": period.end})
        return qs.filter(
            **{f"{self.date}__gte": period.start_at, f"{self.date}__lt": period.end_before}
        )


def _count():
    return Count("pk")


def _number(value) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else value


@dataclass(frozen=True)
class Measure:
    """An aggregate (count by default) of a source's rows that match `where`."""

    source: Source
    where: Q = field(default_factory=Q)
    aggregate: Callable = _count

    def _rows(self, scope: Scope, period: Period) -> QuerySet | None:
        qs = self.source.in_period(scope, period)
        return None if qs is None else qs.filter(self.where)

    def total(self, scope: Scope, period: Period) -> float | None:
        qs = self._rows(scope, period)
        if qs is None:
            return None
        return _number(qs.aggregate(value=self.aggregate())["value"])

    def monthly(self, scope: Scope, period: Period) -> dict[dt.date, float | None] | None:
        qs = self._rows(scope, period)
        if qs is None:
            return None
        rows = (
            qs.annotate(month=TruncMonth(self.source.date))
            .values("month")
            .annotate(value=self.aggregate())
            .order_by()
        )
        found = {_month_key(row["month"]): _number(row["value"]) for row in rows}
        empty = 0.0 if self.aggregate is _count else None
        return {month: found.get(month, empty) for month in period.months()}

    def by(self, scope: Scope, period: Period, path: str) -> dict[str, float | None] | None:
        qs = self._rows(scope, period)
        if qs is None:
            return None
        rows = qs.values(path).annotate(value=self.aggregate()).order_by()
        return {row[path]: _number(row["value"]) for row in rows}


def _month_key(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).date().replace(day=1)
            if timezone.is_aware(value)
            else value.date()
        )
    return value.replace(day=1)


@dataclass(frozen=True)
class Total:
    """The measure itself."""

    measure: Measure

    def total(self, scope, period):
        return self.measure.total(scope, period)

    def monthly(self, scope, period):
        return self.measure.monthly(scope, period)


def _divide(numerator, denominator, scale: float) -> float | None:
    if numerator is None or denominator in (None, 0):
        return None
    return numerator * scale / denominator


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator × scale (100 for a share in per cent); None when nothing
    is there to divide by."""

    numerator: Measure
    denominator: Measure
    scale: float = 100.0

    def total(self, scope, period):
        return _divide(
            self.numerator.total(scope, period), self.denominator.total(scope, period), self.scale
        )

    def monthly(self, scope, period):
        tops = self.numerator.monthly(scope, period)
        bottoms = self.denominator.monthly(scope, period)
        if tops is None or bottoms is None:
            return None
        return {m: _divide(tops[m], bottoms[m], self.scale) for m in period.months()}


def judges_serving(scope: Scope) -> int:
    """Judges serving in the scope now (a judge counts once however many posts they hold)."""
    if scope.level == Level.JUDGE:
        return 1
    posts = CourtStaff.objects.filter(position=Position.JUDGE, is_active=True)
    if scope.level == Level.REGION:
        posts = posts.filter(court__region=scope.unit)
    elif scope.level == Level.COURT:
        posts = posts.filter(court=scope.unit)
    return posts.values("user").distinct().count()


@dataclass(frozen=True)
class PerJudge:
    """A measure divided by the number of judges serving in the scope."""

    measure: Measure

    def total(self, scope, period):
        return _divide(self.measure.total(scope, period), judges_serving(scope), 1.0)

    def monthly(self, scope, period):
        values = self.measure.monthly(scope, period)
        if values is None:
            return None
        judges = judges_serving(scope)
        return {m: _divide(v, judges, 1.0) for m, v in values.items()}


@dataclass(frozen=True)
class Custom:
    """A figure that is not a plain aggregate of one period (a stock at the period's end,
    ...): its own function, and no monthly series unless one is given."""

    compute: Callable[[Scope, Period], float | None]
    series: Callable[[Scope, Period], dict | None] | None = None

    def total(self, scope, period):
        return _number(self.compute(scope, period))

    def monthly(self, scope, period):
        return None if self.series is None else self.series(scope, period)


# --- a request for figures ---------------------------------------------------------------

MAX_YEARS = 10
MAX_CODES = 100


class QueryError(Exception):
    """A request for figures that cannot be answered: `code` is stable, the message is
    for the user, `status` is 400 (bad input) or 403 (not the user's to see)."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SituationQuery:
    indicators: tuple
    scope: Scope
    period: Period


def default_period(today: dt.date | None = None) -> Period:
    """The last twelve months, this one included."""
    today = today or timezone.localdate()
    start = today.replace(day=1)
    for _month in range(11):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return Period(start, today)


def _parse_date(raw: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise QueryError(
            "invalid_date",
            _("“%(name)s” must be a date written as YYYY-MM-DD.") % {"name": name},
        ) from None


def _years_later(day: dt.date, years: int) -> dt.date:
    if day.year + years > dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def period_parse(raw_from: str | None, raw_to: str | None) -> Period:
    default = default_period()
    start = _parse_date(raw_from, "from") if raw_from else default.start
    end = _parse_date(raw_to, "to") if raw_to else default.end
    if start > end:
        raise QueryError("reversed_range", _("The start of the period is after its end."))
    if end > _years_later(start, MAX_YEARS):
        raise QueryError(
            "range_too_long",
            _("The period may not be longer than %(years)d years.") % {"years": MAX_YEARS},
        )
    return Period(start, end)


def codes_parse(raw: str | None, *, default: tuple) -> tuple:
    from analytics.indicators import indicator_get

    codes = [code.strip() for code in (raw or "").split(",") if code.strip()]
    if not codes:
        codes = list(default)
    if len(codes) > MAX_CODES:
        raise QueryError("too_many_codes", _("Too many indicators asked for at once."))
    found, seen = [], set()
    for code in codes:
        indicator = indicator_get(code)
        if indicator is None:
            raise QueryError(
                "unknown_indicator",
                _("There is no indicator “%(code)s”.") % {"code": code[:50]},
            )
        if code not in seen:
            seen.add(code)
            found.append(indicator)
    return tuple(found)


def scope_parse(user, level: str | None, key: str | None) -> Scope:
    from django.core.exceptions import PermissionDenied

    from analytics import access

    if not access.may_use_situation_center(user):
        raise QueryError("not_allowed", _("The situation center is not open to you."), 403)
    level, key = (level or "").strip(), (key or "").strip()
    if not level and not key:
        return access.default_scope_for(user)
    if level not in Level.ALL:
        raise QueryError(
            "unknown_level",
            _("The level must be one of: %(levels)s.") % {"levels": ", ".join(Level.ALL)},
        )
    if level != Level.NATIONAL and not key:
        raise QueryError("unit_required", _("Choose a region, a court or a judge."))
    try:
        return access.situation_scope_get_for(user, level, key[:64])
    except access.UnknownUnit:
        raise QueryError("unknown_unit", _("There is no such unit at this level.")) from None
    except PermissionDenied:
        raise QueryError(
            "unit_not_allowed", _("You may not see the figures of this unit."), 403
        ) from None


def situation_query_parse(user, params, *, default_codes: tuple) -> SituationQuery:
    """Read codes, level, unit, from and to (a QueryDict or dict of strings); raises
    QueryError with a stable code for anything wrong."""
    scope = scope_parse(user, params.get("level"), params.get("unit"))
    period = period_parse(params.get("from"), params.get("to"))
    indicators = codes_parse(params.get("codes"), default=default_codes)
    return SituationQuery(indicators, scope, period)
