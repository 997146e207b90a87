import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

logger = logging.getLogger(__name__)

# What the public can do without logging in, and what a participant can do after it.
# `url_name` is None for services whose pages arrive with later work; the home page says
# so instead of linking to an empty page.
PUBLIC_SERVICES = [
    {
        "title": _("Register of judicial acts"),
        "text": _("Search decisions that have entered into legal force in open cases."),
        "url_name": "register:search",
    },
    {
        "title": _("Verify a judicial act"),
        "text": _("Check by its code, QR code or PDF that an act is authentic."),
        "url_name": None,
    },
    {
        "title": _("Find a case"),
        "text": _("Follow a case under consideration: court, status and next hearing."),
        "url_name": "find_case",
    },
    {
        "title": _("Personal appointment"),
        "text": _("Book a time to see a judge or court official."),
        "url_name": "hearings:appointments",
    },
    {
        "title": _("Evaluation questionnaire"),
        "text": _("Tell us, anonymously, what works and what should be improved."),
        "url_name": "analytics:questionnaire",
    },
]


@require_GET
def home(request):
    return render(request, "home.html", {"public_services": PUBLIC_SERVICES})


@require_POST
def language_set(request):
    """Switch the interface language; remember it in a cookie and, for a logged-in user,
    in their account, so notices and their other devices follow."""
    language = request.POST.get("language", "")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return response
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    if request.user.is_authenticated:
        from judicial_account.accounts.services import client_ip, user_language_set

        user_language_set(user=request.user, language=language, ip=client_ip(request))
    return response


def _database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down", and is logged
        logger.warning("healthz.database_down", exc_info=True)
        return False


def _redis_up() -> bool:
    try:
        client = cache._cache.get_client(write=True)  # the cache's own Redis connection
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        logger.warning("healthz.redis_down", exc_info=True)
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "up" if _database_up() else "down",
        "redis": "up" if _redis_up() else "down",
    }
    ok = all(v == "up" for v in checks.values())
    return JsonResponse({"status": "ok" if ok else "degraded", **checks}, status=200 if ok else 503)


def error_404(request, exception):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def error_400(request, exception):
    return render(request, "errors/400.html", status=400)


def error_403(request, exception):
    return render(request, "errors/403.html", status=403)
