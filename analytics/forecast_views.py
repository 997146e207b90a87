"""Pages of the outcome forecast (for a text, for a case) and of the non-standard decision
flags. Who may see what is decided in analytics.access, exactly as for the API."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from analytics import access, embeddings
from analytics.artifacts import BadModelName, UnknownModel
from analytics.case_law_views import _rate_ok, mark_wrong_and_return
from analytics.forecast import forecast
from analytics.nonstandard import flag_as_dict


class ForecastForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Describe the case: the claim, the facts, the arguments"),
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _forecast_or_error(request, **kwargs):
    """(forecast, None) or (None, a message) with the status to answer."""
    if not _rate_ok(request):
        return None, _("Too many requests. Please wait a minute."), 429
    try:
        return forecast(user=request.user, **kwargs), None, 200
    except (UnknownModel, BadModelName):
        return None, _("No forecast model has been trained yet."), 503


@login_required
@require_http_methods(["GET", "POST"])
def forecast_page(request):
    form = ForecastForm(request.POST or None)
    result = error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            text = embeddings.text_check(form.cleaned_data["text"])
        except embeddings.TextRejected as problem:
            form.add_error("text", problem.message)
            status = 400
        else:
            result, error, status = _forecast_or_error(request, text=text)
    return render(
        request,
        "analytics/forecast.html",
        {"form": form, "forecast": result, "error": error, "case": None},
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def forecast_case_page(request, case_id: int):
    case = access.forecast_case_get_for(request.user, case_id)
    result, error, status = _forecast_or_error(request, case=case)
    return render(
        request,
        "analytics/forecast.html",
        {"form": None, "forecast": result, "error": error, "case": case},
        status=status,
    )


@require_POST
def forecast_answer_wrong(request, interaction_id: int):
    """'This forecast is wrong', with a note; back to the forecast."""
    return mark_wrong_and_return(
        request,
        interaction_id,
        message=_("Thank you: the forecast was marked wrong."),
        case_page="analytics_web:forecast_case",
        page="analytics_web:forecast",
    )


@login_required
@require_http_methods(["GET"])
def nonstandard_page(request):
    if not access.may_review_nonstandard(request.user):
        raise PermissionDenied
    flags = [flag_as_dict(flag) for flag in access.nonstandard_flags_for(request.user)[:200]]
    return render(request, "analytics/nonstandard.html", {"flags": flags})


def case_panel(request, case) -> str:
    """A link to the case's forecast from the case page (registered with cases.panels); the
    forecast runs on its own page so the case page does not wait for the model."""
    return render_to_string("analytics/forecast_panel.html", {"case": case}, request=request)
