"""The situation center's page: choose a unit, a period and indicators; see the table, a
monthly chart of one indicator, its breakdown one level down and the category mix; download
exactly that as CSV or XLSX.

Charts are SVG drawn on the server (no script, nothing from elsewhere); each has a table
with the same numbers next to it, for screen readers and for copying.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analytics import access
from analytics.indicators import (
    DEFAULT_CODES,
    INDICATORS,
    Group,
    category_mix,
    indicator_get,
    scope_children,
)
from analytics.situation import Level, QueryError, situation_query_parse

CHART_WIDTH = 640
CHART_HEIGHT = 220
BAR_ROW = 26  # height of one bar of a horizontal chart


@dataclass(frozen=True)
class Row:
    """One line of a table and one bar of its chart."""

    label: str
    value: float | None
    text: str


def value_text(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    decimals = 0 if float(value).is_integer() else 2
    shown = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return f"{shown} %" if unit == "percent" else shown


def _params(request) -> dict:
    """The page names its unit as one `scope` value ("court:D1"), so switching the level
    never leaves a unit of another level behind; the API has `level` and `unit`."""
    params = {name: request.GET.get(name, "") for name in ("from", "to")}
    level, _sep, unit = request.GET.get("scope", "").partition(":")
    params["level"], params["unit"] = level, unit
    params["codes"] = ",".join(request.GET.getlist("codes"))
    return params


def _bars_vertical(rows: list[Row]) -> dict:
    top = max((r.value for r in rows if r.value), default=0) or 1
    step = CHART_WIDTH / max(len(rows), 1)
    # Past a year of months the labels would overlap: label every n-th bar, values in the
    # bars' tooltips and the table.
    every = -(-len(rows) // 12) or 1
    bars = []
    for index, row in enumerate(rows):
        height = (row.value or 0) / top * (CHART_HEIGHT - 40)
        bars.append(
            {
                "x": round(index * step + step * 0.15, 1),
                "y": round(CHART_HEIGHT - 20 - height, 1),
                "width": round(step * 0.7, 1),
                "height": round(height, 1),
                "label_x": round(index * step + step / 2, 1),
                "text_y": round(CHART_HEIGHT - 24 - height, 1),
                "labelled": index % every == 0,
                "row": row,
            }
        )
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_HEIGHT, "base": CHART_HEIGHT - 20}


def _bars_horizontal(rows: list[Row]) -> dict:
    top = max((r.value for r in rows if r.value), default=0) or 1
    label_width = 220
    room = CHART_WIDTH - label_width - 90
    bars = [
        {
            "y": index * BAR_ROW,
            "width": round((row.value or 0) / top * room, 1),
            "row": row,
        }
        for index, row in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * BAR_ROW,
        "label_width": label_width,
        "text_x": label_width + 6,
    }


def situation_report(query) -> dict:
    """Everything the page shows (and the exports write) for a parsed query."""
    scope, period = query.scope, query.period
    table = [
        {"indicator": i, "value": (v := i.value(scope, period)), "text": value_text(v, i.unit)}
        for i in query.indicators
    ]
    return {"table": table, "scope": scope, "period": period}


def _chart_parts(chart, scope, period) -> dict:
    series = chart.series(scope, period) or {}
    monthly = [
        Row(month.strftime("%m.%Y"), value, value_text(value, chart.unit))
        for month, value in series.items()
    ]
    breakdown = [
        Row(child.label, v := chart.value(child, period), value_text(v, chart.unit))
        for child in scope_children(scope)
    ]
    mix = [
        Row(name, count, value_text(count, "count"))
        for _c, name, count in category_mix(scope, period)
    ]
    return {"monthly": monthly, "breakdown": breakdown, "mix": mix}


def _scope_choices(user) -> list[dict]:
    groups = []
    for level in access.situation_levels_for(user):
        if level == Level.NATIONAL:
            options = [{"value": "national:", "label": str(Level.LABELS[level])}]
        else:
            options = [
                {"value": f"{level}:{s.key}", "label": s.label}
                for s in access.situation_units_for(user, level)
            ]
        groups.append({"label": str(Level.LABELS[level]), "options": options})
    return groups


def _indicator_groups(chosen: set[str]) -> list[dict]:
    groups: dict[str, list] = {}
    for indicator in INDICATORS:
        groups.setdefault(indicator.group, []).append(
            {"indicator": indicator, "checked": indicator.code in chosen}
        )
    return [{"label": Group.LABELS[g], "items": items} for g, items in groups.items()]


@login_required
@require_GET
def situation(request):
    if not access.may_use_situation_center(request.user):
        raise PermissionDenied
    params = _params(request)
    context = {"scope_choices": _scope_choices(request.user), "indicators_all": INDICATORS}
    try:
        query = situation_query_parse(request.user, params, default_codes=DEFAULT_CODES)
    except QueryError as error:
        context |= {"error": error.message, "error_code": error.code, "groups": []}
        context["groups"] = _indicator_groups(set(DEFAULT_CODES))
        return render(request, "analytics/situation.html", context, status=error.status)
    # An unknown chart code is not worth an error: the first indicator shown is charted.
    chart = indicator_get(request.GET.get("chart", "")[:64]) or query.indicators[0]
    report = situation_report(query)
    parts = _chart_parts(chart, query.scope, query.period)
    export = request.GET.get("export", "")
    if export == "csv":
        return _csv_response(report, chart, parts)
    if export == "xlsx":
        return _xlsx_response(report, chart, parts)
    query_string = request.GET.copy()
    query_string.pop("export", None)
    context |= report | parts
    context |= {
        "chart": chart,
        "groups": _indicator_groups({i.code for i in query.indicators}),
        "scope_value": f"{query.scope.level}:{query.scope.key}",
        "monthly_chart": _bars_vertical(parts["monthly"]),
        "breakdown_chart": _bars_horizontal(parts["breakdown"]),
        "mix_chart": _bars_horizontal(parts["mix"]),
        "query_string": query_string.urlencode(),
    }
    return render(request, "analytics/situation.html", context)


# --- exports: exactly what the page shows ----------------------------------------------


def _export_sections(report, chart, parts) -> list[tuple[str, list[str], list[list]]]:
    """(title, header, rows) of each block of the page, in its order."""
    scope, period = report["scope"], report["period"]
    about = [
        [_("Unit"), scope.label],
        [_("From"), period.start.isoformat()],
        [_("To"), period.end.isoformat()],
    ]
    table = [
        [r["indicator"].code, r["indicator"].name, r["value"], r["indicator"].unit_label]
        for r in report["table"]
    ]
    return [
        (_("Situation center"), [_("Parameter"), _("Value")], about),
        (_("Indicators"), [_("Code"), _("Indicator"), _("Value"), _("Unit")], table),
        (
            _("%(indicator)s by month") % {"indicator": chart.name},
            [_("Month"), _("Value")],
            [[row.label, row.value] for row in parts["monthly"]],
        ),
        (
            _("%(indicator)s by unit") % {"indicator": chart.name},
            [_("Unit"), _("Value")],
            [[row.label, row.value] for row in parts["breakdown"]],
        ),
        (
            _("Incoming cases by category"),
            [_("Category"), _("Cases")],
            [[row.label, row.value] for row in parts["mix"]],
        ),
    ]


def _filename(report, extension: str) -> str:
    scope, period = report["scope"], report["period"]
    unit = f"-{scope.key}" if scope.key else ""
    return f"situation-{scope.level}{unit}-{period.start}-{period.end}.{extension}"


def _csv_response(report, chart, parts) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, (title, header, rows) in enumerate(_export_sections(report, chart, parts)):
        if index:
            writer.writerow([])
        writer.writerow([title])
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    # A byte-order mark lets spreadsheet programs read the Cyrillic as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv")}"'
    return response


def _xlsx_response(report, chart, parts) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for index, (title, header, rows) in enumerate(_export_sections(report, chart, parts)):
        # Sheet names: at most 31 characters, none of []:*?/\ (openpyxl refuses them).
        name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "sheet"
        sheet = book.create_sheet(f"{index + 1} {name}"[:31])
        sheet.append([title])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response
