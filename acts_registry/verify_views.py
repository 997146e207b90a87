"""Pages of the public authenticity check. Anyone may use them: they show only what the
act's code already identifies (court, number, date, kind, status, hashes) and offer the
depersonalised copy of a published act; the issued PDF is never served here."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acts_registry import verification
from acts_registry.register_views import public_pdf_response
from judicial_account.accounts.services import client_ip

_CODE_SHAPE = verification.CODE_SHAPE


def _unknown(request, code: str = ""):
    return render(request, "acts_registry/verify_unknown.html", {"code": code}, status=404)


@require_GET
def verify_home(request):
    """The form: a code (as printed under the QR code), or a PDF to upload. A code
    submitted here goes to its stable address, /verify/<code>/."""
    if "code" not in request.GET:
        return render(request, "acts_registry/verify.html", {})
    code = verification.code_normalise(request.GET["code"])
    if _CODE_SHAPE.fullmatch(code):
        return redirect("verify:act", code=code)
    error = _("Enter the verification code printed under the QR code of the act.")
    return render(
        request,
        "acts_registry/verify.html",
        {"code": request.GET["code"][:100], "code_error": error},
        status=400,
    )


@require_GET
def verify_act(request, code: str):
    normalised = verification.code_normalise(code)
    if normalised != code and _CODE_SHAPE.fullmatch(normalised):
        return redirect("verify:act", code=normalised)
    act = verification.act_by_code(code)
    if act is None:
        return _unknown(request, code[:100])
    return render(
        request,
        "acts_registry/verify_act.html",
        {"act": act, "public_pdf": _public_pdf_offered(act)},
    )


def _public_pdf_offered(act) -> bool:
    # Only a published act has a copy for everyone, and only its depersonalised text.
    return act.is_published and bool(act.text_public)


@require_GET
def verify_public_pdf(request, code: str):
    act = verification.act_by_code(code)
    if act is None or not _public_pdf_offered(act):
        return _unknown(request, code[:100])
    return public_pdf_response(act)


@require_POST
def verify_upload(request):
    """Check an uploaded PDF and show the answer (rate-limited per client address)."""
    if not verification.upload_rate_check(client_key=client_ip(request) or "unknown"):
        return render(
            request,
            "acts_registry/verify.html",
            {"upload_error": _("Too many files checked from your address. Try again later.")},
            status=429,
        )
    upload = request.FILES.get("file")
    check = verification.upload_check(upload)
    if check.is_bad_input:
        return render(
            request, "acts_registry/verify.html", {"upload_error": check.message}, status=400
        )
    return render(
        request,
        "acts_registry/verify_result.html",
        {
            "check": check,
            "act": check.act,
            "public_pdf": check.act is not None and _public_pdf_offered(check.act),
            "file_name": upload.name[:200],
        },
    )
