"""The claim wizard: one page per draft, in sections that fill in step by step, then
sign (in the browser or by phone), pay the state fee and submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from filings import access, services
from filings.attachments import AttachmentRefused
from filings.fees import FeeUnknown
from filings.forms import AttachmentForm, ClaimForm, CourtForm, PartyForm
from filings.models import FilingStatus


def _errors_to_messages(request, error: ValidationError) -> None:
    for errors in error.message_dict.values() if hasattr(error, "error_dict") else [error.messages]:
        for message in errors:
            messages.error(request, message)


def _back(filing, anchor: str):
    return redirect(reverse("filings:detail", args=[filing.public_id]) + f"#{anchor}")


@login_required
@require_GET
def filing_list(request):
    filings = access.filings_visible(request.user).select_related("court", "case")[:100]
    return render(request, "filings/filing_list.html", {"filings": filings})


@login_required
@require_POST
def filing_new(request):
    filing = services.filing_draft_create(
        author=request.user, idempotency_key=request.POST.get("idempotency_key", "")
    )
    return redirect("filings:detail", public_id=filing.public_id)


@login_required
@require_POST
def filing_new_in_case(request, case_id: int):
    """Start a document (response, petition, ...) into a case the user may file in."""
    from cases import access as case_access
    from filings.models import REVIEW_KINDS, FilingKind

    case = case_access.case_get_for(request.user, case_id, need=case_access.Need.FILE)
    kind = request.POST.get("kind", "")
    if kind not in FilingKind.values or kind == FilingKind.CLAIM or kind in REVIEW_KINDS:
        messages.error(request, _("Choose what you are filing."))
        return redirect("cases:detail", case_id=case.pk)
    filing = services.filing_draft_create(author=request.user, kind=kind, case=case)
    return redirect("filings:detail", public_id=filing.public_id)


@login_required
@require_POST
def filing_new_review(request, act_id: int):
    """Start an appeal or a cassation petition against an act the user may read."""
    from acts_registry.access import act_get_for
    from filings.reviews import review_filing_create

    act = act_get_for(request.user, act_id)
    try:
        filing = review_filing_create(
            author=request.user, act=act, kind=request.POST.get("kind", "")
        )
    except services.FilingError as error:
        messages.error(request, str(error.detail))
        return redirect("acts:detail", act_id=act.pk)
    return redirect("filings:detail", public_id=filing.public_id)


@login_required
@require_GET
def filing_detail(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    fee = fee_error = None
    if filing.category is not None or filing.case is not None:
        try:
            fee = services.filing_fee(filing)
        except FeeUnknown:
            fee_error = _(
                "The fee for this filing cannot be computed automatically; the "
                "court will tell you the amount."
            )
    invoice = checkout_url = None
    if filing.status == FilingStatus.AWAITING_PAYMENT:
        from judicial_account.payments.services import invoice_checkout_url

        invoice = services.filing_invoice(filing=filing)
        checkout_url = invoice_checkout_url(invoice)
    context = {
        "filing": filing,
        "court_form": CourtForm(
            initial={
                "court": filing.court,
                "category": filing.category,
                "simplified": filing.simplified,
            }
        ),
        "party_form": PartyForm(),
        "claim_form": ClaimForm(
            initial={"subject": filing.subject, "amount": filing.amount, "text": filing.text}
        ),
        "attachment_form": AttachmentForm(),
        "parties": filing.parties.all(),
        "attachments": filing.attachments.all(),
        "problems": services.filing_problems(filing),
        "fee": fee,
        "fee_error": fee_error,
        "signed": services._signed(filing),
        "invoice": invoice,
        "checkout_url": checkout_url,
    }
    return render(request, "filings/filing_detail.html", context)


def _form_invalid(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def _attempt(request, action, **kwargs) -> bool:
    """Run a service for a wizard step; whatever it refuses becomes a message on the page
    (the draft is left as it was). True when it succeeded."""
    try:
        action(**kwargs)
    except ValidationError as error:
        _errors_to_messages(request, error)
    except services.FilingError as error:
        messages.error(request, str(error.detail))
    except AttachmentRefused as refusal:
        upload = kwargs.get("upload")
        messages.error(request, f"{upload.name}: {refusal.message}" if upload else refusal.message)
    else:
        return True
    return False


@login_required
@require_POST
def filing_court(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    form = CourtForm(request.POST)
    if not form.is_valid():
        _form_invalid(request, form)
        return _back(filing, "court")
    _attempt(request, services.filing_update, filing=filing, **form.cleaned_data)
    return _back(filing, "parties")


@login_required
@require_POST
def filing_party_add(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    form = PartyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        identifier = data["identifier"].strip()
        _attempt(
            request,
            services.filing_party_add,
            filing=filing,
            role=data["role"],
            iin=identifier if data["kind"] == "iin" else "",
            bin_=identifier if data["kind"] == "bin" else "",
            name=data["name"],
            address=data["address"],
        )
    else:
        _form_invalid(request, form)
    return _back(filing, "parties")


@login_required
@require_POST
def filing_party_remove(request, public_id, party_id: int):
    filing = access.filing_get_for(request.user, public_id)
    _attempt(request, services.filing_party_remove, filing=filing, party_id=party_id)
    return _back(filing, "parties")


@login_required
@require_POST
def filing_claim(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        _form_invalid(request, form)
        return _back(filing, "claim")
    data = form.cleaned_data
    _attempt(
        request,
        services.filing_update,
        filing=filing,
        subject=data["subject"],
        text=data["text"],
        amount=data["amount"],
        clear_amount=data["amount"] is None,
    )
    return _back(filing, "attachments")


@login_required
@require_POST
def filing_attachment_add(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _attempt(
            request, services.filing_attachment_add, filing=filing, upload=form.cleaned_data["file"]
        )
    else:
        _form_invalid(request, form)
    return _back(filing, "attachments")


@login_required
@require_POST
def filing_attachment_remove(request, public_id, attachment_id: int):
    filing = access.filing_get_for(request.user, public_id)
    _attempt(request, services.filing_attachment_remove, filing=filing, attachment_id=attachment_id)
    return _back(filing, "attachments")


@login_required
@require_POST
def filing_sign(request, public_id):
    """Prepare the manifest and send the person to sign it (in the browser or by phone);
    the signing page brings them back here."""
    filing = access.filing_get_for(request.user, public_id)
    try:
        signing = services.filing_signing_request(filing=filing)
    except services.FilingError as error:
        messages.error(request, str(error.detail))
        return _back(filing, "submit")
    back = reverse("filings:detail", args=[filing.public_id])
    return redirect(reverse("pki:signing_detail", args=[signing.public_id]) + f"?next={back}")


@login_required
@require_POST
def filing_submit(request, public_id):
    filing = access.filing_get_for(request.user, public_id)
    try:
        filing = services.filing_submit(filing=filing, acting_user=request.user)
    except services.FilingError as error:
        messages.error(request, str(error.detail))
        return _back(filing, "submit")
    except FeeUnknown:
        messages.error(
            request,
            _(
                "The fee for this filing cannot be computed automatically; "
                "contact the court's office."
            ),
        )
        return _back(filing, "submit")
    if filing.status == FilingStatus.AWAITING_PAYMENT:
        from judicial_account.payments.services import invoice_checkout_url

        return redirect(invoice_checkout_url(services.filing_invoice(filing=filing)))
    messages.success(request, _("The claim is submitted. The court checks it now."))
    return redirect("filings:detail", public_id=filing.public_id)
