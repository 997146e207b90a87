from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from judicial_account.accounts import eds, services
from judicial_account.accounts.forms import LoginForm, OtpForm, RegistrationForm
from judicial_account.accounts.models import User
from judicial_account.audit.actions import AuditAction
from judicial_account.audit.services import audit_record

PENDING_OTP_KEY = "login_pending_otp_user"
NEXT_KEY = "login_next"


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:profile")


def _finish_login(request, user: User, device) -> object:
    target = request.session.pop(NEXT_KEY, None) or reverse("accounts:profile")
    services.login_web(request, user=user, device=device)
    response = redirect(target)
    # The user's language follows them to a new device.
    from django.conf import settings

    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = services.client_ip(request)
        try:
            user = services.login_check_password(
                iin=form.cleaned_data["iin"], password=form.cleaned_data["password"], ip=ip
            )
        except services.LoginError as error:
            form.add_error(None, error.message)
        else:
            response = _after_first_factor(request, user, form)
            if response is not None:
                return response
    return render(request, "accounts/login.html", {"form": form})


def _after_first_factor(request, user: User, form):
    """Password or EDS passed: log in, or ask staff for their one-time code."""
    request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
    if not user.requires_otp:
        return _finish_login(request, user, None)
    if services.otp_device_for(user) is None:
        form.add_error(None, services.LoginError("otp_not_configured").message)
        return None
    request.session[PENDING_OTP_KEY] = user.pk
    return redirect("accounts:login_otp")


@require_POST
def login_eds_view(request):
    """The login page's EDS form: a challenge signed in the browser with the AUTH key."""
    form = LoginForm()
    eds_errors = []
    nonce, cms = request.POST.get("nonce", ""), request.POST.get("cms", "")
    try:
        user = eds.login_check_eds(nonce=nonce, cms_b64=cms, ip=services.client_ip(request))
    except services.LoginError as error:
        eds_errors.append(error.message)
    else:
        response = _after_first_factor(request, user, form)
        if response is not None:
            return response
        eds_errors.extend(form.non_field_errors())
    return render(
        request,
        "accounts/login.html",
        {"form": LoginForm(), "eds_errors": eds_errors},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def login_otp_view(request):
    user_id = request.session.get(PENDING_OTP_KEY)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.login_check_otp(
                user=user, token=form.cleaned_data["token"], ip=services.client_ip(request)
            )
        except services.LoginError as error:
            if error.code == "locked":
                request.session.pop(PENDING_OTP_KEY, None)
                messages.error(request, error.message)
                return redirect("accounts:login")
            form.add_error("token", error.message)
        else:
            request.session.pop(PENDING_OTP_KEY, None)
            return _finish_login(request, user, device)
    return render(request, "accounts/login_otp.html", {"form": form, "pending": user})


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit_record(request.user, AuditAction.LOGOUT, ip=services.client_ip(request))
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("home")


@require_http_methods(["GET", "POST"])
def register_view(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(
        request.POST or None, initial={"language": (request.LANGUAGE_CODE or "ru")[:2]}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                iin=data["iin"],
                password=data["password1"],
                phone=data["phone"],
                email=data["email"],
                language=data["language"],
                ip=services.client_ip(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            from notifications.services import notify

            notify(
                recipient=user,
                kind="account.welcome",
                title=gettext_lazy("Welcome to the Judicial Account"),
                body=gettext_lazy(
                    "Your account is ready. Court notices will reach you here and by SMS "
                    "to %(phone)s."
                ),
                params={"phone": user.phone},
                idempotency_key=f"welcome:{user.pk}",
            )
            services.login_web(request, user=user, device=None)
            messages.success(request, _("Your account is registered."))
            return redirect("accounts:profile")
    return render(request, "accounts/register.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = "password1" if field == "password" else field
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def profile_view(request):
    user = request.user
    context = {
        "offices": user.offices.select_related("entity"),
        "posts": user.court_posts.select_related("court").filter(is_active=True),
        "has_otp": services.otp_device_for(user) is not None,
    }
    return render(request, "accounts/profile.html", context)
