from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from judicial_account.accounts.services import client_ip, user_language_set
from notifications import selectors, services
from notifications.forms import PreferenceForm
from notifications.models import Preference


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notification_list_for(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, notification_id: int):
    notification = selectors.notification_get_for(
        user=request.user, notification_id=notification_id
    )
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification)
    if notification.link:
        return redirect(notification.link)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(recipient=request.user)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def notification_preferences(request):
    """How court notices reach me besides the portal: SMS, e-mail, and their language."""
    preference, _created = Preference.objects.get_or_create(user=request.user)
    form = PreferenceForm(
        request.POST or None,
        initial={
            "sms": preference.sms,
            "email": preference.email,
            "digest": preference.digest,
            "language": request.user.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        preference.sms = form.cleaned_data["sms"]
        preference.email = form.cleaned_data["email"]
        preference.digest = form.cleaned_data["digest"]
        preference.save(update_fields=["sms", "email", "digest"])
        user_language_set(
            user=request.user, language=form.cleaned_data["language"], ip=client_ip(request)
        )
        messages.success(request, _("Saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
