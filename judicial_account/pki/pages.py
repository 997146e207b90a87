"""Pages of the "sign a document" tool: upload, sign in the browser, download the
signature, verify it again."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from judicial_account.pki import access, services
from judicial_account.pki.forms import SigningUploadForm
from judicial_account.pki.pades import portal_detached_cms
from judicial_account.pki.verify import decode_cms


@login_required
@require_http_methods(["GET", "POST"])
def signing_list(request):
    form = SigningUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.signing_request_create(
                owner=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("pki:signing_detail", public_id=created.public_id)
    documents = access.signing_requests_visible(request.user).select_related("signature")[:50]
    return render(request, "pki/signing_list.html", {"form": form, "documents": documents})


@login_required
def signing_detail(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    return render(request, "pki/signing_detail.html", {"document": document})


@login_required
def signing_file(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file_name)


@login_required
@require_POST
def signing_sign(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    cms_der = decode_cms(request.POST.get("cms", ""))
    try:
        if not cms_der:
            raise services.SigningRefused("malformed")
        services.signing_request_sign(
            request=document, cms_der=cms_der, user=request.user, channel="browser"
        )
    except services.SigningRefused as refusal:
        messages.error(request, refusal.message)
        return render(request, "pki/signing_detail.html", {"document": document}, status=400)
    messages.success(request, _("The document is signed."))
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("pki:signing_detail", public_id=document.public_id)


@login_required
def signing_signature(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    if document.signature is None:
        return HttpResponse(status=404)
    response = HttpResponse(
        bytes(document.signature.cms), content_type="application/pkcs7-signature"
    )
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}.p7s"'
    return response


@login_required
@require_POST
def signing_reverify(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    if document.signature is not None:
        services.signature_reverify(
            record=document.signature,
            content=services.signing_request_content(document),
            acting_user=request.user,
        )
        messages.info(request, _("The signature was verified again."))
    return redirect("pki:signing_detail", public_id=document.public_id)


@login_required
def signing_receipt(request, public_id):
    document = access.signing_request_get_for(request.user, public_id)
    if not document.receipt:
        raise Http404
    return FileResponse(
        document.receipt.open("rb"),
        content_type="application/pdf",
        filename=f"receipt-{document.public_id}.pdf",
    )


@login_required
def signing_portal_cms(request, public_id):
    """The portal's own detached signature (its seal) over the stored document: proof of
    exactly which bytes the portal holds."""
    document = access.signing_request_get_for(request.user, public_id)
    cms_der = portal_detached_cms(services.signing_request_content(document))
    response = HttpResponse(cms_der, content_type="application/pkcs7-signature")
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}.portal.p7s"'
    return response
