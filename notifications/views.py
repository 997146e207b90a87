from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from notifications import selectors, services


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
