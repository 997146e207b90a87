"""Pages of the similar-case search: for a text anyone types (a claim being drafted), and for
a case (linked from the case page's panel). Who sees which acts is decided in
analytics.access / analytics.similar, exactly as for the API."""

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from analytics import access, ai_log, embeddings
from analytics.similar import DEFAULT_K, MAX_K, MIN_K, SimilarFilters, similar_acts
from judicial_account.accounts.services import client_ip

# Pages embed text on the CPU like the API does; the same budget per person per minute.
PAGE_LIMIT_PER_MINUTE = 20


class SimilarForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Describe the claim"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    k = forms.IntegerField(
        label=gettext_lazy("How many acts"), min_value=MIN_K, max_value=MAX_K, initial=DEFAULT_K
    )
    category = forms.CharField(label=gettext_lazy("Category code"), required=False, max_length=64)
    court = forms.CharField(label=gettext_lazy("Court code"), required=False, max_length=64)
    date_from = forms.DateField(label=gettext_lazy("Acts from"), required=False)
    date_to = forms.DateField(label=gettext_lazy("Acts up to"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The period ends before it starts."))
        return data

    def filters(self) -> SimilarFilters:
        data = self.cleaned_data
        return SimilarFilters(
            category=data.get("category", ""),
            court=data.get("court", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


def _rate_ok(request) -> bool:
    who = f"user:{request.user.pk}" if request.user.is_authenticated else client_ip(request)
    key = f"analytics-similar-page:{who or 'unknown'}"
    cache.add(key, 0, timeout=60)
    return cache.incr(key) <= PAGE_LIMIT_PER_MINUTE


def _answer(request, form, *, text=None, case=None):
    """Run the search for a valid form; (matches, interaction) or (None, None) with the
    reason added to the form."""
    if not _rate_ok(request):
        form.add_error(None, _("Too many searches. Please wait a minute."))
        return None, None
    matches = similar_acts(
        user=request.user, text=text, case=case, k=form.cleaned_data["k"], filters=form.filters()
    )
    interaction = ai_log.record(
        kind="similar",
        user=request.user,
        case=case,
        input_text={"text": text or "", "case": case.pk if case else None, **form.data.dict()},
        model_name=embeddings.MODEL_NAME,
        model_version=embeddings.MODEL_VERSION,
        output={"acts": [[m.act_id, m.score] for m in matches]},
    )
    return matches, interaction


@require_http_methods(["GET", "POST"])
def similar_page(request):
    """Similar acts for a text: anyone, on what they may read."""
    form = SimilarForm(request.POST or None, initial={"k": DEFAULT_K})
    matches = interaction = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            text = embeddings.text_check(form.cleaned_data["text"])
        except embeddings.TextRejected as problem:
            form.add_error("text", problem.message)
        else:
            matches, interaction = _answer(request, form, text=text)
    if request.method == "POST" and form.errors:
        status = 429 if form.non_field_errors() else 400
    return render(
        request,
        "analytics/similar.html",
        {"form": form, "matches": matches, "interaction": interaction, "case": None},
        status=status,
    )


@require_http_methods(["GET"])
def similar_case_page(request, case_id: int):
    """Similar acts for a case: whoever may read the case."""
    case = access.similar_case_get_for(request.user, case_id)
    data = request.GET.copy()
    data.setdefault("k", str(DEFAULT_K))
    form = SimilarForm(data)
    matches = interaction = None
    status = 200
    if form.is_valid():
        matches, interaction = _answer(request, form, case=case)
    if form.errors:
        status = 429 if form.non_field_errors() else 400
    return render(
        request,
        "analytics/similar.html",
        {"form": form, "matches": matches, "interaction": interaction, "case": case},
        status=status,
    )


@require_POST
def answer_wrong(request, interaction_id: int):
    """'This answer is wrong' from the results page; back to where the user was."""
    return mark_wrong_and_return(
        request,
        interaction_id,
        message=_("Thank you: the answer was marked wrong."),
        case_page="analytics_web:similar_case",
        page="analytics_web:similar",
    )


def mark_wrong_and_return(request, interaction_id: int, *, message, case_page, page):
    """Record "this answer is wrong" (with the user's note) from a results page, and go back
    to it: the case's page when the answer was about a case."""
    interaction = access.interaction_get_for_feedback(request.user, interaction_id)
    ai_log.mark_wrong(
        interaction=interaction,
        user=request.user,
        feedback=request.POST.get("feedback", "")[: ai_log.FEEDBACK_MAX_CHARS],
    )
    messages.success(request, message)
    if interaction.case_id:
        return redirect(case_page, case_id=interaction.case_id)
    return redirect(page)


def case_panel(request, case) -> str:
    """A link to the similar cases from the case page (registered with cases.panels). The
    search itself runs on its own page, so the case page does not wait for the model."""
    return render_to_string("analytics/similar_panel.html", {"case": case}, request=request)
