"""Pages and endpoints of QR login and QR signing: the desktop's side (show a code, wait,
finish) and the phone's side (see what is asked, approve or sign)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from judicial_account.accounts import qr, services
from judicial_account.accounts.forms import LoginForm
from judicial_account.accounts.models import QrApproval
from judicial_account.pki import access as pki_access
from judicial_account.pki import services as pki_services
from judicial_account.pki.verify import decode_cms


def _code_json(approval: QrApproval) -> JsonResponse:
    url = qr.qr_url(approval)
    return JsonResponse(
        {
            "token": approval.token,
            "url": url,
            "svg": qr.qr_svg(url),
            "expires_in": int((approval.expires_at - approval.created_at).total_seconds()),
        }
    )


@require_POST
def qr_login_new(request):
    """Desktop: a fresh login code for this browser session."""
    return _code_json(qr.qr_approval_create(request, kind=QrApproval.Kind.LOGIN))


@require_POST
def qr_login_complete(request):
    """Desktop: the phone approved; open the session here (staff still give their code)."""
    from judicial_account.accounts.views import _after_first_factor

    try:
        user = qr.qr_login_complete(
            token=request.POST.get("token", ""), session_key=request.session.session_key or ""
        )
    except qr.QrError as error:
        messages.error(request, error.message)
        return redirect("accounts:login")
    form = LoginForm()
    response = _after_first_factor(request, user, form)
    if response is not None:
        return response
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("accounts:login")


@login_required
@require_POST
def qr_sign_new(request, public_id):
    """Desktop: a code to sign this document from the phone."""
    document = pki_access.signing_request_get_for(request.user, public_id)
    if document.signature_id:
        return JsonResponse({"detail": _("This document is already signed.")}, status=409)
    return _code_json(
        qr.qr_approval_create(request, kind=QrApproval.Kind.SIGN, signing_request=document)
    )


def _pending_for_phone(token: str, user) -> QrApproval:
    approval = qr.qr_approval_pending(token)
    if approval.kind == QrApproval.Kind.SIGN and approval.owner_id != user.pk:
        raise qr.QrError("not_yours")
    return approval


@login_required
def qr_phone(request, token):
    """Phone: what the code asks for, in words, before anything is approved."""
    try:
        approval = _pending_for_phone(token, request.user)
    except qr.QrError as error:
        return render(request, "accounts/qr_phone.html", {"error": error.message}, status=410)
    return render(request, "accounts/qr_phone.html", {"approval": approval})


@login_required
@require_POST
def qr_phone_approve(request, token):
    try:
        qr.qr_login_approve(token=token, user=request.user, ip=services.client_ip(request))
    except qr.QrError as error:
        return render(request, "accounts/qr_phone.html", {"error": error.message}, status=410)
    done = _("Approved: the other device is logging in.")
    return render(request, "accounts/qr_phone.html", {"done": done})


@login_required
def qr_phone_document(request, token):
    """Phone: the exact bytes to sign (the owner's document only)."""
    try:
        approval = _pending_for_phone(token, request.user)
    except qr.QrError as error:
        raise Http404 from error
    if approval.signing_request is None:
        raise Http404
    from django.http import FileResponse

    return FileResponse(
        approval.signing_request.file.open("rb"), content_type="application/octet-stream"
    )


@login_required
@require_POST
def qr_phone_sign(request, token):
    cms_der = decode_cms(request.POST.get("cms", ""))
    try:
        if not cms_der:
            raise pki_services.SigningRefused("malformed")
        qr.qr_sign(token=token, user=request.user, cms_der=cms_der)
    except qr.QrError as error:
        return render(request, "accounts/qr_phone.html", {"error": error.message}, status=410)
    except pki_services.SigningRefused as refusal:
        approval = qr.QrApproval.objects.filter(token=token[:64]).first()
        return render(
            request,
            "accounts/qr_phone.html",
            {"approval": approval, "error": refusal.message},
            status=400,
        )
    done = _("Signed: the document on the other device now carries your signature.")
    return render(request, "accounts/qr_phone.html", {"done": done})


@login_required
def qr_signing_status(request, public_id):
    """Desktop: the signature line of a document, for the page to swap in when the
    phone has signed."""
    document = pki_access.signing_request_get_for(request.user, public_id)
    return render(request, "pki/signing_status_fragment.html", {"document": document})
