from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from analytics import services
from analytics.forms import QuestionnaireForm
from judicial_account.accounts.services import client_ip


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    form = QuestionnaireForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_rate_check(client_key=client_ip(request) or "unknown")
        except services.RateLimited:
            form.add_error(None, _("Too many answers from your address. Please try later."))
            status = 429
        else:
            services.questionnaire_submit(**form.cleaned_data)
            messages.success(request, _("Thank you: your answer was recorded anonymously."))
            return redirect("home")
    return render(request, "analytics/questionnaire.html", {"form": form}, status=status)
