"""The judge's planner page (/analytics/planner/): the judge's own; a chairman picks a
judge of their court with ?judge=<id>. ?month=YYYY-MM turns the calendar."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from analytics import access
from analytics.planner import planner_for


def _month_parse(raw: str) -> dt.date | None:
    """`raw` as the first day of a month (YYYY-MM), or None if it is not one."""
    try:
        year, month = raw.split("-")
        if len(year) != 4 or len(month) != 2 or not 1990 <= int(year) <= 2100:
            return None
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return None


def _neighbour_months(month: dt.date) -> tuple[str, str]:
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return previous.strftime("%Y-%m"), following.strftime("%Y-%m")


@login_required
@require_GET
def planner(request):
    if not access.may_use_planner(request.user):
        raise PermissionDenied
    judge = access.planner_judge_get_for(request.user, request.GET.get("judge", "")[:20])
    today = timezone.localdate()
    raw_month = request.GET.get("month", "")
    month = _month_parse(raw_month) if raw_month else today.replace(day=1)
    status = 200
    error = ""
    if month is None:
        error = _("The month must be written as YYYY-MM, for example 2025-03.")
        month, status = today.replace(day=1), 400
    data = planner_for(judge=judge, month=month, today=today)
    previous_month, next_month = _neighbour_months(data.month)
    context = {
        "planner": data,
        "judge": judge,
        "judges": access.planner_judges_for(request.user),
        "error": error,
        "previous_month": previous_month,
        "next_month": next_month,
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
    }
    return render(request, "analytics/planner.html", context, status=status)
