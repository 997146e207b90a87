"""Pages of judicial acts for the court and the participants: the case page panel (acts,
writing a new one, the path through instances), the judge's draft, signing and issuing,
the act as issued with its PDF, and writs of execution. The public register and the
authenticity check have their own modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from acts_registry import access, drafting, selectors, services
from acts_registry.models import ActKind, ActStatus, WritOfExecution, WritStatus
from cases import access as case_access
from judicial_account.pki.models import SigningRequest


def case_panel(request, case) -> str:
    """The acts of the case on its page (registered with cases.panels)."""
    family_ids = set(case_access.visible_cases(request.user).values_list("pk", flat=True))
    may_draft = access.may_draft(request.user, case)
    return render_to_string(
        "acts_registry/case_panel.html",
        {
            "case": case,
            "acts": selectors.case_acts_for(request.user, case),
            "may_draft": may_draft,
            "kinds": [(k, ActKind(k).label) for k in drafting.kinds_for(case)] if may_draft else [],
            "path": selectors.instance_path(case, visible_case_ids=family_ids),
        },
        request=request,
    )


def _error_messages(request, error) -> None:
    if isinstance(error, ValidationError):
        for field_errors in error.message_dict.values():
            for message in field_errors:
                messages.error(request, message)
    else:
        messages.error(request, str(error.detail))


def _attempt(request, action, success: str = "", **kwargs) -> bool:
    """Run a service; its refusal becomes messages on the page, never an error page."""
    try:
        action(**kwargs)
    except (services.ActError, ValidationError) as error:
        _error_messages(request, error)
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
@require_POST
def act_new(request, case_id: int):
    case = case_access.case_get_for(request.user, case_id, need=case_access.Need.MANAGE)
    try:
        act = services.act_draft_create(
            case=case,
            judge=request.user,
            kind=request.POST.get("kind", ""),
            language=request.POST.get("language", "ru"),
        )
    except services.ActError as error:
        _error_messages(request, error)
        return redirect("cases:detail", case_id=case.pk)
    return redirect("acts:detail", act_id=act.pk)


@login_required
@require_GET
def act_detail(request, act_id: int):
    act = access.act_get_for(request.user, act_id)
    context = {"act": act}
    if act.status == ActStatus.DRAFT:
        request_ = act.signing_request
        signed = (
            request_ is not None
            and request_.status == SigningRequest.Status.SIGNED
            and request_.sha256 == services.pki_services.sha256_hex(drafting.act_document(act))
        )
        context |= {
            "outcomes": [(o, o.label) for o in drafting.OUTCOMES_BY_KIND[act.kind]],
            "problems": drafting.draft_problems(act),
            "signed": signed,
        }
        return render(request, "acts_registry/act_draft.html", context)
    writs = act.writs.select_related("requested_by")
    manage = access.may_decide_writ(request.user, act)
    context |= {
        "writs": writs if manage else writs.filter(requested_by=request.user),
        "may_decide_writ": manage,
        "may_request_writ": access.may_request_writ(request.user, act)
        and act.status in ("in_force", "changed")
        and act.outcome in services.ENFORCEABLE_OUTCOMES,
        "may_appeal": access.may_appeal(request.user, act)
        and services.review_refusal(act, "appeal") is None,
        "may_cassation": access.may_appeal(request.user, act)
        and services.review_refusal(act, "cassation") is None,
        "reviews": act.reviews.exclude(status=ActStatus.DRAFT),
    }
    return render(request, "acts_registry/act_detail.html", context)


@login_required
@require_POST
def act_save(request, act_id: int):
    act = access.draft_get_for(request.user, act_id)
    amount = request.POST.get("awarded_amount", "").strip()
    _attempt(
        request,
        services.act_draft_update,
        _("The draft is saved."),
        act=act,
        title=request.POST.get("title"),
        text=request.POST.get("text"),
        outcome=request.POST.get("outcome", ""),
        awarded_amount=amount or None,
        clear_amount=not amount,
    )
    return redirect("acts:detail", act_id=act.pk)


@login_required
@require_POST
def act_sign(request, act_id: int):
    """Freeze the draft into the document to sign and send the judge to sign it."""
    act = access.draft_get_for(request.user, act_id)
    try:
        signing = services.act_signing_request(act=act)
    except services.ActError as error:
        _error_messages(request, error)
        return redirect("acts:detail", act_id=act.pk)
    back = reverse("acts:detail", args=[act.pk])
    return redirect(f"{reverse('pki:signing_detail', args=[signing.public_id])}?next={back}")


@login_required
@require_POST
def act_issue(request, act_id: int):
    act = access.draft_get_for(request.user, act_id)
    _attempt(
        request,
        services.act_issue,
        _("The act is issued and the parties are notified."),
        act=act,
        judge=request.user,
    )
    return redirect("acts:detail", act_id=act.pk)


@login_required
@require_GET
def act_pdf(request, act_id: int):
    """The issued PDF, with the full text: for those who may read the case only."""
    act = access.act_get_for(request.user, act_id)
    if act.status == ActStatus.DRAFT or not act.pdf:
        raise Http404
    return FileResponse(
        act.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"act-{act.verification_code}.pdf",
    )


@login_required
@require_POST
def writ_request(request, act_id: int):
    act = access.act_get_for(request.user, act_id)
    _attempt(
        request,
        services.writ_request,
        _("Your request for a writ of execution is sent to the court."),
        act=act,
        user=request.user,
    )
    return redirect("acts:detail", act_id=act.pk)


@login_required
@require_POST
def writ_decide(request, writ_id: int):
    writ = WritOfExecution.objects.filter(pk=writ_id, status=WritStatus.REQUESTED).first()
    if writ is None:
        raise Http404
    act = access.act_get_for(request.user, writ.act_id)
    _attempt(
        request,
        services.writ_decide,
        writ=writ,
        user=request.user,
        issue=request.POST.get("decision") == "issue",
        reason=request.POST.get("reason", ""),
    )
    return redirect("acts:detail", act_id=act.pk)
